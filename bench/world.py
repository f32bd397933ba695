"""Benchmark of the world on the largest persona; prints one JSON object of medians.

    python bench/world.py [--persona NAME] [--builds 3] [--runs 50]

Keys: ``build_s`` (template build from the persona, cold, no cache), ``clone_ms`` (an episode from the
template's bytes), ``diff_ms`` (a diff after 50 mixed changes), ``search_ms`` (an FTS mail search, 20
newest, through the async API), plus the world's size and rows.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures.worlds import WorldTemplate, load_template
from state.mail import search_emails
from state.world import World

DEFAULT_PERSONA = "maya"  # the largest shipped persona


def _ms(seconds: list[float]) -> float:
    return round(statistics.median(seconds) * 1000, 3)


async def _fifty_changes(world: World) -> None:
    """50 changes over every service, as an agent's episode would make them."""
    conn = world.conn
    inbox = [
        r[0]
        for r in conn.execute(
            "SELECT m.id FROM mail_message m JOIN mail_folder f ON f.id = m.folder_id WHERE f.role = 'inbox' ORDER BY m.sent_at DESC LIMIT 10"
        )
    ]
    account = conn.execute("SELECT address FROM mail_account ORDER BY rowid LIMIT 1").fetchone()[0]
    conversation = conn.execute("SELECT id FROM chat_conversation ORDER BY rowid LIMIT 1").fetchone()[0]
    contact = conn.execute("SELECT id FROM contact ORDER BY rowid LIMIT 1").fetchone()[0]
    start = world.now.replace(microsecond=0)
    calls: list[tuple[str, dict[str, Any]]] = []
    for i, message in enumerate(inbox[:5]):
        calls.append(("mail.mark_email", {"message_id": message, "flagged": True}))
        calls.append(("mail.move_email", {"message_id": inbox[5 + i], "folder": "Archive"}))
    for i in range(8):
        calls.append(
            (
                "mail.send_email",
                {
                    "to": [f"bench{i}@example.org"],
                    "subject": f"Bench {i}",
                    "body": "text",
                    "account": account,
                },
            )
        )
    for i in range(8):
        calls.append(
            ("files.write_file", {"path": f"~/bench/note{i}.txt", "content": "hello\n" * i, "parents": True})
        )
    for i in range(8):
        begin = start.replace(hour=8) + timedelta(days=i + 1)
        calls.append(
            (
                "calendar.create_event",
                {
                    "title": f"Bench {i}",
                    "start": begin.isoformat(),
                    "end": (begin + timedelta(hours=1)).isoformat(),
                },
            )
        )
    for i in range(10):
        calls.append(
            ("messaging.send_chat_message", {"conversation_id": conversation, "text": f"bench message {i}"})
        )
    calls.append(("contacts.update_contact", {"contact_id": contact, "notes": "met at the bench"}))
    calls.append(("files.delete_file", {"path": "~/bench/note0.txt"}))
    calls.append(("mail.delete_email", {"message_id": inbox[0]}))
    calls.append(("mail.create_draft", {"to": ["x@example.org"], "subject": "Later", "body": "..."}))
    calls.append(("files.move_file", {"source": "~/bench/note1.txt", "destination": "~/bench/renamed.txt"}))
    calls.append(("files.copy_file", {"source": "~/bench/note2.txt", "destination": "~/bench/copy.txt"}))
    assert len(calls) == 50, len(calls)
    for op, arguments in calls:
        await world.apply(op, arguments)


async def _measure(persona: str, builds: int, runs: int) -> dict[str, Any]:
    build_times: list[float] = []
    template: WorldTemplate | None = None
    for _ in range(builds):
        template = await load_template(persona, use_cache=False)
        build_times.append(template.build_seconds)
    assert template is not None

    clones: list[float] = []
    for _ in range(runs * 4):
        t0 = time.perf_counter()
        episode = template.episode()
        clones.append(time.perf_counter() - t0)
        episode.close()

    diffs: list[float] = []
    changed = 0
    for _ in range(max(runs // 5, 5)):
        episode = template.episode()
        base = episode.snapshot()
        await _fifty_changes(episode)
        t0 = time.perf_counter()
        diff = episode.diff(base)
        diffs.append(time.perf_counter() - t0)
        changed = len(diff.changes)
        episode.close()

    episode = template.episode()
    searches: list[float] = []
    hits = 0
    for i in range(runs * 4):
        query = ("budget", "meeting", "invoice", "review")[i % 4]
        t0 = time.perf_counter()
        async with episode.read() as tx:
            hits = len(search_emails(tx, query, limit=20))
        searches.append(time.perf_counter() - t0)
    counts = episode.counts()
    episode.close()
    return {
        "persona": persona,
        "build_s": round(statistics.median(build_times), 3),
        "clone_ms": _ms(clones),
        "diff_ms": _ms(diffs),
        "diff_rows": changed,
        "search_ms": _ms(searches),
        "search_hits": hits,
        "bytes": len(template.data),
        "rows": sum(counts.values()),
        "mails": counts["mail_message"],
        "events": counts["event"],
        "chat_messages": counts["chat_message"],
        "files": counts["file_node"],
        "shell_history": counts["shell_history"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--persona", default=DEFAULT_PERSONA, help="default: %(default)s, the largest shipped persona"
    )
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    print(json.dumps(anyio.run(_measure, args.persona, args.builds, args.runs)))


if __name__ == "__main__":
    main()
