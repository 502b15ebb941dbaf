"""Webhook latency of the offline receptionist, per webhook, at a few concurrency levels.

Starts bot.py offline (no Anthropic key, a throwaway CRM, a session auth token so every request
is signed and checked) on a loopback port, then places simulated calls with the harness's load
driver: each call is the greeting, ``--turns`` questions and a hang-up with its status callback.

    python bench/bench_webhooks.py                       # 100 calls at concurrency 1, 10, 50
    python bench/bench_webhooks.py --calls 500 --concurrency 1 20 --turns 5

It prints one table per concurrency level (p50/p90/p99/max per webhook, errors, requests/s)
and the bot's own CPU time (user + system, from /proc) per request and per caller turn: on a
machine others share, CPU time says what the bot costs where wall time says how busy the
machine was. ``--bot`` runs another checkout's bot.py (a before/after comparison).
The figures measure this machine: compare runs on the same machine, not across machines.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from harness.load import run_load  # noqa: E402
from harness.twilio_sim import BotStartError, connect, load_settings  # noqa: E402


def cpu_seconds(pid: int | None) -> float:
    """User and system CPU a process has used so far (Linux /proc); 0 when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_line(cpu: float, requests: int, turns: int) -> str:
    """The bot's CPU for one run, per request and per caller turn."""
    return (f"bot CPU: {cpu * 1000:.0f} ms for {requests} requests: "
            f"{cpu * 1000 / max(1, requests):.2f} ms a request, "
            f"{cpu * 1000 / max(1, turns):.2f} ms a caller turn")


async def bench(calls: int, levels: list[int], turns: int, texts: int, bot_path: Path) -> int:
    """Run the load at each concurrency level against one bot; 1 when any request failed."""
    failed = 0
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        settings = load_settings(crm_path=Path(scratch) / "crm.sqlite", offline=True,
                                 bot_path=bot_path)
        async with connect(settings) as bot:
            pid = bot.process.pid if bot.process is not None else None
            print(
                f"bot.py {bot.health.get('version', '?')} ({bot.health.get('mode')} mode), "
                f"Python {platform.python_version()}, {platform.machine()}, "
                f"{calls} calls × {turns} turns and {texts} texts per level"
            )
            for level in levels:
                cpu = cpu_seconds(pid)
                report = await run_load(
                    bot.client,
                    settings.account,
                    calls=calls,
                    concurrency=level,
                    turns=turns,
                    texts=texts,
                )
                cpu = cpu_seconds(pid) - cpu
                print(f"\nconcurrency {level}")
                print(report.table())
                requests = sum(len(v) for v in report.latencies.values())
                print(cpu_line(cpu, requests, calls * turns))
                failed += report.error_count
    return 1 if failed else 0


def main() -> int:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=100, help="calls per level (default 100)")
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[1, 10, 50], help="levels (default 1 10 50)"
    )
    parser.add_argument("--turns", type=int, default=3, help="caller turns per call (default 3)")
    parser.add_argument("--texts", type=int, default=20, help="texts per level (default 20)")
    parser.add_argument("--bot", type=Path, default=REPO / "bot.py",
                        help="the bot.py to run (default this checkout's)")
    args = parser.parse_args()
    try:
        return asyncio.run(bench(args.calls, args.concurrency, args.turns, args.texts,
                                 args.bot.resolve()))
    except BotStartError as error:
        print(f"bench: {error}", *error.lines[-10:], sep="\n  ", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
