"""Run bot.py as if the clock read a given local moment, for scenarios that need a fixed date.

    HARNESS_CLOCK=2026-11-24T10:00:00-06:00 python -m harness.clocked bot.py

A scenario file that says ``clock 2026-11-24 10:00`` gets its bot started this way, so "tomorrow
at 3" and "are you open on Saturday?" mean the same whatever day the scenarios run. The clock
ticks on from that moment (time-machine moves Python's clocks; nothing else changes). Without
time-machine (a development install: 32-bit Raspberry Pi OS has no wheel of it) the clock
`datetime.now()` reads is moved instead, which is every clock bot.py reads.
"""

from __future__ import annotations

import datetime as datetime_module
import os
import runpy
import sys
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime, timedelta, tzinfo


def travel_datetime(moment: datetime) -> None:
    """Make `datetime.now()` (and `today()`, `utcnow()`) tick on from `moment` in modules
    imported from here on: bot.py reads the time only through `datetime.now`."""
    offset: timedelta = moment - datetime.now(datetime_module.UTC)

    class TravelledDatetime(datetime):
        """datetime, its `now` moved by the travel's offset."""

        @classmethod
        def now(cls, tz: tzinfo | None = None) -> TravelledDatetime:
            return super().now(tz) + offset  # type: ignore[return-value]

        @classmethod
        def today(cls) -> TravelledDatetime:
            return cls.now()

    TravelledDatetime.__name__ = TravelledDatetime.__qualname__ = "datetime"
    datetime_module.datetime = TravelledDatetime  # type: ignore[misc]


def travel(moment: datetime) -> AbstractContextManager[object]:
    """Travel to `moment`, ticking on: with time-machine where it is installed."""
    try:
        # time-machine imports pytest, where it is installed, to offer its fixture; the bot
        # has no use for it, and it costs each bot a tenth of a second to start.
        sys.modules.setdefault("pytest", None)  # type: ignore[arg-type]
        import time_machine
    except ImportError:
        travel_datetime(moment)
        return nullcontext()
    return time_machine.travel(moment, tick=True)


def main() -> None:
    """Travel to HARNESS_CLOCK, then run the bot file given as if it were started directly."""
    moment = datetime.fromisoformat(os.environ["HARNESS_CLOCK"])
    if moment.tzinfo is None:  # as time-machine reads a moment without a zone
        moment = moment.replace(tzinfo=datetime_module.UTC)
    path = os.path.realpath(sys.argv[1])
    if not os.path.isfile(path):
        sys.exit(f"harness.clocked: {sys.argv[1]}: no such file")
    sys.argv = [path, *sys.argv[2:]]
    name = os.path.splitext(os.path.basename(path))[0]
    with travel(moment):
        if not name.isidentifier():
            runpy.run_path(path, run_name="__main__")
            return
        # Run as its module, as `python bot.py` does itself: read from __pycache__, not
        # compiled again at every start (a tenth of a second for each scenario file's bot).
        sys.path[0] = os.path.dirname(path)
        runpy.run_module(name, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
