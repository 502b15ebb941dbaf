"""A goodbye while a booking is still being made (issue 18, found in the blind6 round): the
caller who says "yes that's great, thanks, that's it" to "which time would you like?" thinks
they are booked. The receptionist says that nothing is booked yet and asks once more; a second
goodbye ends the call, saying again that nothing was booked. A goodbye with no booking in hand
ends the call as before."""

from __future__ import annotations

import re

from conftest import Bot, call_sid

from tests.offline_support import booked_rows, said


async def test_a_goodbye_to_which_time_is_told_nothing_is_booked_and_asked_again(
    offline_bot: Bot,
) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    asked = said(await offline_bot.say(sid, "can I book a flat tire repair tomorrow"))
    assert "Which" in asked, asked
    twiml = await offline_bot.say(sid, "yes that's great, thanks, that's it")
    assert "<Hangup" not in twiml, twiml
    assert "nothing is booked yet" in said(twiml).lower(), said(twiml)
    assert re.search(r"\d(?::\d\d)? [AP]M", said(twiml)), said(twiml)
    twiml = await offline_bot.say(sid, "oh, okay, never mind then, bye")
    assert "<Hangup" in twiml and "nothing is booked" in said(twiml).lower(), said(twiml)
    assert await booked_rows(offline_bot) == []


async def test_a_goodbye_to_a_read_back_without_a_yes_books_nothing_and_says_so(
    offline_bot: Bot,
) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    read_back = said(await offline_bot.say(sid, "can I book a flat tire repair tomorrow at 10"))
    assert "Shall I book it" in read_back, read_back
    twiml = await offline_bot.say(sid, "actually no, I'll call back, bye")
    assert "<Hangup" in twiml and "nothing is booked" in said(twiml).lower(), said(twiml)
    assert await booked_rows(offline_bot) == []


async def test_a_goodbye_with_nothing_in_hand_just_ends_the_call(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    await offline_bot.say(sid, "what are your hours on saturday")
    twiml = await offline_bot.say(sid, "great, thanks, bye")
    assert "<Hangup" in twiml and "booked" not in said(twiml).lower(), said(twiml)
