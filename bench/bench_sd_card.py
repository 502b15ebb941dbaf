"""What a call costs an SD card: bytes written to the CRM's files and the syncs that force them
out, per call.

Starts `python bot.py` offline on a throwaway SQLite CRM (WAL, synchronous=NORMAL, as served),
traces its writes and syncs with strace (`-f -y`: every thread, each file descriptor named), and
places calls with the harness's load driver (the greeting, `--turns` questions, the hang-up's
status callback). Only writes to crm.sqlite, its -wal and -shm count; the log and sockets do not.

    python bench/bench_sd_card.py                    # 50 calls of 3 turns, one at a time
    python bench/bench_sd_card.py --calls 200 --turns 5

Needs strace (apt-get install strace) and permission to trace the bot (root, or
kernel.yama.ptrace_scope=0).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from harness.load import run_load  # noqa: E402
from harness.twilio_sim import connect, load_settings  # noqa: E402

# 1234  pwrite64(7</tmp/x/crm.sqlite-wal>, "..."..., 4120, 8272) = 4120
CALL = re.compile(r"^\d+\s+(\w+)\((\d+)<([^>]*)>.*\)\s+=\s+(-?\d+)")
SYNCS = {"fsync", "fdatasync", "sync_file_range"}


def crm_io(trace: str, crm: Path) -> tuple[Counter[str], Counter[str]]:
    """Bytes written and syncs, per CRM file, from strace's output."""
    written: Counter[str] = Counter()
    synced: Counter[str] = Counter()
    for line in trace.splitlines():
        found = CALL.match(line)
        if not found or not found[3].startswith(str(crm)):
            continue
        name, path, result = found[1], Path(found[3]).name, int(found[4])
        if name in SYNCS:
            synced[path] += 1
        elif result > 0:
            written[path] += result
    return written, synced


async def bench(calls: int, turns: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        crm = Path(scratch) / "crm.sqlite"
        settings = load_settings(crm_path=crm, offline=True)
        async with connect(settings) as bot:
            await run_load(bot.client, settings.account, calls=2, concurrency=1, turns=turns)
            out = Path(scratch) / "strace.txt"
            assert bot.process is not None and bot.process.pid is not None
            tracer = subprocess.Popen(
                ["strace", "-f", "-y", "-qq", "-o", str(out), "-p", str(bot.process.pid),
                 "-e", "trace=write,pwrite64,writev,pwritev,fsync,fdatasync,sync_file_range"],
                stderr=subprocess.PIPE)
            time.sleep(1.0)  # strace attaches to every thread before the calls start
            started = time.monotonic()
            report = await run_load(bot.client, settings.account, calls=calls, concurrency=1,
                                    turns=turns)
            took = time.monotonic() - started
            tracer.send_signal(signal.SIGINT)
            tracer.wait(timeout=30)
            written, synced = crm_io(out.read_text(errors="replace"), crm)
    print(f"{calls} calls of {turns} turns ({report.error_count} errors) in {took:.1f} s, "
          "SQLite WAL with synchronous=NORMAL:")
    for path in sorted(set(written) | set(synced)):
        print(f"  {path:<16} {written[path] / 1024:9.0f} KB written, {synced[path]:4d} syncs")
    total, syncs = sum(written.values()), sum(synced.values())
    print(f"per call: {total / calls / 1024:.0f} KB written ({total / calls / 1e6:.2f} MB), "
          f"{syncs / calls:.2f} syncs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=50, help="calls (default 50)")
    parser.add_argument("--turns", type=int, default=3, help="caller turns per call (default 3)")
    args = parser.parse_args()
    if not shutil.which("strace"):
        raise SystemExit("bench_sd_card: needs strace (sudo apt-get install strace)")
    asyncio.run(bench(args.calls, args.turns))


if __name__ == "__main__":
    main()
