"""The offline receptionist at a tax office, where a stranger's callers (blind22) were not
understood or were taken for a message:

1. a letter from the tax authorities told, with no question asked ("I just got a letter from
   the IRS… I'm freaking out"), is offered the one service whose description reads such
   letters; its price asked next ("how much would it be for somebody to go over it?") is that
   service's, and the booking after it is for it;
2. a texter who fears a scam ("is this a real tax place or a scam?? got a msg from this #…")
   gets the FAQ on scams, not the offer of a message: a message or voicemail the caller got is
   no message left with us.

A tax preparer of our own (tests/profiles/ledger-tax.toml).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import CALLER, Bot

from tests.offline_support import PROFILES, booked_rows, conversation, said

TAX = PROFILES / "ledger-tax.toml"
TAX_NOW = datetime(2026, 11, 9, 16, 0, tzinfo=UTC)  # Monday 9 November, 10:00 in Madison

SCAM_ANSWER = "We never ask for payment by gift card"


@pytest.fixture
async def tax(make_bot: Any) -> AsyncIterator[Bot]:
    """The tax preparer on a Monday morning."""
    async with make_bot(business_profile=TAX, clock=lambda: TAX_NOW) as running:
        yield running


async def notes_of(running: Bot, kind: str) -> list[str]:
    """The caller's notes of a kind, oldest first."""
    customer = await running.crm.customer_for(CALLER)
    if customer is None:
        return []
    return [n["body"] for n in reversed(await running.crm.recent_notes(customer["id"], 20))
            if n["kind"] == kind]


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
