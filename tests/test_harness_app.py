"""The phone simulator on screen, driven with Textual's pilot as a person would drive it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Label, Select, Static, TabbedContent
from twilio.twiml.voice_response import Gather, VoiceResponse

from harness.app import DialOutcomeScreen, PhoneSimulator
from harness.twilio_sim import load_settings
from tests.harness_support import REPO, RunningBot, StandIn, running_bot

SIZE = (120, 40)
KEY_NAMES = {" ": "space", "'": "apostrophe", "?": "question_mark", ",": "comma", ".": "full_stop"}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    # Closed all week: pressing 0 offers a message at any hour instead of a transfer.
    yield from running_bot(tmp_path_factory.mktemp("bot"),
                           REPO / "scenarios" / "profiles" / "closed-every-day.toml")


def texts(app: PhoneSimulator, selector: str) -> list[str]:
    """The plain text of every widget matching a selector, in screen order."""
    return [str(widget.content) for widget in app.query(selector).results(Static)]


async def type_line(pilot: Pilot[int], text: str) -> None:
    """Type a line into the focused input and press Enter. Long lines are pasted, as each key
    press costs a screen update."""
    focused = pilot.app.focused
    if len(text) > 8 and isinstance(focused, Input):
        focused.insert_text_at_cursor(text)
        await pilot.press("enter")
    else:
        await pilot.press(*[KEY_NAMES.get(ch, ch) for ch in text], "enter")
    await settle(pilot)


async def settle(pilot: Pilot[int]) -> None:
    """Let every request and screen update finish."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_call_from_the_keyboard_ends_up_in_the_crm(bot: RunningBot) -> None:
    app = PhoneSimulator(bot.settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        assert str(app.query_one("#status", Static).content).startswith(
            "Ready: offline mode, signing with TWILIO_AUTH_TOKEN."
        )
        await pilot.press("f2")
        await settle(pilot)
        assert texts(app, ".bot")[-1].startswith("Bot  Thanks for calling")
        assert texts(app, ".mark")[-1] == "· listening for keypad or speech (timeout 5 s)"
        assert app.query_one("#hang-up", Button).disabled is False

        await type_line(pilot, "What are your opening hours?")
        assert texts(app, ".caller")[-1] == "You  What are your opening hours?"
        assert texts(app, ".bot")[-1] == "Bot  We're closed all week."

        await type_line(pilot, "0")
        assert texts(app, ".caller")[-1] == "You  keypad 0"
        assert "message" in texts(app, ".bot")[-1]

        await type_line(pilot, "")
        assert texts(app, ".caller")[-1] == "You  (silence)"
        assert texts(app, ".bot")[-1] == "Bot  Are you still there?"

        await pilot.press("f3")
        await settle(pilot)
        assert texts(app, ".mark")[-2:] == [
            "· caller hung up",
            f"· status callback: completed, {app.call.duration if app.call else 0} s",
        ]
        assert str(app.query_one("#status", Static).content).startswith(
            "POST /voice/status → 200 text/xml in "
        )
        assert app.query_one("#hang-up", Button).disabled is True

        await pilot.press("f7")
        assert app.query_one(TabbedContent).active == "crm"
        app.refresh_crm()
        await settle(pilot)
        detail = str(app.query_one("#detail", Static).content)
        assert app.call is not None and detail.startswith(f"Call {app.call.sid}\n")
        assert "  Caller: What are your opening hours?\n" in detail
        assert "  Caller: (pressed 0)\n" in detail
        assert "\nSummary\n  A caller asked about our hours and asked for someone.\n" in detail


async def test_the_crm_tab_shows_the_owners_alert_in_the_outbox(bot: RunningBot) -> None:
    app = PhoneSimulator(bot.settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        app.query_one("#caller-number", Input).value = "+16175550148"
        await pilot.press("f2")
        await settle(pilot)
        await type_line(pilot, "I'd like to leave a message")
        await type_line(pilot, "Please call me back about the squeaky brakes")
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("f7")
        table = app.query_one("#outbox", DataTable)
        # The bot texts the owner just after the call has ended, in the background.
        for _ in range(100):
            app.refresh_crm()
            await settle(pilot)
            if table.row_count and "+16175550148" in str(table.get_row_at(0)[3]):
                break
            await pilot.pause(0.05)
        queued, to, status, text = table.get_row_at(0)
        assert (to, status, text) == (
            "+15005550001",
            "offline",
            'Call from +16175550148. Message: "Please call me back about …',
        )
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        detail = str(app.query_one("#detail", Static).content)
        assert detail == (
            f"SMS to +15005550001  ·  offline  ·  {queued}"
            '\n\nCall from +16175550148. Message: "Please call me back about the squeaky '
            'brakes"'
        )


async def test_the_raw_view_shows_each_request_and_its_twiml(bot: RunningBot) -> None:
    app = PhoneSimulator(bot.settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        await pilot.press("f2")
        await settle(pilot)
        raw = app.query(".raw").first(Static)
        assert raw.display is False
        await pilot.press("f4")
        await pilot.pause()
        assert raw.display is True
        shown = str(raw.content)
        assert shown.startswith("POST /voice/incoming → 200 text/xml in ")
        assert f"  CallSid={app.call.sid if app.call else ''}\n" in shown
        assert "  X-Twilio-Signature" not in shown
        assert re.search(r'/voice/process\?step=t?\d+" actionOnEmptyResult="true"', shown)
        await pilot.press("f3")
        await settle(pilot)


async def test_texting_the_bot_from_the_sms_tab(bot: RunningBot) -> None:
    app = PhoneSimulator(bot.settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        await pilot.press("f6")
        await pilot.click("#sms-body")
        await type_line(pilot, "Where are you located?")
        assert texts(app, "#sms-thread .caller") == ["You  Where are you located?"]
        assert texts(app, "#sms-thread .bot")[0].startswith("Bot  We're at ")
        assert str(app.query_one("#sms-from", Static).content) == (
            f"Texting {bot.settings.account.business_number} from "
            f"{bot.settings.caller_number} (the number on the Phone tab)"
        )


async def test_a_known_customer_can_be_picked_to_call_as(bot: RunningBot) -> None:
    app = PhoneSimulator(bot.settings)
    number = "+12065550142"
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        app.query_one("#caller-number", Input).value = number
        await pilot.press("f2")
        await settle(pilot)
        await type_line(pilot, "My name is Robin Hood")
        await pilot.press("f3")
        await settle(pilot)
        app.query_one("#caller-number", Input).value = "+14155550123"
        app.refresh_crm()
        await settle(pilot)
        select = app.query_one("#customer", Select)
        select.value = number
        await pilot.pause()
        assert app.query_one("#caller-number", Input).value == number
        await pilot.press("f2")
        await settle(pilot)
        assert texts(app, ".bot")[0].startswith("Bot  Hi Robin, welcome back")
        await pilot.press("f3")
        await settle(pilot)


async def test_a_transfer_asks_how_the_other_phone_answers(standin: StandIn) -> None:
    listen = VoiceResponse()
    listen.append(Gather(input="speech", action="/voice/process")).say("Hello")
    dial = VoiceResponse()
    dial.dial("+14155550100", action="/voice/dial-status")
    standin.answers["/voice/incoming"] = str(listen)
    standin.answers["/voice/process"] = str(dial)
    standin.answers["/voice/dial-status"] = lambda p: (
        f"<Response><Say>The line was {p['DialCallStatus']}.</Say><Hangup/></Response>"
    )
    settings = load_settings(url=standin.base_url, environ={"TWILIO_AUTH_TOKEN": standin.token})
    app = PhoneSimulator(settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"person", "enter")
        for _ in range(100):
            if isinstance(app.screen, DialOutcomeScreen):
                break
            await pilot.pause(0.02)
        assert str(app.screen.query_one(Label).content) == (
            "Twilio is dialing +14155550100. How does that phone answer?"
        )
        await pilot.click("#busy")
        await settle(pilot)
        assert texts(app, ".mark")[-4:-2] == [
            "· transferring to +14155550100",
            "· transfer ended: busy",
        ]
        assert texts(app, ".bot")[-1] == "Bot  The line was busy."
    assert [r.params.get("DialCallStatus") for r in standin.received if "dial" in r.path] == [
        "busy"
    ]


async def test_a_bot_that_cannot_start_is_shown_not_waited_for(tmp_path: Path) -> None:
    bot = tmp_path / "bot.py"
    bot.write_text(
        "import sys\nprint('bot.py: PUBLIC_BASE_URL is needed', file=sys.stderr)\nsys.exit(2)\n"
    )
    settings = load_settings(bot_path=bot, env_file=tmp_path / "none.env", environ={})
    app = PhoneSimulator(settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        await pilot.pause()
        assert texts(app, "#conversation .error") == [
            "⚠ bot.py exited with code 2\nbot.py: PUBLIC_BASE_URL is needed"
        ]
        assert str(app.query_one("#status", Static).content) == (
            "The bot is not running: bot.py exited with code 2"
        )
        await pilot.press("f2")
        await settle(pilot)
        assert app.call is None
