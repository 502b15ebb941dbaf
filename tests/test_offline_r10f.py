"""The offline receptionist booking a service only at the times it starts (blind24's country
inn offered a check-in "between 3 and 7 PM" at 8 AM): a service whose profile entry says when it
starts (`starts = ["10:00", "11:00"]`), or whose description tells it for sure ("choose the half
hour you'll arrive, between 3 and 7 PM", "seated at 6 PM"), is offered only those times; a time
asked outside them is refused with the times it does start and never booked (Claude's tool
refuses it too); a service with one start is read back at it. A description that names a time
for something else ("ready by 9 AM", "it takes 2 hours", "open till 7", "ages 3 to 17") limits
nothing.

A farm stay of our own (tests/profiles/farm-stay.toml) on a Monday morning.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from conftest import CALLER, Bot, call_sid

import bot
from tests.offline_support import PROFILES, booked_rows, business_at, conversation, said

FARM = PROFILES / "farm-stay.toml"
MONDAY = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)  # Monday 16 November, 9:00 in Galena
FRIDAY = "Friday the 20th of November"
OPEN_8_TO_8 = {day: ((time(8), time(20)),) for day in (0, 1, 3, 4, 5, 6)}  # closed Wednesdays


farm = business_at(FARM, MONDAY, "The farm stay on a Monday morning (8 AM to 8 PM, not Wednesday).")


def at(*times: str) -> tuple[tuple[time, time], ...]:
    """Start times as a service's starts hold them: "10:00" one start, "15:00-19:00" a span."""
    spans = []
    for told in times:
        first, _, last = told.partition("-")
        spans.append((time.fromisoformat(first), time.fromisoformat(last or first)))
    return tuple(spans)


async def press(running: Bot, sid: str, key: str) -> str:
    """What the receptionist says to a key pressed on a call."""
    return said(await running.say(sid, "", Digits=key))


# -- 1. A service offered and booked only at the times it starts --------------------------------


def test_the_profile_says_when_a_service_starts_or_its_description_tells_it() -> None:
    profile = bot.load_profile(FARM)
    assert {s.name: s.starts for s in profile.services} == {
        "Cabin check-in": at("15:00-19:00"),  # "between 3 and 7 PM"
        "Harvest supper": at("18:00"),  # "seated at 6 PM"
        "Orchard walk": at("10:00", "11:00"),  # starts = ["10:00", "11:00"]
        "Bike hire": (),  # "ready by 9 AM", "back by 5 PM", "open till 7": not when it starts
        "Sauna session": (),  # "it takes 2 hours to heat"
    }


@pytest.mark.parametrize(("description", "minutes", "starts"), [
    ("choose the half hour you'll arrive, between 3 and 7 PM, and we meet you", 30,
     at("15:00-19:00")),
    ("five courses at one long table; Fridays and Saturdays only, seated at 6:30 PM", 150,
     at("18:30")),
    ("Hank walks you round the sheep; tours at 10 and 11 in the morning; wear boots", 60,
     at("10:00", "11:00")),
    ("tours at 10 and 11; wear boots", 60, at("10:00", "11:00")),  # 10 PM is after closing
    ("the full afternoon tea in the front parlour; seatings 1 to 4 PM", 90, at("13:00-16:00")),
    ("new series start every month, Saturdays at 9 AM or Tuesdays at 6:30 PM", 60,
     at("09:00", "18:30")),
    ("a small group class for adults, Tuesday evenings at 7 with Jordan", 60, at("19:00")),
    # A span as long as the service is when it runs: it starts at the span's start.
    ("a morning (8 to 12) or an afternoon (1 to 5) for a registered child, with a snack", 240,
     at("08:00", "13:00")),
    ("a gentle class, Wednesdays at 5:30 PM and Saturdays at 9:30 AM", 60,
     at("09:30", "17:30")),
])
def test_a_description_that_tells_when_a_service_starts_is_read(
        description: str, minutes: int, starts: tuple[tuple[time, time], ...]) -> None:
    assert bot.starts_told(description, minutes, OPEN_8_TO_8)[0] == starts


@pytest.mark.parametrize("description", [
    "a bike and a helmet for the day, ready by 9 AM; bring it back by 5 PM, the barn is open "
    "till 7",
    "the wood-fired sauna by the pond; it takes 2 hours to heat",
    "weekly classes for kids from Tiny Toes (ages 3 to 5) up to teen hip hop, sizes 4 to 30",
    "indoor units kept between 55 and 80 degrees",
    "for a phone that dies by lunchtime or shuts off at 20 percent",
    "drop it off in the morning and pick it up at 5 PM",
    "most repairs take 3 to 10 working days; ready in 2 to 3 weeks",
    "a cake for your party, ready at 4 on Saturdays",
    "a group of 4 to 6 kids on Saturday mornings, led by a therapist",
    # Hours alone, with nothing to tell the morning from the evening: not sure, not read.
    "drop off between 7 and 11, pick up by 6:30",
    "bring it in by 9 AM Monday to Friday and it's ready by 5 PM the same day",
])
def test_a_time_named_for_something_else_limits_nothing(description: str) -> None:
    assert bot.starts_told(description, 60, OPEN_8_TO_8)[0] == ()


async def test_a_service_is_offered_only_the_times_it_starts(farm: Bot) -> None:
    answers = await conversation(farm, ["could I book a cabin for Friday?"])
    assert answers[0] == (f"On {FRIDAY}, I have 3 PM, 3:30 PM or 4 PM. Which would you like? "
                          "Press 1 for 3 PM. Press 2 for 3:30 PM. Press 3 for 4 PM.")
    answers = await conversation(farm, ["I'd like the orchard walk on Friday please"])
    assert answers[0] == (f"On {FRIDAY}, I have 10 AM or 11 AM. Which would you like? "
                          "Press 1 for 10 AM. Press 2 for 11 AM.")
    # A time named for something else limits nothing: the bike from opening.
    answers = await conversation(farm, ["can I hire a bike on Friday?"])
    assert answers[0].startswith(f"On {FRIDAY}, I have 8 AM, 8:30 AM or 9 AM."), answers[0]


async def test_the_key_pressed_books_a_time_the_service_starts(farm: Bot) -> None:
    sid = call_sid()
    await farm.call(sid)
    said_first = said(await farm.say(sid, "could I book a cabin for Friday?"))
    assert "Press 1 for 3 PM." in said_first
    assert (await press(farm, sid, "1")).startswith(
        f"That's a Cabin check-in on {FRIDAY} at 3 PM. Shall I book it")
    said(await farm.say(sid, "yes, Dana Ortiz"))
    assert await booked_rows(farm) == [("Cabin check-in", "2026-11-20T21:00")]  # 3 PM, in UTC


@pytest.mark.parametrize(("asked", "refused"), [
    ("can we book a cabin for Friday? we'd get there about nine in the morning",
     "The Cabin check-in starts between 3 PM and 7 PM. Free times that day: 3 PM, 3:30 PM or "
     "4 PM."),
    ("could we get the orchard walk Friday at two?",
     "The Orchard walk starts at 10 AM or 11 AM. Free times that day: 10 AM or 11 AM."),
])
async def test_a_time_outside_is_refused_with_the_times_it_starts(
        farm: Bot, asked: str, refused: str) -> None:
    answers = await conversation(farm, [asked, "yes please, Dana Ortiz"])
    assert answers[0] == f"{refused} Which time would suit you?"
    assert await booked_rows(farm) == []


async def test_a_service_with_one_start_is_read_back_at_it(farm: Bot) -> None:
    answers = await conversation(farm, ["two for the harvest supper on Friday at seven please",
                                        "yes, Dana Ortiz"])
    assert answers[0] == (f"The Harvest supper starts at 6 PM. That's a Harvest supper on "
                          f"{FRIDAY} at 6 PM. Shall I book it, and what name shall I put it "
                          "under?")
    assert await booked_rows(farm) == [("Harvest supper", "2026-11-21T00:00")]  # 6 PM, in UTC


async def test_claude_books_no_time_a_service_does_not_start(farm: Bot) -> None:
    customer = await farm.crm.customer_for(CALLER)
    turn = bot.Turn(bot.Caller(customer, "voice", verified_by="carrier"), "")
    skills = farm.assistant.skills
    with pytest.raises(bot.SkillError) as refused:
        await skills.book_appointment(turn, date="2026-11-20", time="14:00",
                                      service="Orchard walk")
    assert str(refused.value) == (
        "The Orchard walk starts at 10 AM or 11 AM. Free times that day: 10 AM or 11 AM.")
    assert await booked_rows(farm) == []


def test_check_shows_when_services_start_and_names_a_time_it_did_not_read(
        tmp_path: Path) -> None:
    written = FARM.read_text(encoding="utf-8").replace(
        "book at least a few hours ahead", "book at least a few hours ahead; we're there "
        "between 7 and 11")
    profile_file = tmp_path / "business.toml"
    profile_file.write_text(written, encoding="utf-8")
    lines = bot.describe_profile(bot.load_profile(profile_file))
    assert [line for line in lines if "start" in line] == [
        'starts           Cabin check-in 15:00-19:00 (its description: "between 3 and 7 PM"); '
        'Harvest supper 18:00 (its description: "at 6 PM"); Orchard walk 10:00, 11:00',
        '!! starts        Sauna session: its description names a time ("between 7 and 11") '
        'that is not read as when it starts: if it starts only then, give it starts = '
        '["HH:MM", …] or ["HH:MM-HH:MM"]',
    ]


@pytest.mark.parametrize("starts", ['["10am"]', '["3pm-7pm", "20:00"]'])
def test_starts_may_be_written_as_owners_write_hours(tmp_path: Path, starts: str) -> None:
    profile_file = tmp_path / "business.toml"
    profile_file.write_text(f'[[services]]\nname = "Tour"\nstarts = {starts}\n', encoding="utf-8")
    assert bot.load_profile(profile_file).services[0].starts in (
        at("10:00"), at("15:00-19:00", "20:00"))


@pytest.mark.parametrize("starts", ['"ten"', '["ten o\'clock"]', '["19:00-15:00"]', "[10]"])
def test_a_starts_that_is_no_time_is_named_by_check(tmp_path: Path, starts: str) -> None:
    profile_file = tmp_path / "business.toml"
    profile_file.write_text(f'[[services]]\nname = "Tour"\nstarts = {starts}\n', encoding="utf-8")
    with pytest.raises(bot.ProfileError) as refused:
        bot.load_profile(profile_file)
    assert str(refused.value).startswith("business.toml: service 'Tour': starts ")
    assert 'example: starts = ["10:00", "11:00"]' in str(refused.value)
