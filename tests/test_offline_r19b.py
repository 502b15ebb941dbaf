"""What strangers' callers at six businesses (blind31, read whole after it was scored as written)
showed about asking, not about any one business: the hours asked outright beside a booking, a
day and a time offered alone after a service was told of, a thing wanted done ("getting my
driveway pressure washed"), a closed day said before a time in doubt, a texter's own name taken
for a typo ("this is Nora" read as "oral"), a name given to a booking read back taken for the
yes, and "we ran out of beer" read as a policy's "beer pouring out".
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    SCENARIO_PROFILES,
    booked_rows,
    business_at,
    conversation,
    receptionist,
    said,
)

ALLERGY = SCENARIO_PROFILES / "allergy-clinic.toml"
CAMP = SCENARIO_PROFILES / "summer-camp.toml"
BREWERY = SCENARIO_PROFILES / "brewery-taproom.toml"
WASH = SCENARIO_PROFILES / "pressure-washing.toml"
KARTS = SCENARIO_PROFILES / "go-kart-track.toml"

allergy = business_at(ALLERGY, datetime(2026, 11, 18, 14, 40, tzinfo=UTC),
                      "The allergy clinic on a Wednesday morning.")
camp = business_at(CAMP, datetime(2026, 11, 11, 13, 40, tzinfo=UTC),
                   "The day camp on Veterans Day, a Wednesday morning.")
brewery = business_at(BREWERY, datetime(2026, 11, 18, 19, 20, tzinfo=UTC),
                      "The brewery on a Wednesday, late morning.")
wash = business_at(WASH, datetime(2026, 11, 12, 13, 40, tzinfo=UTC),
                   "The pressure washing company on a Thursday morning.")
karts = business_at(KARTS, datetime(2026, 11, 18, 16, 40, tzinfo=UTC),
                    "The go-kart track on a Wednesday morning.")


async def test_the_hours_asked_outright_are_answered_before_any_booking(allergy: Bot) -> None:
    answers = await conversation(allergy, [
        "Hi, what are your hours on Saturday? I can really only do weekends for the shots.",
        "okay, and is there any weekday you're open past five? I get off at five thirty."])
    for answer in answers:
        assert "Saturday, 8 AM to 11 AM" in answer and "Tuesday, 7 AM" in answer, answer
        assert "Which service" not in answer, answer


async def test_open_asked_with_a_word_between_is_the_hours(camp: Bot) -> None:
    answers = await conversation(camp, [
        "hi, quick question, are you guys actually open today? With it being Veterans Day I "
        "figured everything's closed"])
    assert answers[0].startswith("Today we're open 7 AM to 6:30 PM"), answers[0]


@pytest.mark.parametrize(("speech", "hours"), [
    # A late opening asked of with a day and a time asked for is a booking.
    ("oh, you're open late Thursday? Okay, let's do this Thursday at six then", False),
    ("is there any weekday you're open past five? I get off at five thirty", True),
    ("what are your hours on Saturday?", True),
])
def test_a_late_opening_asked_of(speech: str, hours: bool) -> None:
    assert bot.how_late_asked(bot.Heard.of(speech)) is hours, speech


async def test_a_day_and_a_time_offered_alone_book_the_service_told_of(brewery: Bot) -> None:
    answers = await conversation(brewery, [
        "um, hi, I was, uh, wondering about doing one of your brewery tours? Just me and my dad",
        "this Saturday maybe? Around one o'clock?"])
    assert answers[1].startswith("That's a Brewery tour on Saturday the 21st of November at "
                                 "1 PM."), answers[1]


@pytest.mark.parametrize(("text", "alone"), [
    ("this Saturday maybe? Around one o'clock?", True),
    ("tomorrow at ten?", True),
    ("Saturday at one, is the patio heated?", False),
])
def test_only_a_day_and_a_time(text: str, alone: bool) -> None:
    assert receptionist(BREWERY).only_when_said(text) is alone, text


async def test_a_thing_wanted_done_names_the_one_service_it_fits(wash: Bot) -> None:
    answers = await conversation(wash, [
        "hi, um, yeah, I was wanting to see about getting my driveway pressure washed"])
    assert answers[0].startswith("Happy to book a Driveway and sidewalk pressure wash."), \
        answers[0]


def test_a_thing_two_services_fit_is_asked_about_first() -> None:
    # "Get my car detailed", where an Express and a Full detail are both details.
    heard = bot.Heard.of("Hi, um, yeah, I wanted to get my car detailed?")
    assert not receptionist(SCENARIO_PROFILES / "auto-body.toml").arranges_a_service(heard)


async def test_a_closed_day_is_said_before_a_time_in_doubt(wash: Bot) -> None:
    reply = said(await wash.text("hi can u pressure wash my driveway on thanksgivng morning like "
                                 "9? family coming at 2 and its nasty"))
    assert reply.startswith("We're closed on Thursday the 26th of November for Thanksgiving."), \
        reply


async def test_a_texters_own_name_is_no_typo(allergy: Bot) -> None:
    reply = said(await allergy.text("hi, this is Nora Lindqvist, can i get an asthma check tues "
                                    "the 24th at 1pm? my inhaler isnt cutting it lately"))
    assert reply == "Thanks, Nora. That's an Asthma check on Tuesday the 24th of November at " \
        "1 PM. Shall I book it?", reply


async def test_a_name_to_a_booking_read_back_is_no_yes(karts: Bot) -> None:
    answers = await conversation(karts, [
        "hi, I want to book the grand prix party for my husband's fortieth, a week from "
        "Tuesday, around five in the evening",
        "oh, and the name's Siobhan Kowalczyk. Siobhan is S, I, O, B, H, A, N, it's Irish, it "
        "sounds like shiv-awn",
        "yep, that's all right, go ahead and book it"])
    assert answers[1] == "Thanks, Siobhan Kowalczyk. Shall I book it?", answers[1]
    assert answers[2].startswith("You're booked. Grand Prix party on Tuesday the 1st of "
                                 "December at 5 PM."), answers[2]
    assert await booked_rows(karts) == [("Grand Prix party", "2026-12-01T23:00")]


async def test_a_name_said_with_a_yes_books(karts: Bot) -> None:
    answers = await conversation(karts, [
        "can I book a junior race Saturday at eleven?", "ya thats good. its Kevin Tran"])
    assert answers[1].startswith("You're booked."), answers[1]


def test_running_out_of_beer_is_no_leak() -> None:
    heard = bot.Heard.of("okay this is kind of an emergency, we totally ran out of beer at my "
                         "husband's fortieth and people are still here, can I come get some "
                         "growlers filled like right now?")
    assert not receptionist(BREWERY).hears_emergency(heard)
    leak = bot.Heard.of("there's beer pouring out of one of the tanks all over the floor")
    assert receptionist(BREWERY).hears_emergency(leak)


async def test_a_service_asked_for_in_the_turn_is_the_one_booked_in_it(karts: Bot) -> None:
    """ "The double kart thing… he's four. this Sunday at two" was read back as a Junior race
    ("for kids 7 to 12"), from "drive" of the Arrive and Drive race and the kids' one of it,
    and booked on the yes."""
    answers = await conversation(karts, [
        "hi, can I get the double kart thing, where I drive with my little guy? he's four. this "
        "Sunday at two"])
    assert "That's a Double kart ride on Sunday the 22nd of November at 2 PM." in answers[0], \
        answers[0]


def test_a_childs_age_under_a_services_youngest() -> None:
    r = receptionist(KARTS)
    junior = next(s for s in r.profile.services if s.name == "Junior race")
    double = next(s for s in r.profile.services if s.name == "Double kart ride")
    assert (r.youngest_child_for(junior), r.youngest_child_for(double)) == (7, 3)
    assert r.child_version(next(s for s in r.profile.services if s.name.startswith("Arrive")),
                           bot.Heard.of("a race for my son, he's four")) is None
