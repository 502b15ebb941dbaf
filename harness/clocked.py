"""Run bot.py as if the clock read a given local moment, for scenarios that need a fixed date.

    HARNESS_CLOCK=2026-11-24T10:00:00-06:00 python -m harness.clocked bot.py

A scenario file that says ``clock 2026-11-24 10:00`` gets its bot started this way, so "tomorrow
at 3" and "are you open on Saturday?" mean the same whatever day the scenarios run. The clock
ticks on from that moment (time-machine moves Python's clocks; nothing else changes).
"""

from __future__ import annotations

import os
import runpy
import sys

import time_machine


def main() -> None:
    """Travel to HARNESS_CLOCK, then run the bot file given as if it were started directly."""
    moment = os.environ["HARNESS_CLOCK"]
    path = sys.argv[1]
    sys.argv = [path, *sys.argv[2:]]
    with time_machine.travel(moment, tick=True):
        runpy.run_path(path, run_name="__main__")


if __name__ == "__main__":
    main()
