"""Benchmark of the external clients; prints one JSON object.

    python bench/clients.py [--clients claude-code,codex,openclaw,openai-agents] [--tasks SELECTOR]

Each client (installed into the clients cache first if it is not there) runs the selected tasks one
trial at a time against the replay model, over the episode hub. Per client: ``version``, ``trials``,
``passed``, ``trial_s`` (median seconds per trial: the client's start-up, its model turns and tool
calls, grading) and ``trial_s_max``. Also ``hub_episode_ms``: the median cost of serving one episode's
six servers in the hub and taking them down (what every external trial pays).
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

from harness.agents import make_agent
from harness.client_installs import INSTALLS, install
from harness.episode import WorldCache, start_episode
from harness.hub import EpisodeHub
from harness.replay import ReplayModel
from harness.replay.serving import running_replay
from harness.runner import run_suite
from harness.tasks import select
from servers import SERVICES, create_server

DEFAULT_TASKS = (
    "mail-reply-lunch,retr-maya-metricly-quote,coord-maya-mums-dinner,messaging-tom-football,"
    "msg-maya-schufa-to-alex,sched-maya-skip-spanish,files-tom-run-log,shell-maya-hardcoded-secret,"
    "shell-tom-todo-list,shell-maya-launch-zip"
)


async def _hub_episode_ms(worlds: WorldCache, runs: int = 20) -> float:
    task = select("mail-reply-lunch")[0]
    episode = await start_episode(task, worlds)
    times: list[float] = []
    try:
        async with EpisodeHub.serve() as hub:
            for _ in range(runs):
                servers = {s: create_server(s, episode.world) for s in SERVICES}
                started = time.perf_counter()
                async with hub.episode(servers):
                    pass
                times.append(time.perf_counter() - started)
    finally:
        episode.close()
    return round(statistics.median(times) * 1000, 2)


async def _measure(names: list[str], selector: str) -> dict[str, Any]:
    tasks = select(selector)
    worlds = WorldCache()
    for task in tasks:
        await worlds.get(task.persona, task.at)
    report: dict[str, Any] = {"tasks": len(tasks), "hub_episode_ms": await _hub_episode_ms(worlds)}
    async with running_replay(ReplayModel(tasks)) as root:
        for name in names:
            base_url = root if name == "claude-code" else f"{root}/v1"
            agent = make_agent(name, model="scripted", base_url=base_url)
            results = await run_suite(tasks, agent, worlds=worlds, time_limit=300)
            durations = [r.duration_s for r in results]
            report[name] = {
                "version": INSTALLS[name].version,
                "trials": len(results),
                "passed": sum(r.passed for r in results),
                "errors": [r.error for r in results if r.error],
                "trial_s": round(statistics.median(durations), 2),
                "trial_s_max": round(max(durations), 2),
            }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", default=",".join(INSTALLS))
    parser.add_argument("--tasks", default=DEFAULT_TASKS)
    args = parser.parse_args()
    names = [n for n in args.clients.split(",") if n]
    for name in names:
        install(name)
    print(json.dumps(anyio.run(_measure, names, args.tasks), indent=2))


if __name__ == "__main__":
    main()
