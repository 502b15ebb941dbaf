"""How soon a started bot answers its first call, and how much memory it holds, offline and in
Claude mode.

For each run it starts `python bot.py` (a fresh throwaway CRM, loopback, offline or against
the project's fake Claude) and posts the greeting webhook until it is answered: the wall time
from the start to that first answer, the CPU time (user + system, from /proc) the bot used
until then, its resident memory then, once settled (Claude mode: once /health says the SDK
is loaded) and after `--calls` calls of 3 turns. The medians of `--runs` runs per mode.

    python bench/bench_start.py                    # 3 runs of each mode
    python bench/bench_start.py --runs 5 --modes offline --bot ../other/bot.py

Wall time on a shared machine is mostly waiting for a core: read the CPU column beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from harness.load import run_load  # noqa: E402
from harness.twilio_sim import Account, WebhookClient, free_port, new_sid  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_support import fake_claude  # noqa: E402
from bench_webhooks import cpu_seconds  # noqa: E402


def resident_mb(pid: int) -> float:
    """VmRSS of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def health(port: int) -> dict[str, object]:
    """The bot's /health, or {} while it does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
            return json.load(answer)  # type: ignore[no-any-return]
    except (OSError, ValueError):
        return {}


def one_start(bot: Path, claude_url: str | None, calls: int) -> tuple[float, ...]:
    """One cold start: wall and CPU seconds to the first answer, MB then, settled, after load."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("ANTHROPIC_", "TWILIO_", "CLAUDE_"))}
        env.update(PORT=str(port), CRM_DB=str(Path(scratch) / "crm.sqlite"), PUBLIC_BASE_URL="",
                   ANTHROPIC_API_KEY="", SIMULATOR="1", CALLS_PER_HOUR="0",
                   TURNS_PER_CALL="0")
        if claude_url:
            env.update(ANTHROPIC_API_KEY="bench-key", ANTHROPIC_BASE_URL=claude_url,
                       CLAUDE_DAILY_BUDGET="0", CLAUDE_MONTHLY_BUDGET="0")
        data = f"CallSid={new_sid('CA')}&From=%2B14155550100".encode()
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, str(bot)], cwd=scratch, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/voice/incoming", data,
                                                timeout=5):
                        wall = time.perf_counter() - started
                        cpu, first = cpu_seconds(process.pid), resident_mb(process.pid)
                        break
                except OSError:
                    if process.poll() is not None or time.perf_counter() - started > 120:
                        raise
                    time.sleep(0.01)
            deadline = time.perf_counter() + 60
            while health(port).get("claude") == "loading" and time.perf_counter() < deadline:
                time.sleep(0.1)
            time.sleep(1)
            settled = resident_mb(process.pid)
            asyncio.run(place_calls(port, calls))
            return wall, cpu, first, settled, resident_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=20)


async def place_calls(port: int, calls: int) -> None:
    """`calls` calls of 3 turns, 5 at a time (unsigned: the bot has no auth token here)."""
    client = WebhookClient(f"http://127.0.0.1:{port}", None)
    try:
        await run_load(client, Account(sid=new_sid("AC"), business_number="+14155550199"),
                       calls=calls, concurrency=5, turns=3)
    finally:
        await client.close()


def main() -> int:
    """Parse the options, start the bots and print one line per mode."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="starts per mode (default 3)")
    parser.add_argument("--modes", nargs="+", default=["offline", "claude"],
                        choices=["offline", "claude"])
    parser.add_argument("--calls", type=int, default=50, help="calls after the start (50)")
    parser.add_argument("--bot", type=Path, default=REPO / "bot.py",
                        help="the bot.py to run (default this checkout's)")
    args = parser.parse_args()
    with fake_claude("--latency", "0.05") as url:
        print(f"load average {os.getloadavg()[0]:.1f}; {args.runs} starts per mode, medians")
        print(f"{'mode':8} {'first answer':>13} {'CPU then':>9} {'MB then':>8} {'settled':>8} "
              f"{'after ' + str(args.calls) + ' calls':>15}")
        for mode in args.modes:
            runs = [one_start(args.bot.resolve(), url if mode == "claude" else None, args.calls)
                    for _ in range(args.runs)]
            wall, cpu, first, settled, loaded = (
                statistics.median(column) for column in zip(*runs, strict=True))
            print(f"{mode:8} {wall * 1000:10.0f} ms {cpu * 1000:6.0f} ms {first:5.0f} MB "
                  f"{settled:5.0f} MB {loaded:12.0f} MB")
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
