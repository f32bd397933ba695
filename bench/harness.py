"""Benchmark of the harness; prints one JSON object.

    python bench/harness.py [--runs 30] [--tasks all]

Keys: ``episode_overhead_ms`` (median of a fresh episode + its setup and faults + grading a noop
trial, with the template already built), ``suite_oracle_s`` (``{"1": s, "4": s}``: the whole selected
suite played by the oracle at concurrency 1 and 4, templates already built), ``tasks``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.agents import OracleAgent
from harness.episode import WorldCache, start_episode
from harness.runner import run_suite
from harness.tasks import select


async def _measure(selector: str, runs: int) -> dict[str, Any]:
    tasks = select(selector)
    worlds = WorldCache()
    for task in tasks:  # build (or load) every template first: the benchmark is of the harness
        await worlds.get(task.persona, task.at)
    overheads: list[float] = []
    for index in range(runs):
        task = tasks[index % len(tasks)]
        started = time.perf_counter()
        episode = await start_episode(task, worlds)
        episode.grade("")
        episode.close()
        overheads.append(time.perf_counter() - started)
    suite: dict[str, float] = {}
    for concurrency in (1, 4):
        started = time.perf_counter()
        results = await run_suite(tasks, OracleAgent(), concurrency=concurrency, worlds=worlds)
        suite[str(concurrency)] = round(time.perf_counter() - started, 2)
        failed = [r.task for r in results if not r.passed]
        if failed:
            raise SystemExit(f"the oracle failed {failed}; fix the tasks before benchmarking")
    return {
        "tasks": len(tasks),
        "episode_overhead_ms": round(statistics.median(overheads) * 1000, 2),
        "suite_oracle_s": suite,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--runs", type=int, default=30, help="episodes timed for the overhead (default: %(default)s)"
    )
    parser.add_argument("--tasks", default="all", help="task selector (default: %(default)s)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1 (got {args.runs})")
    print(json.dumps(anyio.run(_measure, args.tasks, args.runs)))


if __name__ == "__main__":
    main()
