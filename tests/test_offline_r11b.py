"""The offline receptionist and a stranger's callers (blind25, a hot tub service) who were
sent the emergency policy, or left without an answer:

1. an emergency claimed of a trouble with a deadline ("kind of an emergency, the water went
   green and we've got people coming Saturday"), telling none of the policy's dangers, is a
   booking: the service whose description fits the trouble is offered (no 911, no on-call
   promise), and the day asked next is booked; the policy's own danger told with a deadline
   is still an emergency;
2. "and thursdays? i dont get off work til 5" after our hours were told asks Thursday's
   hours (what follows the question tells why; a day named in the plural is that day);
3. a place the caller will stay at for a while ("we'll be in Minneapolis from December till
   April") is not where they want us to come: their question is answered by the FAQ entry
   that fits it, not the one on the area we cover;
4. a trouble told as an act not done ("our pool's not heating") is the service whose
   description tells the same act not done ("find out why the pool isn't heating"), offered
   and booked;
5. a message offered for whoever handles what the caller asked about, said yes to with their
   name ("okay, can she call me back? it's Dana Whitfield"), is passed on at once with what
   they told when asking (charged twice), not asked for again.

A backyard pool service of our own (tests/profiles/pool-service.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot
from test_offline_safety import notes_of, outbox

from tests.offline_support import PROFILES, booked_rows, business_at, conversation, said

POOL = PROFILES / "pool-service.toml"
POOL_NOW = datetime(2026, 11, 16, 16, 0, tzinfo=UTC)  # Monday 16 November, 9:00 in Tucson


pool = business_at(POOL, POOL_NOW, "The pool service on a Monday morning.")


# -- 1. Urgency claimed of a deadline, no danger told: a booking --


async def test_an_emergency_claimed_of_a_deadline_is_the_service_that_fits(pool: Bot) -> None:
    answers = await conversation(pool, [
        "so this is kind of an emergency, the water in our pool went green and slimy basically "
        "overnight and we've got fifteen kids coming Saturday for my son's birthday",
        "could somebody do it Thursday afternoon, like two o'clock?",
        "yes, book it. Tara Lund",
    ])
    assert "Green pool cleanup" in answers[0], answers[0]
    assert "911" not in answers[0] and "on-call" not in answers[0], answers[0]
    assert "Green pool cleanup on Thursday the 19th of November at 2 PM" in answers[1], \
        answers[1]
    assert await booked_rows(pool) == [("Green pool cleanup", "2026-11-19T21:00")]
    assert not [text for text in await outbox(pool) if "URGENT" in text]


async def test_the_policys_danger_told_with_a_deadline_is_still_an_emergency(pool: Bot) -> None:
    answer = (await conversation(pool, [
        "this is an emergency, the pump's panel is throwing sparks and we've got people coming "
        "Saturday",
    ]))[0]
    assert "911" in answer, answer
    assert [text for text in await outbox(pool) if "URGENT" in text]


# -- 2. Another day's hours asked after ours, with why --


async def test_another_days_hours_asked_with_a_reason_after_ours(pool: Bot) -> None:
    first = said(await pool.text("hey what time do u guys close on fridays"))
    then = said(await pool.text("and thursdays? i dont get off work til 5"))
    assert "2 PM" in first, first
    assert then == "On Thursday the 19th of November we're open 7 AM to 11 AM and 12 PM to 6 PM.", \
        then


# -- 3. A stay somewhere else is no place asked of us --


@pytest.mark.parametrize(("speech", "answer"), [
    ("we'll be in Minneapolis from December till April, do I have to shut the pool down or "
     "can I just leave the pump running while we're away?", "Only if nobody will look after it"),
    ("we just moved out to Benson, do you guys come out there?", "Tucson, Oro Valley and Marana"),
])
async def test_a_stay_elsewhere_asks_no_area_we_cover(pool: Bot, speech: str, answer: str) -> None:
    heard = (await conversation(pool, [speech]))[0]
    assert heard.startswith(answer), heard


# -- 4. An act not done, told as the description tells it --


async def test_an_act_not_done_is_the_service_for_it(pool: Bot) -> None:
    answers = await conversation(pool, [
        "hi, so, our pool's not heating, it's been sitting at like seventy degrees for two days "
        "and a little light is blinking",
        "okay, could somebody come out this Friday? nine in the morning would be great",
        "yep that's right. Carla Benitez",
    ])
    assert "An Equipment repair visit is $110" in answers[0], answers[0]
    assert "Equipment repair visit on Friday the 20th of November at 9 AM" in answers[1], \
        answers[1]
    assert await booked_rows(pool) == [("Equipment repair visit", "2026-11-20T16:00")]


# -- 5. A yes with a name to a message offered, what it is about told before --


async def test_a_yes_with_a_name_passes_on_what_was_told_with_the_asking(pool: Bot) -> None:
    answers = await conversation(pool, [
        "hi, um, who do I talk to about billing? I think I got charged twice for the October "
        "visit, there's two eighty-five dollar charges on my card",
        "okay, can she call me back? it's Dana Whitfield, I'm on this number",
    ])
    assert "Lena Brooks" in answers[0], answers[0]
    assert answers[1].startswith("Thank you, I've passed that on to Lena Brooks."), answers[1]
    [note] = await notes_of(pool, "message")
    assert "charged twice" in note and "Dana Whitfield" in note, note
