"""Golden files: output people read is compared to checked-in text, regenerated on purpose with
``CLAWSIM_REGENERATE_GOLDEN=1 pytest ...``."""

from __future__ import annotations

import os
from pathlib import Path


def assert_golden(path: Path, actual: str) -> None:
    if os.environ.get("CLAWSIM_REGENERATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8") if path.exists() else None
    assert expected is not None, f"no golden file {path}; create it with CLAWSIM_REGENERATE_GOLDEN=1"
    assert actual == expected, (
        f"output differs from {path}; regenerate with CLAWSIM_REGENERATE_GOLDEN=1 if intended"
    )
