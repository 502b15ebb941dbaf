"""How long a caller waits in Claude mode, and what the bot costs on top of the model.

Starts the project's fake Claude (tests/fakes.py) as its own process, answering every request
after `--ttft` seconds with a short reply streamed at `--per-token` seconds a word, as a fast
model would; then starts bot.py with ANTHROPIC_BASE_URL pointing at it (a throwaway CRM, a
session auth token, so every request is signed and checked) and drives it with the harness's
load driver. It prints the bot's own CPU time (user + system, from /proc) per request and per
caller turn, and its resident memory idle and after the load. ``--relay`` runs the calls over
ConversationRelay instead of the streamed Gather loop; ``--bot`` runs another checkout's bot.py
(a before/after comparison).

    python bench/bench_claude_turn.py              # 20 calls, 3 turns, concurrency 1 and 10
    python bench/bench_claude_turn.py --ttft 0.8 --calls 200 --concurrency 1 20

/voice/process is one Claude turn: its latency minus the model's own time (ttft plus streaming)
is the bot's overhead. /voice/incoming never waits on Claude, so it stays in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from harness.load import run_load  # noqa: E402
from harness.twilio_sim import BotStartError, connect, load_settings  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_webhooks import cpu_line, cpu_seconds  # noqa: E402

REPLY_WORDS = 8  # "Sure. You said: <a question of about five words>."


def memory_of(pid: int) -> str:
    """Resident memory now and at its peak, from /proc (Linux)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "memory: unavailable"
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return f"bot memory: {fields['VmRSS'].strip()} resident, {fields['VmHWM'].strip()} at peak"


async def bench(args: argparse.Namespace) -> int:
    """Run the load at each level against one bot on one fake Claude."""
    fake = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes", "claude", "--port", "0", "--latency",
         str(args.ttft), "--per-token-delay", str(args.per_token)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )
    failed = 0
    try:
        assert fake.stdout is not None
        url = fake.stdout.readline().strip().removeprefix("FAKE_CLAUDE_URL=")
        with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
            settings = load_settings(crm_path=Path(scratch) / "crm.sqlite", relay=args.relay,
                                     bot_path=args.bot.resolve())
            # One number calls again and again and tokens are spent freely: no limits here.
            settings.child_env.update(ANTHROPIC_API_KEY="bench-key", ANTHROPIC_BASE_URL=url,
                                      CALLS_PER_HOUR="0", TURNS_PER_CALL="0",
                                      CLAUDE_DAILY_BUDGET="0", CLAUDE_MONTHLY_BUDGET="0")
            async with connect(settings) as bot:
                pid = bot.process.pid if bot.process is not None else None
                model = args.ttft + args.per_token * REPLY_WORDS
                print(f"bot.py {bot.health.get('version')} ({bot.health.get('mode')} mode), "
                      f"Python {platform.python_version()}, {platform.machine()}; fake Claude: "
                      f"{args.ttft * 1000:.0f} ms to the first token, {args.per_token * 1000:.0f}"
                      f" ms a word: about {model * 1000:.0f} ms of model time a turn")
                for _ in range(300):  # the SDK loads after serving starts: wait for it
                    health = await bot.client.get_health() or {}
                    if health.get("claude") != "loading":
                        break
                    await asyncio.sleep(0.1)
                if pid is not None:
                    print(memory_of(pid).replace("bot memory", "bot memory, idle"))
                for level in args.concurrency:
                    cpu = cpu_seconds(pid)
                    report = await run_load(bot.client, settings.account, calls=args.calls,
                                            concurrency=level, turns=args.turns)
                    cpu = cpu_seconds(pid) - cpu
                    print(f"\nconcurrency {level}")
                    print(report.table())
                    requests = sum(len(v) for k, v in report.latencies.items()
                                   if not k.startswith("WS "))
                    print(cpu_line(cpu, requests, args.calls * args.turns))
                    failed += report.error_count
                if pid is not None:
                    print("\n" + memory_of(pid))
    finally:
        fake.terminate()
        fake.wait(timeout=10)
    return 1 if failed else 0


def main() -> int:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=20, help="calls per level (default 20)")
    parser.add_argument("--turns", type=int, default=3, help="caller turns per call (default 3)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10],
                        help="levels (default 1 10)")
    parser.add_argument("--ttft", type=float, default=0.4,
                        help="the model's time to first token, seconds (default 0.4)")
    parser.add_argument("--per-token", type=float, default=0.02,
                        help="seconds between streamed words (default 0.02)")
    parser.add_argument("--relay", action="store_true",
                        help="calls over ConversationRelay (default: the streamed Gather loop)")
    parser.add_argument("--bot", type=Path, default=REPO / "bot.py",
                        help="the bot.py to run (default this checkout's)")
    args = parser.parse_args()
    try:
        return asyncio.run(bench(args))
    except BotStartError as error:
        print(f"bench: {error}", *error.lines[-10:], sep="\n  ", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
