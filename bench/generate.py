"""Benchmark of ``clawsim generate``; prints one JSON object.

    python bench/generate.py [--envs 2000] [--workers 2] [--seed 0] [--out DIR]

A generation run from scratch into a fresh folder (the template cache of worlds is left as it is; pass
``--cold`` to build every world anew). Keys: ``envs``, ``seconds``, ``verified_rate`` (verified / proved
candidates), ``worlds``, ``workers``, ``envs_per_minute`` and ``drop_rate`` per template.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.generate.run import generate


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--envs", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--cold", action="store_true", help="Build every world anew (a fresh template cache)."
    )
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="clawsim-bench-generate-"))
    shutil.rmtree(out / ".work", ignore_errors=True)
    if args.cold:
        os.environ["CLAWSIM_CACHE_DIR"] = tempfile.mkdtemp(prefix="clawsim-bench-cache-")
    report = generate(envs=args.envs, seed=args.seed, out=out, workers=args.workers).as_json()
    drop_rate = {
        name: round(entry["dropped"] / entry["made"], 3) if entry["made"] else None
        for name, entry in report["by_template"].items()
    }
    print(
        json.dumps(
            {
                "envs": report["envs"],
                "seconds": report["seconds"],
                "verified_rate": report["verified_rate"],
                "worlds": report["worlds"],
                "workers": args.workers,
                "envs_per_minute": round(report["envs"] / report["seconds"] * 60, 1),
                "drop_rate": drop_rate,
                "out": str(out),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
