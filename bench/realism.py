"""How real the worlds read: the audit of every shipped persona and a seeded sample of generated ones,
with each world's build time; prints one JSON object.

    python bench/realism.py [--generated 10] [--seed 13]

Per persona: ``build_s`` (history generated and replayed, no cache), ``ok`` (every target met) and each
measure's value and whether it meets its target (``clawsim world audit`` shows the same figures).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures.audit.sample import audit_persona, sample_personas


async def _main(generated: int, seed: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for persona in sample_personas(generated, seed):
        found = await audit_persona(persona)
        out[persona.id] = {
            "archetype": persona.archetype,
            "build_s": round(found.build_s, 2),
            "ok": found.audit.ok,
            "measures": {
                m.key: {"value": round(m.value, 4) if isinstance(m.value, float) else m.value, "ok": m.ok}
                for m in found.audit.measures
            },
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--generated", type=int, default=10)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    print(json.dumps(anyio.run(_main, args.generated, args.seed), indent=2))


if __name__ == "__main__":
    main()
