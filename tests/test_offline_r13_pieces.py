"""A booking told in pieces, where a stranger's callers (blind26) lost it:

1. "I need to make an appointment for my son's well check" asks for a new appointment, not
   for the ones the caller has (no "You have no upcoming appointments" for its "check");
2. a need described with "somebody should come take a look" is a visit asked for, booked as
   the service whose description covers it ("droppings in the crawlspace", a critter unknown:
   the inspection);
3. "uh, a week from Tuesday?" answering "what day?" offers the day (not an FAQ answered);
4. a trouble a service is for, told with a bad word ("an awful smell… something died in the
   wall") and a visit asked for, is that booking, not a complaint about us;
5. someone else's day ending ("the kids get off the bus at two") is no time asked for, so
   "Thursday at two, oh no wait, make it three" is three.

A critter control company of our own (tests/profiles/prairie-critters.toml) and a family
clinic (tests/profiles/family-clinic.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import Bot

from tests.offline_support import PROFILES, booked_rows, business_at, conversation

CRITTERS = PROFILES / "prairie-critters.toml"
CRITTERS_NOW = datetime(2026, 11, 16, 14, 40, tzinfo=UTC)  # Monday 16 November, 8:40 in Kansas
CLINIC = PROFILES / "family-clinic.toml"
CLINIC_NOW = datetime(2026, 11, 23, 16, 45, tzinfo=UTC)  # Monday 23 November, 8:45 in Oregon

critters = business_at(CRITTERS, CRITTERS_NOW, "The critter control company on a Monday morning.")
clinic = business_at(CLINIC, CLINIC_NOW, "The family clinic on a Monday morning.")

__all__ = ["clinic", "critters"]


async def test_an_appointment_to_make_for_a_check_is_booked_in_pieces(clinic: Bot) -> None:
    said = await conversation(clinic, [
        "hi um, yeah, I need to make an appointment for my son's, uh, his yearly check? "
        "He just turned four",
        "uh is Wednesday any good? The twenty-fifth. Mornings are better for us",
        "nine thirty",
        "okay yes, book it please, his name's Mateo Ruiz"])
    assert "no upcoming" not in said[0]
    assert "day" in said[0]
    assert "Wednesday" in said[1]
    assert "9:30" in said[2]
    assert await booked_rows(clinic) == [("Annual physical", "2026-11-25T17:30")]


async def test_a_need_described_is_booked_as_the_service_that_covers_it(critters: Bot) -> None:
    said = await conversation(critters, [
        "hi, so, um, we just bought a house and the home inspector said there's droppings in "
        "the crawlspace? so I guess somebody should come take a look",
        "not this week, I'm out of town. uh, a week from Tuesday?",
        "morning. like ten thirty",
        "yep that's it. Marcus Feld"])
    assert "Critter inspection" in said[0]
    assert "24th" in said[1]
    assert "10:30" in said[2]
    assert await booked_rows(critters) == [("Critter inspection", "2026-11-24T16:30")]


async def test_a_trouble_told_badly_with_a_visit_asked_is_booked_at_the_corrected_time(
        critters: Bot) -> None:
    said = await conversation(critters, [
        "hi, there's an awful smell in the back bedroom, I'm pretty sure something crawled in "
        "the wall and died. could you send somebody Thursday at two, oh no wait, make it three, "
        "the kids get off the bus at two",
        "yes, three o'clock. Bev Tolliver"])
    assert "3 PM" in said[0] and "2 PM" not in said[0]
    assert await booked_rows(critters) == [("Carcass removal", "2026-11-19T21:00")]
