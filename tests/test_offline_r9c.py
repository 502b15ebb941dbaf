"""The offline receptionist at a tax office, where a stranger's callers (blind22) were not
understood or were taken for a message:

1. a letter from the tax authorities told, with no question asked ("I just got a letter from
   the IRS… I'm freaking out"), is offered the one service whose description reads such
   letters; its price asked next ("how much would it be for somebody to go over it?") is that
   service's, and the booking after it is for it;
2. a texter who fears a scam ("is this a real tax place or a scam?? got a msg from this #…")
   gets the FAQ on scams, not the offer of a message: a message or voicemail the caller got is
   no message left with us;
3. "does that incl the wi state return or is that extra" after a price told, or "do I have to
   pay extra for the state return on top of that?", is what that service's description says
   of it (the profile's state as texters write it, "incl" as "include"), not the FAQ on paying
   that shares "extra";
4. a cancel texted is not done without a code (a text's number can be faked); once the thread
   has had its codes, the texter who says yes to leaving a message instead has their request
   passed on at once, not asked to
   type it again, and is told the appointment stands until the owner confirms;
5. a caller returning a voicemail who fears a scam ("somebody from this number left me a
   voicemail saying to call back… how do I know this isn't a scam? Who is this?") hears the
   FAQ on scams and who we are, and no message is taken: "saying to call back" is no call back
   asked of us, and "who is this?" is answered with the business's name.

A tax preparer of our own (tests/profiles/ledger-tax.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Bot, call_sid
from test_offline_safety import notes_of

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    receptionist,
    said,
)

TAX = PROFILES / "ledger-tax.toml"
TAX_NOW = datetime(2026, 11, 9, 16, 0, tzinfo=UTC)  # Monday 9 November, 10:00 in Madison

SCAM_ANSWER = "We never ask for payment by gift card"


tax = business_at(TAX, TAX_NOW, "The tax preparer on a Monday morning.")



# 1. A letter told.

LETTER = ("hello, I just got a letter from the IRS, a CP2000, it says I owe two thousand "
          "dollars and I have to answer in thirty days, I'm kind of freaking out")


async def test_a_letter_told_is_offered_the_service_that_reads_it(tax: Bot) -> None:
    answers = await conversation(tax, [
        LETTER,
        "okay. So how much would it be for somebody to go over it with me and tell me what "
        "it means?",
        "could I bring it in tomorrow at two?",
        "yes please, it's Jo Park",
    ])
    assert "Tax notice help" in answers[0] and "$125" in answers[0], answers[0]
    assert "Social Security" not in answers[0]
    assert "$125" in answers[1], answers[1]
    assert "Tax notice help" in answers[2] and "2 PM" in answers[2], answers[2]
    assert await booked_rows(tax) == [("Tax notice help", "2026-11-10T20:00")]


@pytest.mark.parametrize("speech", [
    "what would you charge for somebody to go over it with me?",
    "how much is it for someone to just look at that and explain it?",
])
async def test_the_price_of_an_act_on_the_letter_is_the_service_s(tax: Bot, speech: str) -> None:
    answers = await conversation(tax, [LETTER, speech])
    assert "$125" in answers[1] and "not sure" not in answers[1], answers[1]


# 2. A message the caller got.

async def test_a_texted_scam_fear_gets_the_faq_not_a_message(tax: Bot) -> None:
    reply = said(await tax.text(
        "is this a real tax place or a scam?? got a msg from this # saying my refund is on "
        "hold and to send my ssn"))
    assert SCAM_ANSWER in reply and "message" not in reply, reply


@pytest.mark.parametrize("speech", [
    "I got a voicemail from you guys yesterday, what was it about?",
    "you left me a message about my return, is it ready?",
])
async def test_a_message_received_is_no_message_asked_for(tax: Bot, speech: str) -> None:
    [answer] = await conversation(tax, [speech])
    assert "What message would you like" not in answer, answer


@pytest.mark.parametrize("speech", [
    "can I leave a message for Priya?",
    "I got your voicemail, can I leave a message for Priya?",
    "hey, can you get a message to Priya for me?",  # asked of us, not got
    "I had a message for Priya, can you take it?",
])
async def test_a_message_asked_for_is_still_taken(tax: Bot, speech: str) -> None:
    [answer] = await conversation(tax, [speech])
    assert "What message would you like me to pass on to Priya" in answer, answer


# 3. What the service just priced includes.

async def test_the_state_return_texted_of_the_price_just_told(tax: Bot) -> None:
    first = said(await tax.text("hey how much for a personal return? me + my wife, both w2"))
    assert "$280" in first, first
    reply = said(await tax.text("does that incl the wi state return or is that extra"))
    assert "Wisconsin returns" in reply and "$35" not in reply, reply


async def test_a_thing_paid_extra_on_top_of_the_price_just_told(tax: Bot) -> None:
    [answer] = await conversation(tax, [
        "what do you charge for a personal return? and do I have to pay extra for the state "
        "return on top of that?"])
    assert "$280" in answer and "Wisconsin returns" in answer and "$35" not in answer, answer


@pytest.mark.parametrize(("profile", "codes"), [
    (TAX, {"wi": "Wisconsin"}),
    (PROFILES / "lawn-and-sprinkler.toml", {}),  # Idaho's "id" is a word
    (PROFILES / "dental.toml", {}),  # no state in the address
])
def test_the_state_code_texters_write_is_the_address_state(
        profile: Path, codes: dict[str, str]) -> None:
    assert receptionist(profile).region_codes == codes


# 4. A cancel texted.

async def test_a_texted_cancel_passes_the_request_on_when_it_cannot_be_done(tax: Bot) -> None:
    sid = call_sid()
    answers = await conversation(tax, ["hi, I'm new, could I do a free first meeting tomorrow "
                                       "at three?", "yes that's fine, Dana Kessler"], sid)
    assert await booked_rows(tax) == [("Free first meeting", "2026-11-10T21:00")], answers
    await tax.hang_up(sid)
    request = "hi its Dana, sorry cant make it tmrw at 3 after all, can u cancel pls"
    for _ in range(bot.CODES_PER_CALL):  # the thread's codes, each declined (test_offline_r10e)
        assert "reply with the code" in said(await tax.text(request))
        said(await tax.text("no"))
    first = said(await tax.text(request))
    assert "cancel" in first and "message" in first, first
    reply = said(await tax.text("yes cancel it"))
    assert "passed" in reply and "stays as it is until Priya confirms" in reply, reply
    assert await booked_rows(tax) == [("Free first meeting", "2026-11-10T21:00")]
    [message] = await notes_of(tax, "message")
    # (The caller's "tomorrow" with its date, for the owner reading it later.)
    assert "cancel" in message and "tomorrow [Tue 10 Nov] at 3" in message, message




async def test_the_name_given_with_the_yes_is_asked_after(tax: Bot) -> None:
    sid = call_sid()
    await tax.call(sid, StirVerstat="TN-Validation-Passed-C")  # a number nobody vouched for
    first = said(await tax.say(sid, "hi, I need to cancel my appointment tomorrow"))
    assert "message" in first, first
    reply = said(await tax.say(sid, "yes please, this is rob garza", Confidence="0.5"))
    assert "stays as it is" in reply and reply.endswith("Rob Garza?"), reply


# 5. A voicemail returned, and who we are.

async def test_a_returned_voicemail_feared_a_scam_hears_who_we_are(tax: Bot) -> None:
    [answer] = await conversation(tax, [
        "yeah hi, somebody from this number left me a voicemail saying to call back about my "
        "taxes, and honestly how do I know this isn't one of those scams? Who is this?"])
    assert "Isthmus Ledger Tax Service" in answer and SCAM_ANSWER in answer, answer
    assert await notes_of(tax, "message") == []


@pytest.mark.parametrize("speech", ["Who is this?", "who am I talking to?",
                                    "sorry, what company is this?"])
async def test_who_we_are_asked(tax: Bot, speech: str) -> None:
    [answer] = await conversation(tax, [speech])
    assert "Isthmus Ledger Tax Service" in answer, answer


@pytest.mark.parametrize("speech", [
    "can you have Priya call me back about my return?",
    "who is this for, the free first meeting? I'm new",
])
async def test_a_call_back_and_whom_a_thing_is_for_are_as_before(tax: Bot, speech: str) -> None:
    [answer] = await conversation(tax, [speech])
    assert "automated assistant" not in answer, answer
