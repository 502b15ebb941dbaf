"""Shared pieces for the offline receptionist's tests: what a caller hears, a call of several
lines, and the businesses of tests/profiles called at a fixed hour.

The fixtures are pytest fixtures: a test file imports the ones it uses by name (and lists them
in its ``__all__``, so that the linter sees them used).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from conftest import CALLER, Bot, call_sid

import bot

MORE = "Is there anything else I can help with?"  # how the receptionist ends what it says
PROFILES = Path(__file__).parent / "profiles"
DENTAL = PROFILES / "dental.toml"
DENTAL_NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wednesday 2 December, 10:00 in Chicago
HEARING = PROFILES / "clearwater-hearing.toml"
HEARING_NOW = datetime(2027, 3, 10, 17, 0, tzinfo=UTC)  # Wednesday 10 March, 10:00 in Boulder
SWIM = PROFILES / "tidewater-swim.toml"
SWIM_NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 23 November, 10:00 in Norfolk
GARAGE = PROFILES / "garage-door.toml"
GARAGE_NOW = datetime(2027, 4, 14, 16, 0, tzinfo=UTC)  # Wednesday 14 April, 10:00 in Boise
PAINTER = PROFILES / "painter.toml"
LABOR_WEEK = datetime(2026, 9, 2, 15, 0, tzinfo=UTC)  # Wednesday 2 September, 10:00 in Madison


SCENARIO_PROFILES = Path(__file__).parent.parent / "scenarios" / "profiles"  # the eval's


def receptionist(profile: str | Path) -> bot.OfflineReceptionist:
    """The offline receptionist of a profile: a path, or a file name in tests/profiles or
    else in the eval's profiles."""
    path = profile if isinstance(profile, Path) else \
        PROFILES / profile if (PROFILES / profile).exists() else SCENARIO_PROFILES / profile
    return bot.OfflineReceptionist(bot.load_profile(path), None)  # type: ignore[arg-type]


def named(profile: str | Path, speech: str) -> str | None:
    """The service a caller's words name at that business, if any."""
    service = receptionist(profile).service_named(bot.Heard.of(speech))
    return service.name if service else None


async def name_on_record(running: Bot) -> str | None:
    """The name the CRM holds for the caller."""
    customer = await running.crm.customer_for(CALLER)
    return customer["name"] if customer else None


async def questions_noted(running: Bot) -> list[str]:
    """The caller's `question` notes, oldest first."""
    customer = await running.crm.customer_for(CALLER)
    if customer is None:
        return []
    notes = reversed(await running.crm.recent_notes(customer["id"], 20))
    return [n["body"] for n in notes if n["kind"] == "question"]


def said(twiml: str) -> str:
    """What the caller hears (or reads) in a TwiML answer, as one line."""
    parts = re.findall(r"<(?:Say|Message)[^>]*>(.*?)</(?:Say|Message)>", twiml, re.S)
    return " ".join(unescape(p) for p in parts)


async def conversation(running: Bot, lines: list[str], sid: str | None = None) -> list[str]:
    """One call: what the receptionist says to each line."""
    sid = sid or call_sid()
    await running.call(sid)
    return [said(await running.say(sid, line)) for line in lines]


async def booked_rows(running: Bot, status: str = "booked") -> list[tuple[str, str]]:
    """The appointments in the CRM with a status: (service, local start to the minute)."""
    rows = await running.crm.rows("SELECT service, starts_at FROM appointments "
                                  f"WHERE status = '{status}' ORDER BY starts_at")
    return [(r["service"], r["starts_at"][:16]) for r in rows]


def business_at(profile: Path, moment: datetime, doc: str) -> Any:
    """A fixture: the offline receptionist answering for a profile at a fixed moment (assign
    it to the fixture's name: ``painter = business_at(PAINTER, WEDNESDAY, "The painter…")``)."""

    async def running(make_bot: Any) -> AsyncIterator[Bot]:
        async with make_bot(business_profile=profile, clock=lambda: moment) as bot_running:
            yield bot_running

    running.__doc__ = doc
    return pytest.fixture(running)


dental = business_at(
    DENTAL, DENTAL_NOW,
    "The offline receptionist answering for the dental practice, on a Wednesday morning.")


hearing = business_at(
    HEARING, HEARING_NOW,
    "The offline receptionist answering for the hearing clinic, on a Wednesday morning.")


swim = business_at(
    SWIM, SWIM_NOW,
    "The offline receptionist answering for the swim school, on a Monday morning.")


garage = business_at(
    GARAGE, GARAGE_NOW,
    "The garage door company on a Wednesday morning (open 7 AM to 5 PM on weekdays).")


painter = business_at(
    PAINTER, LABOR_WEEK,
    "The painter on the Wednesday before Labor Day (open 8 AM to 5 PM on weekdays).")
