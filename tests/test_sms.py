"""Texts: answered with <Message>, threaded in the CRM, carrier keywords left to Twilio."""

from __future__ import annotations

import pytest
from conftest import CALLER, OTHER_CALLER, Bot, message_sid
from twiml import EMPTY, message

from tests.fakes import FakeClaude, Text

HOURS = ("We're open Monday to Friday, 9 AM to 5:30 PM; Saturday, 10 AM to 2 PM; "
         "closed Sunday. We're open right now.")


async def test_a_text_is_answered_and_both_sides_are_kept(offline_bot: Bot) -> None:
    sid = message_sid()
    assert await offline_bot.text("What are your hours?", sid=sid) == message(HOURS)
    customer = await offline_bot.crm.customer_for(CALLER)
    thread = await offline_bot.crm.sms_thread(customer["id"])
    assert [(m["direction"], m["body"], m["message_sid"], m["reply_to"]) for m in thread] == [
        ("in", "What are your hours?", sid, None),
        ("out", HOURS, None, sid),
    ]


async def test_the_thread_carries_the_conversation_on(offline_bot: Bot) -> None:
    await offline_bot.text("Can I leave a message?")
    assert await offline_bot.text("Tell Sam the blue bike is mine - Dana") == message(
        "Thank you, I've passed that on to Sam. Is there anything else I can help with?")
    # Another number's thread is its own.
    assert await offline_bot.text("Where are you?", frm=OTHER_CALLER) == message(
        "We're at 412 Maple Street, Springfield, next to the library.")
    customer = await offline_bot.crm.customer_for(CALLER)
    notes = await offline_bot.crm.recent_notes(customer["id"])
    assert [(n["kind"], n["body"]) for n in notes] == [
        ("message", "Tell Sam the blue bike is mine - Dana")]


async def test_a_message_by_text_alerts_the_owner_in_the_outbox(offline_bot: Bot) -> None:
    await offline_bot.text("I want to leave a message")
    await offline_bot.text("Please call me about my order")
    rows = await offline_bot.crm.rows("SELECT kind, to_number, body, status FROM outbox")
    assert rows == [{
        "kind": "sms", "to_number": "+15005550001", "status": "offline",
        "body": f'Text from {CALLER}. Message: "Please call me about my order"',
    }]


async def test_a_repeated_text_is_answered_once(offline_bot: Bot) -> None:
    sid = message_sid()
    first = await offline_bot.text("Where are you?", sid=sid)
    assert await offline_bot.text("Where are you?", sid=sid) == first
    customer = await offline_bot.crm.customer_for(CALLER)
    assert len(await offline_bot.crm.sms_thread(customer["id"])) == 2


@pytest.mark.parametrize("keyword", ["STOP", "stop", "Unsubscribe", "QUIT", "END", "CANCEL",
                                     "STOPALL", "revoke", "OPTOUT"])
async def test_carrier_keywords_get_no_reply_from_us(offline_bot: Bot, keyword: str) -> None:
    assert await offline_bot.text(keyword) == EMPTY
    customer = await offline_bot.crm.customer_for(CALLER)
    assert await offline_bot.crm.sms_thread(customer["id"]) == []


async def test_stop_and_start_are_remembered(offline_bot: Bot) -> None:
    await offline_bot.text("STOP")
    assert (await offline_bot.crm.customer_for(CALLER))["opted_out"] == 1
    await offline_bot.text("START")
    assert (await offline_bot.crm.customer_for(CALLER))["opted_out"] == 0


async def test_a_picture_without_words_gets_a_polite_reply(offline_bot: Bot) -> None:
    reply = await offline_bot.text(
        "", NumMedia="1", MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC/Media/ME1",
        MediaContentType0="image/jpeg",
    )
    assert reply == message("Thanks for the picture! I can only read text, so please tell me "
                            "in words how I can help.")


async def test_a_text_we_failed_to_answer_is_answered_when_twilio_retries(
    offline_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = message_sid()
    real_reply = offline_bot.assistant.receptionist.reply

    async def broken(*args: object) -> str:
        raise RuntimeError("out of disk")

    monkeypatch.setattr(offline_bot.assistant.receptionist, "reply", broken)
    assert await offline_bot.text("Where are you?", sid=sid) == message(
        "Sorry, something went wrong on our end. Please text again in a minute.")
    monkeypatch.setattr(offline_bot.assistant.receptionist, "reply", real_reply)
    assert await offline_bot.text("Where are you?", sid=sid) == message(
        "We're at 412 Maple Street, Springfield, next to the library.")
    customer = await offline_bot.crm.customer_for(CALLER)
    assert [m["direction"] for m in await offline_bot.crm.sms_thread(customer["id"])] == [
        "in", "out"]


# -- Pictures, ordinary words that look like carrier keywords, long replies --


async def test_a_picture_only_text_never_puts_empty_content_into_claudes_history(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    picture = {"NumMedia": "1", "MediaContentType0": "image/jpeg",
               "MediaUrl0": "https://api.twilio.com/2010-04-01/Accounts/AC/Media/ME1"}
    assert await claude_bot.text("", **picture) == message(
        "Thanks for the picture! I can only read text, so please tell me in words how I can help.")
    assert await claude_bot.text("Is my bike ready?") == message(
        "Sure. You said: Is my bike ready.")
    assert fake_claude.requests[-1]["messages"] == [
        {"role": "user", "content": "(sent a picture)"},
        {"role": "assistant", "content": "Thanks for the picture! I can only read text, so "
                                         "please tell me in words how I can help."},
        {"role": "user", "content": "Is my bike ready?"},
    ]


async def test_an_empty_text_is_left_out_of_claudes_history(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    assert await claude_bot.text("") == message("Hi! How can I help?")
    assert await claude_bot.text("Hello") == message("Sure. You said: Hello.")
    assert fake_claude.requests[-1]["messages"] == [{"role": "user", "content": "Hello"}]


@pytest.mark.parametrize("word", ["Help", "Info", "HELP", " info "])
async def test_help_is_left_to_twilio_which_answers_it_itself(
    claude_bot: Bot, fake_claude: FakeClaude, word: str
) -> None:
    """Twilio answers HELP and INFO itself for a number that has not opted out: a reply
    from us would be a second one."""
    assert await claude_bot.text(word) == EMPTY
    assert fake_claude.requests == []
    customer = await claude_bot.crm.customer_for(CALLER)
    assert customer["opted_out"] == 0
    assert await claude_bot.crm.sms_thread(customer["id"]) == []


@pytest.mark.parametrize(
    ("body", "opt_out_type", "opted_out"),
    [
        ("ARRET", "STOP", 1),  # the owner's own opt-out word (Advanced Opt-Out)
        ("Alto por favor", "STOP", 1),
        ("AYUDA", "HELP", 0),
        ("Subscribe", "START", 0),
        ("STOP", "", 1),  # no OptOutType: Twilio's default words, on the whole body
        ("Please stop texting me the reminders", "", 0),
    ],
)
async def test_twilio_s_opt_out_type_is_followed_when_present(
    claude_bot: Bot, fake_claude: FakeClaude, body: str, opt_out_type: str, opted_out: int
) -> None:
    extra = {"OptOutType": opt_out_type} if opt_out_type else {}
    reply = await claude_bot.text(body, **extra)
    customer = await claude_bot.crm.customer_for(CALLER)
    assert customer["opted_out"] == opted_out
    if opt_out_type or opted_out:
        assert (reply, fake_claude.requests) == (EMPTY, [])
    else:
        assert reply == message(f"Sure. You said: {body}.")


async def test_the_owner_s_opt_in_word_opts_a_number_back_in(offline_bot: Bot) -> None:
    await offline_bot.text("ARRET", OptOutType="STOP")
    assert await offline_bot.text("Is my bike ready?") == EMPTY
    assert await offline_bot.text("REPRENDRE", OptOutType="START") == EMPTY
    assert (await offline_bot.crm.customer_for(CALLER))["opted_out"] == 0
    assert await offline_bot.text("Is my bike ready?") != EMPTY


@pytest.mark.parametrize("word", ["Yes", "Start", "yes!", "Help me with my bike"])
async def test_opt_in_and_help_words_from_a_customer_are_ordinary_words(
    claude_bot: Bot, fake_claude: FakeClaude, word: str
) -> None:
    bare = word.rstrip("!")
    assert await claude_bot.text(word) == message(f"Sure. You said: {bare}.")
    customer = await claude_bot.crm.customer_for(CALLER)
    assert [m["body"] for m in await claude_bot.crm.sms_thread(customer["id"])] == [
        word, f"Sure. You said: {bare}."]


@pytest.mark.parametrize("word", ["START", "YES", "UNSTOP", "HELP", "INFO"])
async def test_an_opted_out_number_s_keywords_are_left_to_twilio(
    offline_bot: Bot, word: str
) -> None:
    assert await offline_bot.text("STOP") == EMPTY
    assert await offline_bot.text(word) == EMPTY
    customer = await offline_bot.crm.customer_for(CALLER)
    assert customer["opted_out"] == (0 if word in ("START", "YES", "UNSTOP") else 1)
    assert await offline_bot.crm.sms_thread(customer["id"]) == []


async def test_a_long_reply_is_cut_to_one_message_at_a_sentence(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    sentence = "We can certainly help with that bike of yours. "
    fake_claude.queue(Text(sentence * 60))
    reply = await claude_bot.text("Tell me everything")
    expected = (sentence * (1600 // len(sentence))).strip()
    assert reply == message(expected)
    assert len(expected) <= 1600


async def test_a_number_that_opted_out_is_heard_but_not_answered(offline_bot: Bot) -> None:
    """Twilio still passes on their texts, but refuses any reply (21610) until START: the
    text is kept for the owner, and no reply is attempted."""
    assert await offline_bot.text("STOP") == EMPTY
    assert await offline_bot.text("Is my bike ready?") == EMPTY
    customer = await offline_bot.crm.customer_for(CALLER)
    assert [(t["direction"], t["body"]) for t in await offline_bot.crm.sms_thread(
        customer["id"])] == [("in", "Is my bike ready?")]
    await offline_bot.text("START")
    assert await offline_bot.text("Is my bike ready?") != EMPTY
