"""Where a Claude-mode bot's memory goes: resident memory after each step of what it loads,
and the modules `import anthropic` brings, by part of the SDK.

    python bench/bench_imports.py          # bot.py from this checkout
    python bench/bench_imports.py --bot ../other/bot.py

Each step runs in a fresh interpreter (`-c`), so one step's leftovers never count in another's:
the bare interpreter, `import bot` (offline's start), then the SDK as Claude mode loads it once
serving has started (`bot.anthropic`, the client), and, for comparison, pydantic alone.
VmRSS from /proc/self/status; the same machine and run only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

MEASURE = """
import collections, json, sys
sys.path.insert(0, {folder!r})
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
steps = [("bare interpreter", rss(), len(sys.modules))]
import pydantic
steps.append(("+ pydantic (the SDK's models)", rss(), len(sys.modules)))
import bot
steps.append(("+ import bot (an offline bot's start)", rss(), len(sys.modules)))
before = set(sys.modules)
client = bot.anthropic.AsyncAnthropic(api_key="bench-key")
steps.append(("+ the Claude SDK and its client (Claude mode)", rss(), len(sys.modules)))
parts = collections.Counter(
    ".".join(name.split(".")[:3]) if name.startswith("anthropic.") else name.split(".")[0]
    for name in set(sys.modules) - before)
print(json.dumps({{"steps": steps, "parts": parts.most_common(12)}}))
"""


def main() -> int:
    """Run the measurement in a fresh interpreter and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bot", type=Path, default=REPO / "bot.py", help="the bot.py to load")
    args = parser.parse_args()
    folder = str(args.bot.resolve().parent)
    output = subprocess.run([sys.executable, "-c", MEASURE.format(folder=folder)],
                            capture_output=True, text=True, check=True, cwd=folder,
                            env={**os.environ, "ANTHROPIC_API_KEY": ""}).stdout
    found = json.loads(output.splitlines()[-1])
    print(f"{'step':<48} {'resident':>9} {'modules':>8}")
    for name, mb, modules in found["steps"]:
        print(f"{name:<48} {mb:>6.0f} MB {modules:>8}")
    print(f"\nmodules the SDK step added, by part (load average {os.getloadavg()[0]:.2f}):")
    for part, count in found["parts"]:
        print(f"  {part:<40} {count:>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
