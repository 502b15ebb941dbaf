"""The phone simulator on screen, driven with Textual's pilot as a person would drive it."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TOKEN, claude_client
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select, Static, TabbedContent
from twilio.twiml.voice_response import Gather, VoiceResponse

from bot import DEFAULT_DISCLOSURE, SQLiteCRM
from harness.app import DialOutcomeScreen, PhoneSimulator
from harness.twilio_sim import Settings, load_settings
from tests.fakes import FakeClaude, Stall, Text
from tests.harness_support import REPO, RunningBot, StandIn, running_bot
from tests.test_relay import GREETING, serve_bot

__all__ = ["serve_bot"]  # a fixture: the bot in relay mode, served on loopback

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
    """Let every request and screen update finish. An exclusive worker (the CRM tab's refresh)
    may be cancelled by the next one, which is then waited for in turn."""
    from textual.worker import WorkerCancelled, WorkerState

    while busy := [w for w in pilot.app.workers
                   if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]:
        running = [w for w in busy if w.state == WorkerState.RUNNING]
        if not running:  # about to start
            await pilot.pause()
            continue
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete(running)
    await pilot.pause()


async def a_call(app: PhoneSimulator, pilot: Pilot[int], caller: str, *lines: str) -> None:
    """A whole call from `caller`, placed with F2: each line said in turn, then F3 hangs up."""
    app.query_one("#caller-number", Input).value = caller
    await pilot.press("f2")
    await settle(pilot)
    for line in lines:
        await type_line(pilot, line)
    await pilot.press("f3")
    await settle(pilot)


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
        await a_call(app, pilot, "+16175550148", "I'd like to leave a message",
                     "Please call me back about the squeaky brakes")
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
            "simulated",  # kept by the simulator's bot, and never sent by any bot
            'Call from +16175550148. Message: "Please call me back about …',
        )
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        detail = str(app.query_one("#detail", Static).content)
        # The closed-every-day profile's zone is UTC: the stamp, to the second, and the zone.
        sent = re.escape(f"SMS to +15005550001  ·  simulated  ·  {queued}") + r":\d\d UTC"
        assert re.fullmatch(sent + re.escape(
            '\n\nCall from +16175550148. Message: "Please call me back about the squeaky brakes"'
        ), detail), detail


async def test_the_crm_tab_shows_the_text_a_missed_caller_gets(bot: RunningBot) -> None:
    """Issue 20 item 1 in the simulator: hang up during the greeting, and the outbox shows the
    missed-call text to the caller's own number."""
    app = PhoneSimulator(bot.settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        await a_call(app, pilot, "+16175550177")
        await pilot.press("f7")
        table = app.query_one("#outbox", DataTable)
        row: list[Any] = []
        for _ in range(100):  # texted just after the call has ended, in the background
            app.refresh_crm()
            await settle(pilot)
            rows = [table.get_row_at(n) for n in range(table.row_count)]
            row = next((r for r in rows if r[1] == "+16175550177"), [])
            if row:
                break
            await pilot.pause(0.05)
        assert row, "no missed-call text in the outbox"
        # The simulator never sends a text: its outbox shows what the caller would get.
        assert (row[2], str(row[3]).startswith("Sorry we missed you!")) == ("simulated", True)


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
        await a_call(app, pilot, number, "My name is Robin Hood")
        app.query_one("#caller-number", Input).value = "+14155550123"
        app.refresh_crm()
        await settle(pilot)
        select = app.query_one("#customer", Select)
        select.value = number
        await pilot.pause()
        assert app.query_one("#caller-number", Input).value == number
        await pilot.press("f2")
        await settle(pilot)
        # The disclosure first (DISCLOSURE's default), then the greeting.
        assert texts(app, ".bot")[0] == f"Bot  {DEFAULT_DISCLOSURE}"
        assert texts(app, ".bot")[1].startswith("Bot  Hi Robin, welcome back")
        await pilot.press("f3")
        await settle(pilot)


async def test_f9_places_a_call_whose_caller_id_is_not_attested(bot: RunningBot) -> None:
    app = PhoneSimulator(bot.settings)
    number = "+12065550177"
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        await a_call(app, pilot, number, "My name is Ada Lovelace")
        # F9 four times: A, then B, C, failed, none.
        await pilot.press("f9", "f9", "f9", "f9")
        assert app.stir_verstat is None
        await pilot.press("f2")
        await settle(pilot)
        assert texts(app, ".mark")[0] == (
            f"· Calling {bot.settings.account.business_number} from {number} "
            "(caller ID not attested)…")
        assert texts(app, ".bot")[1] == (
            "Bot  Thanks for calling Maple Street Bikes. How can I help you today?")
        await pilot.press("f3")
        await settle(pilot)
    assert bot.settings.stir_verstat == "TN-Validation-Passed-A"  # the next app's default


def putting_through(standin: StandIn) -> Settings:
    """The simulator's settings for a stand-in bot that puts a caller through to
    +14155550100 when they say anything, and says how the Dial ended."""
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
    return settings


async def ask_for_a_person(app: PhoneSimulator, pilot: Pilot[int]) -> None:
    """Call, ask for a person, and wait (bounded) for the dialog asking how the phone
    Twilio dials answers."""
    await app.settled.wait()
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press(*"person", "enter")
    for _ in range(200):
        if isinstance(app.screen, DialOutcomeScreen):
            break
        await pilot.pause(0.02)


async def test_a_transfer_asks_how_the_other_phone_answers(standin: StandIn) -> None:
    app = PhoneSimulator(putting_through(standin))
    async with app.run_test(size=SIZE) as pilot:
        await ask_for_a_person(app, pilot)
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


async def test_the_crm_read_ending_after_its_view_is_gone_is_no_crash(tmp_path: Path) -> None:
    """The CRM is read on a thread; the app can close (its view unmounted) before the read
    ends, and the update then has nowhere to go: nothing happens (it crashed the app's exit
    with NoMatches on a loaded machine)."""
    settings = load_settings(bot_path=tmp_path / "missing.py", env_file=tmp_path / "none.env",
                             environ={})
    app = PhoneSimulator(settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        await app.query_one("#detail", Static).remove()
        await app.workers.wait_for_complete()
        app.refresh_crm()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code in (None, 0)


# ------------------------------------------------------------------ A small terminal (80x24)

NARROW = (80, 24)


def screen_rows(app: PhoneSimulator) -> list[str]:
    """The screen as a person sees it (the top screen over those below), one string a row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def shown_text(app: PhoneSimulator, widget: Widget) -> str:
    """The words a widget shows on screen inside its border and padding, whitespace folded
    (what wrapping leaves of them); the whole widget must be on the screen."""
    assert app.screen.region.contains_region(widget.region), (widget, widget.region)
    region = widget.content_region
    rows = screen_rows(app)[region.y:region.bottom]
    return " ".join(" ".join(row[region.x:region.right] for row in rows).split())


async def on_screen(pilot: Pilot[int], widget: Widget, expected: str) -> str:
    """What the widget shows, once the screen has caught up with it or after a bounded number
    of screen updates (a longer text needs a layout pass for its second row); no clock."""
    for _ in range(50):
        if shown_text(pilot.app, widget) == expected:
            break
        await pilot.pause()
    return shown_text(pilot.app, widget)


def words(text: object) -> str:
    """A text with its whitespace folded."""
    return " ".join(str(text).split())


async def test_at_80x24_the_dialer_buttons_and_the_whole_status_line_show(
    bot: RunningBot,
) -> None:
    app = PhoneSimulator(bot.settings)
    async with app.run_test(size=NARROW) as pilot:
        await app.settled.wait()
        await pilot.pause()
        status = app.query_one("#status", Static)
        assert str(status.content).startswith("Ready: offline mode, signing with")
        assert await on_screen(pilot, status, words(status.content)) == words(status.content)
        await pilot.press("f2")
        await settle(pilot)
        for selector, label in (("#call", "Call"), ("#hang-up", "Hang up")):
            button = app.query_one(selector, Button)
            assert await on_screen(pilot, button, label) == label
        assert app.query_one("#hang-up", Button).disabled is False
        assert await on_screen(pilot, status, words(status.content)) == words(status.content)
        assert str(status.content).startswith("POST /voice/incoming → 200 text/xml in ")
        await pilot.press("f3")
        await settle(pilot)


async def test_at_80x24_the_transfer_dialog_shows_its_question_buttons_and_keys(
    standin: StandIn,
) -> None:
    app = PhoneSimulator(putting_through(standin))
    async with app.run_test(size=NARROW) as pilot:
        await ask_for_a_person(app, pilot)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DialOutcomeScreen)
        question = "Twilio is dialing +14155550100. How does that phone answer?"
        assert await on_screen(pilot, dialog.query_one(Label), question) == question
        keys = ["Answered (a)", "Not taken (t)", "No answer (n)", "Busy (b)", "Failed (f)"]
        assert [await on_screen(pilot, button, label)
                for button, label in zip(dialog.query(Button), keys, strict=True)] == keys
        await pilot.press("b")
        await settle(pilot)
        assert texts(app, ".bot")[-1] == "Bot  The line was busy."


async def test_the_crm_detail_pane_scrolls_by_keyboard(bot: RunningBot) -> None:
    app = PhoneSimulator(bot.settings)
    async with app.run_test(size=NARROW) as pilot:
        await app.settled.wait()
        await pilot.press("f2")
        await settle(pilot)
        for _ in range(5):
            await type_line(pilot, "What are your opening hours?")
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("f7")
        app.refresh_crm()
        await settle(pilot)
        assert app.focused is app.query_one("#calls", DataTable)
        await pilot.press("enter")  # the call under the cursor: the latest
        await settle(pilot)
        pane = app.query_one("#detail-pane", VerticalScroll)
        assert app.focused is pane
        assert pane.max_scroll_y > 0 and pane.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert pane.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.query_one("#calls", DataTable)


async def test_the_raw_view_shows_twiml_indented(standin: StandIn) -> None:
    gather = Gather(input="speech", action="/voice/process")
    gather.say("Hello & welcome")
    standin.answers["/voice/incoming"] = str(VoiceResponse().append(gather))
    settings = load_settings(url=standin.base_url, environ={"TWILIO_AUTH_TOKEN": standin.token})
    app = PhoneSimulator(settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        await pilot.press("f2", "f4")
        await settle(pilot)
        shown = str(app.query(".raw").first(Static).content)
        assert shown.splitlines()[-5:] == [
            "  <Response>",
            '    <Gather action="/voice/process" input="speech">',
            "      <Say>Hello &amp; welcome</Say>",
            "    </Gather>",
            "  </Response>",
        ]


# ------------------------------------------------------------------ Local time in the CRM tab


async def test_the_crm_tab_shows_the_business_local_time(bot: RunningBot, tmp_path: Path) -> None:
    # 03:30 UTC on the 25th is 21:30 on the 24th in Chicago (the sample business's zone).
    stamp = "2026-11-25T03:30:00+00:00"
    path = tmp_path / "crm.sqlite"
    crm = await SQLiteCRM.open(path)
    customer = await crm.customer_for("+13125550114")
    sid = "CA" + "1" * 32
    await crm.open_call(sid, customer["id"], "inbound")
    await crm.add_outbox("sms", "+15005550001", "Call from +13125550114.")
    await crm.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE customers SET created_at = ?", [stamp])
        db.execute("UPDATE calls SET started_at = ?", [stamp])
        db.execute("UPDATE outbox SET created_at = ?", [stamp])
    db.close()
    settings = load_settings(
        url=bot.settings.base_url, crm_path=path, env_file=tmp_path / "no.env",
        environ={"TWILIO_AUTH_TOKEN": bot.settings.auth_token or "",
                 "BUSINESS_PROFILE": str(REPO / "business.toml")})
    app = PhoneSimulator(settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        await pilot.press("f7")
        app.refresh_crm()
        await settle(pilot)
        assert app.query_one("#customers", DataTable).get_row_at(0)[3] == "2026-11-24 21:30"
        assert app.query_one("#calls", DataTable).get_row_at(0)[0] == "2026-11-24 21:30"
        assert app.query_one("#outbox", DataTable).get_row_at(0)[0] == "2026-11-24 21:30"
        detail = str(app.query_one("#detail", Static).content)
        assert detail.splitlines()[:2] == [
            f"Call {sid}",
            "from +13125550114  ·  in-progress  ·  0 s  ·  started 2026-11-24 21:30:00 CST"]
        assert str(app.query_one("#crm-zone", Label).content) == (
            "Times are local to the business: America/Chicago")


# ------------------------------------------------------------------ Relay calls on screen


@pytest.mark.sqlite_only
async def test_a_relay_reply_shows_as_it_streams_and_the_caller_can_talk_over_it(
    serve_bot: Callable[..., Any],
) -> None:
    with FakeClaude() as fake:
        client = claude_client(fake, timeout=10.0)
        # The reply's first words, then nothing for a while: the turn is still going on.
        fake.queue(Stall("First we check the tire. Then", 20.0), Text("Of course."))
        async with serve_bot(claude=client) as served:
            settings = load_settings(url=served.base_url,
                                     environ={"TWILIO_AUTH_TOKEN": TOKEN})
            settings.account = served.account
            app = PhoneSimulator(settings)
            async with app.run_test(size=SIZE) as pilot:
                await app.settled.wait()
                await pilot.press("f2")
                await settle(pilot)
                assert app.call is not None and app.call.relay is not None
                await pilot.click("#say")
                app.query_one("#say", Input).insert_text_at_cursor("How do you fix a flat?")
                await pilot.press("enter")
                live = app.query_one("#live", Static)
                for _ in range(500):  # wait for the tokens, not for the turn
                    if "Then" in str(live.content):
                        break
                    await pilot.pause(0.02)
                assert live.display is True
                assert str(live.content) == "bot (streaming): First we check the tire. Then"
                turn = app.call.last_turn
                assert turn is not None and not turn.complete
                # The caller talks over the bot while it is still speaking.
                app.query_one("#say", Input).insert_text_at_cursor("Can I wait there?")
                await pilot.press("enter")
                await settle(pilot)
                assert live.display is False
                assert texts(app, ".bubble")[-4:] == [
                    "You  How do you fix a flat?",
                    "Bot  First we check the tire. Then",
                    "You  (talking over the bot) Can I wait there?",
                    "Bot  Of course.",
                ]
                sid = app.call.sid
                await pilot.press("f3")
                await settle(pilot)
            turns = await served.bot_turns(sid, 5)
        await client.close()
    # The bot keeps only what the caller heard of the reply they talked over.
    assert turns == [
        ("bot", GREETING),
        ("caller", "How do you fix a flat?"),
        ("bot", "First we check the tire. Then"),
        ("caller", "Can I wait there?"),
        ("bot", "Of course."),
    ]


# -- The dialer --


async def test_after_f2_the_keyboard_is_in_what_the_caller_says(bot: RunningBot) -> None:
    app = PhoneSimulator(bot.settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        await pilot.click("#caller-number")
        await pilot.press("f2")
        await settle(pilot)
        assert app.focused is app.query_one("#say", Input)
        await pilot.press("h", "i", "enter")  # typed straight away, said on the call
        await settle(pilot)
        assert texts(app, ".caller")[-1] == "You  hi"
        await pilot.press("f3")
        await settle(pilot)


@pytest.mark.parametrize(("typed", "dialled"), [
    ("(312) 555-0188", "+13125550188"),
    ("312.555.0189", "+13125550189"),
    ("+44 20 7946 0958", "+442079460958"),
])
async def test_a_number_typed_as_people_write_it_calls_from_that_number(
    bot: RunningBot, typed: str, dialled: str
) -> None:
    app = PhoneSimulator(bot.settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        app.query_one("#caller-number", Input).value = typed
        await pilot.press("f2")
        await settle(pilot)
        assert app.call is not None and app.call.caller == dialled
        await pilot.press("f3")
        await settle(pilot)
        sid = app.call.sid
    with contextlib.closing(sqlite3.connect(bot.settings.crm_path or "")) as db:
        assert db.execute("SELECT customers.phone FROM calls JOIN customers ON "
                          "customers.id = calls.customer_id WHERE sid = ?",
                          [sid]).fetchall() == [(dialled,)]


@pytest.mark.parametrize("typed", ["bob", "555", ""])
async def test_junk_in_the_dialer_places_no_call(bot: RunningBot, typed: str) -> None:
    app = PhoneSimulator(bot.settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        with contextlib.closing(sqlite3.connect(bot.settings.crm_path or "")) as db:
            before = db.execute("SELECT count(*) FROM customers").fetchone()
        app.query_one("#caller-number", Input).value = typed
        await pilot.press("f2")
        await settle(pilot)
        assert app.call is None
        assert [n.message for n in app._notifications] == [
            f"{typed!r} is not a phone number: type one as you would dial it, like "
            "(415) 555-0123, or with + and the country code"]
        assert app.focused is app.query_one("#caller-number", Input)
        with contextlib.closing(sqlite3.connect(bot.settings.crm_path or "")) as db:
            assert db.execute("SELECT count(*) FROM customers").fetchone() == before


async def call_texts(app: PhoneSimulator, pilot: Pilot[int], wanted: str) -> list[str]:
    """The texts shown in the call's view, once one containing `wanted` is there (they are
    queued just after the call has ended, in the background)."""
    shown: list[str] = []
    for _ in range(100):
        app.refresh_crm()
        await settle(pilot)
        shown = texts(app, "#conversation .text-sent")
        if any(wanted in text for text in shown):
            break
        await pilot.pause(0.05)
    return shown


async def test_the_call_view_shows_the_texts_the_caller_and_the_owner_get(
    bot: RunningBot,
) -> None:
    """Issue 20: the simulator shows the texts a call makes the bot send, in the call itself
    (not only in the CRM tab): the owner's alert, and a missed caller's text."""
    app = PhoneSimulator(bot.settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.settled.wait()
        await a_call(app, pilot, "+16175550163", "I'd like to leave a message",
                     "Please call me back about the wheel truing")
        assert await call_texts(app, pilot, "wheel truing") == [
            '✉ Text to the owner (+15005550001): Call from +16175550163. Message: "Please call '
            'me back about the wheel truing"']

        # A caller who hangs up during the greeting: the missed-call text, to them.
        app.query_one("#caller-number", Input).value = "+16175550164"
        app.query_one("#say", Input).focus()
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        shown = await call_texts(app, pilot, "Sorry we missed you!")
        assert [t.split(":")[0] for t in shown] == ["✉ Text to the caller"]
        assert "wheel truing" not in " ".join(shown)  # the last call's texts went with it
