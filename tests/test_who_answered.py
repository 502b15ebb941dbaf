"""Which receptionist answered each call, stored per call (issue 17 item 15): Claude, the
offline receptionist (no Claude, Claude failed or over budget), in the order they answered;
the owner reads it in plain words (bot.who_answered) on the dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Bot, call_sid, claude_client

import bot
from tests.fakes import Error, FakeClaude, Text


async def receptionist_of(running: Bot, *lines: str) -> str | None:
    """Place a call, say `lines`: what the call's row says answered it."""
    sid = call_sid()
    await running.call(sid)
    for line in lines:
        await running.hear(sid, line)
    return (await running.crm.call(sid))["receptionist"]


async def test_the_offline_receptionist_is_stored_on_its_calls(offline_bot: Bot) -> None:
    assert await receptionist_of(offline_bot, "When do you open?") == "offline"


async def test_a_call_nobody_answered_has_none(offline_bot: Bot) -> None:
    """Only a rule answered ("bye"): no receptionist did."""
    assert await receptionist_of(offline_bot) is None
    assert await receptionist_of(offline_bot, "bye") is None


async def test_claude_then_the_offline_receptionist_when_claude_fails(
    make_bot: Any, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Text("We open at nine."), Text("Yes, we fix flats."))
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client) as running:
        assert await receptionist_of(running, "When do you open?") == "claude"
        sid = call_sid()
        await running.call(sid)
        await running.hear(sid, "Do you fix flats?")
        fake_claude.responder = lambda body: Error(500, "api_error")
        await running.hear(sid, "How much is a tune-up?")
        both = (await running.crm.call(sid))["receptionist"]
    await client.close()
    assert both == "claude,offline"
    assert bot.who_answered(both) == "Claude, then the offline receptionist"


@pytest.mark.parametrize(("keys", "words"), [
    (None, ""),
    ("", ""),
    ("claude", "Claude"),
    ("offline", "the offline receptionist"),
    ("relay,claude", "Claude over ConversationRelay"),
    ("relay", ""),
    ("claude,holding", "Claude, then the holding answer (the bot could not reach its records)"),
    ("someday,offline", "the offline receptionist"),  # a key from a newer version: left out
])
def test_who_answered_in_the_owners_words(keys: str | None, words: str) -> None:
    assert bot.who_answered(keys) == words
