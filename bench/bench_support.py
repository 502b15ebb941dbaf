"""Shared pieces of the benchmarks: the project's fake Claude (tests/fakes.py), run as its own
process so that its work is not measured with the bot's."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def fake_claude(*options: str) -> Iterator[str]:
    """The fake Claude on a free port for as long as the block lasts: its URL. `options` are
    the fake's own ("--latency", "0.05")."""
    fake = subprocess.Popen([sys.executable, "-m", "tests.fakes", "claude", "--port", "0",
                             *options], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert fake.stdout is not None
        yield fake.stdout.readline().strip().removeprefix("FAKE_CLAUDE_URL=")
    finally:
        fake.terminate()
        fake.wait(timeout=10)
