"""Webhook latency of the offline receptionist, per webhook, at a few concurrency levels.

Starts bot.py offline (no Anthropic key, a throwaway CRM, a session auth token so every request
is signed and checked) on a loopback port, then places simulated calls with the harness's load
driver: each call is the greeting, ``--turns`` questions and a hang-up with its status callback.

    python bench/bench_webhooks.py                       # 100 calls at concurrency 1, 10, 50
    python bench/bench_webhooks.py --calls 500 --concurrency 1 20 --turns 5

It prints one table per concurrency level (p50/p90/p99/max per webhook, errors, requests/s).
The figures measure this machine: compare runs on the same machine, not across machines.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from harness.load import run_load  # noqa: E402
from harness.twilio_sim import BotStartError, connect, load_settings  # noqa: E402


async def bench(calls: int, levels: list[int], turns: int, texts: int) -> int:
    """Run the load at each concurrency level against one bot; 1 when any request failed."""
    failed = 0
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        settings = load_settings(crm_path=Path(scratch) / "crm.sqlite", offline=True)
        async with connect(settings) as bot:
            print(
                f"bot.py {bot.health.get('version', '?')} ({bot.health.get('mode')} mode), "
                f"Python {platform.python_version()}, {platform.machine()}, "
                f"{calls} calls × {turns} turns and {texts} texts per level"
            )
            for level in levels:
                report = await run_load(
                    bot.client,
                    settings.account,
                    calls=calls,
                    concurrency=level,
                    turns=turns,
                    texts=texts,
                )
                print(f"\nconcurrency {level}")
                print(report.table())
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
    args = parser.parse_args()
    try:
        return asyncio.run(bench(args.calls, args.concurrency, args.turns, args.texts))
    except BotStartError as error:
        print(f"bench: {error}", *error.lines[-10:], sep="\n  ", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
