"""The offline receptionist and what strangers' callers at a birth center (blind27) told it:

1. a sign the FAQ says to call right away for ("Call us right away if your horse is rolling,
   sweating, or has a swollen leg"), told as happening now, is an emergency even where the
   emergency policy only says who is paged, and even with a staff member named ("Jess is our
   trainer"): not a message left for them; asked about ("what do I do if he starts rolling?")
   or denied, it is not;
2. a member of staff told of as who sent the caller ("Priya said to bring her in Friday for the
   weight check") is not asked for, and the booking goes on;
3. a text asking who sees to a matter and telling it ("who do i talk to about a bill?? got
   charged 70 twice…") is the message for them, taken at once;
4. a vendor from another company asking for whoever handles partnerships, "do you have a
   minute?", is a sales call, not put through.

A horse boarding stable of our own (tests/profiles/hillside-stables.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot
from test_offline_safety import notes_of, outbox

import bot
from tests.offline_support import PROFILES, business_at, receptionist

STABLES = PROFILES / "hillside-stables.toml"
STABLES_NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # Wednesday 2 December, 10:00 in Kentucky

stables = business_at(STABLES, STABLES_NOW, "The boarding stable on a Wednesday morning.")


@pytest.mark.parametrize(("said", "urgent"), [
    ("my horse is rolling in his stall and sweating all over. this is Kate Lin, Jess is our "
     "trainer. should I come out???", True),
    ("hi, Dusty's front leg is swollen up like a balloon since this morning, what do we do", True),
    ("what do I do if my horse starts rolling?", False),
    ("he's not rolling or sweating, just a bit quiet today, can Jess take a look?", False),
    ("can I book a riding lesson Friday at ten? my horse is rolling in the arena sand a lot "
     "lately, it's cute", False),
])
def test_a_sign_the_faq_says_to_call_for_right_away_is_an_emergency(said: str,
                                                                    urgent: bool) -> None:
    assert receptionist(STABLES).hears_emergency(bot.Heard.of(said)) is urgent


async def test_the_sign_texted_with_a_staff_member_named_pages_the_on_call(stables: Bot) -> None:
    reply = await stables.text("my horse is rolling in his stall and sweating all over. this is "
                               "Kate Lin, Jess is our trainer. should I come out???")
    assert "15 minutes" in reply
    assert [t for t in await outbox(stables) if t.startswith("URGENT")]


@pytest.mark.parametrize("said", [
    "hi there, this is Brandon with CordSafe cord blood banking, I'd love to speak with whoever "
    "handles vendor partnerships about putting our brochures in your waiting room, do you have "
    "a minute?",
])
def test_a_vendor_asking_for_partnerships_is_a_sales_call(said: str) -> None:
    assert receptionist(STABLES).hears_spam(bot.Heard.of(said))


@pytest.mark.parametrize("said", [
    "hi, Jess said to bring him in Friday to work on his jumping, can we do ten?",
])
def test_staff_who_sent_the_caller_are_not_asked_for(said: str) -> None:
    assert not receptionist(STABLES).hears_person(bot.Heard.of(said))


def test_staff_asked_for_by_name_still_are() -> None:
    assert receptionist(STABLES).hears_person(bot.Heard.of("is Jess in today? I'd like to speak "
                                                           "with her"))


async def test_a_text_asking_who_and_telling_the_matter_is_the_message(stables: Bot) -> None:
    reply = await stables.text("hi who do i talk to about a bill?? got charged 70 twice for my "
                               "lesson last week. this is Kate Lin")
    assert "passed that on to Lena Park" in reply
    [note] = await notes_of(stables, "message")
    assert note.startswith("For Lena Park: ") and "charged 70 twice" in note
