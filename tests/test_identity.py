"""Who is calling: withheld numbers never share a record; caller ID alone is not identity."""

from __future__ import annotations

import pytest
from conftest import Bot, call_sid
from twiml import listening

import bot

GREETING = "Thanks for calling Maple Street Bikes. How can I help you today?"
WITHHELD = ["+266696687", "+7378742833", "+86282452253", "+8656696", "+2562533", "+464",
            "266696687", "Anonymous", "anonymous", "Restricted", "Unknown", "Unavailable",
            "Private", ""]


@pytest.mark.parametrize("placeholder", WITHHELD)
def test_a_withheld_placeholder_is_no_number(placeholder: str) -> None:
    assert bot.normalize_number(placeholder) is None


@pytest.mark.parametrize("placeholder", WITHHELD)
async def test_withheld_callers_never_share_a_record(offline_bot: Bot, placeholder: str) -> None:
    first, second = call_sid(), call_sid()
    await offline_bot.call(first, frm=placeholder)
    call = await offline_bot.crm.call(first)
    await offline_bot.crm.update_customer(call["customer_id"], name="Dana Whitfield")
    await offline_bot.say(first, "I'd like to leave a message")
    await offline_bot.say(first, "My code is 1234")
    # A stranger, withheld the same way, is not greeted as Dana and cannot see her message.
    assert await offline_bot.call(second, frm=placeholder) == listening(GREETING)
    other = await offline_bot.crm.call(second)
    assert other["customer_id"] != call["customer_id"]
    assert await offline_bot.crm.recent_notes(other["customer_id"]) == []
    # Later turns of each call stay with that call's own record.
    await offline_bot.say(second, "I'd like to leave a message")
    await offline_bot.say(second, "Something else")
    notes = await offline_bot.crm.rows(
        "SELECT customer_id, body FROM notes WHERE kind = 'message' ORDER BY id")
    assert notes == [{"customer_id": call["customer_id"], "body": "My code is 1234"},
                     {"customer_id": other["customer_id"], "body": "Something else"}]


async def test_a_withheld_texter_gets_no_shared_thread(offline_bot: Bot) -> None:
    await offline_bot.text("I want to leave a message", frm="+8656696")
    await offline_bot.text("Where are you?", frm="+8656696")
    rows = await offline_bot.crm.rows("SELECT DISTINCT customer_id FROM sms")
    assert len(rows) == 2


def test_a_real_short_number_is_still_a_number() -> None:
    assert bot.normalize_number("+14155550123") == "+14155550123"
    assert bot.normalize_number("+44 20 7946 0018") == "+442079460018"
