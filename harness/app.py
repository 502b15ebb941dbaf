"""The phone simulator: a terminal phone for talking to the receptionist bot.

Run it from the repository root::

    python -m harness                 # starts bot.py on a free port with your .env
    python -m harness --url URL       # drives a bot that is already running (a Pi, a tunnel)

Choose who calls, press F2 and the greeting appears. Type what the caller says and press Enter;
an empty line is silence and 0-9, * and # are keypad digits. F3 hangs up, F4 shows the raw
requests and TwiML. The SMS tab texts the bot from the same number; the CRM tab reads the
simulator's own CRM (``harness-crm.sqlite``) live, the outbox of owner alerts included. All
the Twilio work is done by ``harness.twiml`` and ``harness.twilio_sim``; this module only draws
it.
"""

from __future__ import annotations

import asyncio
import contextlib
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Log,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from harness.crm import CrmReader, Row, business_zone, local_stamp
from harness.relay import Token
from harness.twilio_sim import (
    ATTESTATIONS,
    BotProcess,
    BotStartError,
    Exchange,
    Settings,
    WebhookClient,
    dialled_number,
)
from harness.twiml import (
    CALLER_KINDS,
    Call,
    CallState,
    DialOutcome,
    Event,
    EventKind,
    TextThread,
    is_keypad,
)

FOCUS_IN_TAB = {"phone": "#say", "sms": "#sms-body", "crm": "#calls", "log": "#bot-log"}
NO_CRM = "No CRM to show: the bot runs elsewhere. Give --crm PATH to read a copy of its file."
RECORD_PLACEHOLDER = "Recording after the beep: type the message and press Enter (empty = nothing)"
SAY_PLACEHOLDER = "Say something and press Enter · empty line = silence · 0-9 * # = keypad"
DETAIL_KEYS = "↑↓ PgUp PgDn Home End scroll · Esc back"


def shortened(text: object, limit: int = 60) -> str:
    """A table cell's text: at most ``limit`` characters, an ellipsis marking the cut."""
    text = str(text or "")
    return text[:limit] + ("…" if len(text) > limit else "")


def indented_xml(body: str) -> str:
    """An answer's XML (TwiML) indented one element a line; any other text as it came."""
    try:
        root = ET.fromstring(body.strip())
    except ET.ParseError:
        return body.strip()
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode")


def exchange_text(exchange: Exchange) -> str:
    """A raw request and its answer, as the raw view shows them."""
    lines = [exchange.summary(), f"  {exchange.method} {exchange.url}"]
    lines += [f"  {key}={value}" for key, value in sorted(exchange.params.items()) if value]
    if exchange.error:
        lines.append(f"  ! {exchange.error}")
    elif exchange.body.strip():
        lines += ["  " + line for line in indented_xml(exchange.body).splitlines()]
    return "\n".join(lines)


def event_widget(event: Event) -> Static:
    """One event as a chat bubble, a mark, an error or a raw exchange."""
    kind = event.kind
    if kind is EventKind.REQUEST and event.exchange is not None:
        return Static(Text(exchange_text(event.exchange)), classes="raw")
    if kind in (EventKind.SAID, EventKind.SMS_REPLY):
        # A call answered in the caller's language shows it (<Say language>, the relay's).
        language = event.attrs.get("language", "en-US")
        label = "Bot  " if language == "en-US" else f"Bot ({language})  "
        return Static(Text.assemble((label, "bold"), event.text), classes="bubble bot")
    if kind in CALLER_KINDS:
        label = {EventKind.CALLER_PRESSED: "keypad "}.get(kind, "")
        return Static(Text.assemble(("You  ", "bold"), label + event.text), classes="bubble caller")
    if kind is EventKind.ERROR:
        return Static(Text(f"⚠ {event.text}"), classes="error")
    return Static(Text(f"· {event.text}"), classes="mark")


def attestation_label(stir_verstat: str | None) -> str:
    """How a call's caller ID verdict is shown: the bot greets by name only when attested."""
    if stir_verstat is None:
        return "caller ID not attested"
    return f"caller ID {stir_verstat}"


class DialOutcomeScreen(ModalScreen[DialOutcome]):
    """The bot is transferring the call: the user decides how the other phone answers."""

    BINDINGS = [
        ("a", "choose('completed')", "Answered"),
        ("t", "choose('not-taken')", "Answered, not taken"),
        ("n", "choose('no-answer')", "No answer"),
        ("b", "choose('busy')", "Busy"),
        ("f", "choose('failed')", "Failed"),
        ("escape", "choose('no-answer')", "No answer"),
    ]
    # Two buttons a row: four side by side do not fit an 80-column terminal.
    DEFAULT_CSS = """
    DialOutcomeScreen { align: center middle; }
    DialOutcomeScreen > Vertical {
        width: 64; max-width: 100%; height: auto; padding: 1 2; border: thick $accent;
        background: $surface;
    }
    DialOutcomeScreen Label { width: 100%; }
    DialOutcomeScreen Grid {
        grid-size: 2; grid-columns: 1fr 1fr; grid-gutter: 0 1; height: auto; margin-top: 1;
    }
    DialOutcomeScreen Button { width: 100%; min-width: 0; }
    """

    def __init__(self, target: str) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Twilio is dialing {self.target}. How does that phone answer?")
            with Grid():
                yield Button("Answered (a)", id="completed", variant="success")
                yield Button("Not taken (t)", id="not-taken", variant="warning")
                yield Button("No answer (n)", id="no-answer", variant="primary")
                yield Button("Busy (b)", id="busy", variant="warning")
                yield Button("Failed (f)", id="failed", variant="error")

    @on(Button.Pressed)
    def button_chosen(self, event: Button.Pressed) -> None:
        """A button names the DialCallStatus."""
        self.action_choose(event.button.id or "no-answer")

    def action_choose(self, status: str) -> None:
        """Answered calls talk for a minute; the others end at once. Not taken: answered,
        but nobody presses 1 in the whisper."""
        if status == "not-taken":
            self.dismiss(DialOutcome("completed", 60, keys=None))
            return
        self.dismiss(DialOutcome(status, 60 if status == "completed" else 0))


class DetailPane(VerticalScroll):
    """The CRM tab's detail (a transcript, a customer, a text): Enter on a row brings the
    keyboard here to scroll it, Escape takes it back to the list."""

    BINDINGS = [Binding("escape", "back", "Back to the list")]

    def __init__(self, *children: Static, id: str) -> None:  # noqa: A002 - Textual's name
        super().__init__(*children, id=id)
        self.came_from: DataTable[Any] | None = None

    def on_focus(self) -> None:
        self.border_subtitle = DETAIL_KEYS

    def on_blur(self) -> None:
        self.border_subtitle = ""

    def action_back(self) -> None:
        """Back to the list the detail was opened from."""
        (self.came_from or self.app.query_one("#calls")).focus()


class PhoneSimulator(App[int]):
    """Plays Twilio and the caller against the bot, in the terminal."""

    TITLE = "Phone simulator"
    CSS = """
    TabbedContent { height: 1fr; }
    #dialer { height: auto; padding: 0 1; }
    #caller-number { width: 20; }
    #customer { width: 1fr; max-width: 44; }
    #dialer Button { margin-left: 1; width: auto; min-width: 8; }
    #conversation, #sms-thread { height: 1fr; border: round $primary; padding: 0 1; }
    #sms-from { padding: 0 1; color: $text-muted; }
    .bubble { width: auto; max-width: 90%; padding: 0 1; margin-bottom: 1; }
    .bot { background: $primary 25%; }
    .caller { background: $success 25%; margin-left: 10; }
    .mark { color: $text-muted; text-style: italic; }
    .error { color: $error; text-style: bold; }
    .raw { display: none; color: $text-muted; background: $boost; margin-bottom: 1; }
    .show-raw .raw { display: block; }
    #crm-lists { width: 3fr; }
    #crm-lists DataTable { height: 1fr; }
    #crm-lists Label { padding: 0 1; text-style: bold; }
    #crm-zone { color: $text-muted; text-style: none; }
    #detail-pane { width: 2fr; border: round $primary; padding: 0 1; }
    #detail-pane:focus { border: round $accent; }
    #status { height: auto; max-height: 3; background: $panel; padding: 0 1; }
    #live { display: none; height: auto; padding: 0 1; background: $primary 15%; }
    """
    BINDINGS = [
        Binding("f2", "place_call", "Call"),
        Binding("f3", "hang_up", "Hang up"),
        Binding("f4", "toggle_raw", "Raw"),
        Binding("f5", "show_tab('phone')", "Phone"),
        Binding("f6", "show_tab('sms')", "SMS"),
        Binding("f7", "show_tab('crm')", "CRM"),
        Binding("f8", "show_tab('log')", "Bot log"),
        # Kept off the footer (it must fit 80 columns); docs/harness.md lists it.
        Binding("f9", "next_attestation", "Caller ID", show=False),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        # The caller ID verdict the next calls carry (F9 changes it).
        self.stir_verstat = settings.stir_verstat
        self.client: WebhookClient | None = None
        self.bot: BotProcess | None = None
        self.crm = CrmReader(settings.crm_path) if settings.crm_path else None
        # The CRM stores UTC; people read the business's own clock.
        self.zone = business_zone(settings.business_profile)
        self.call: Call | None = None
        self.threads: dict[str, TextThread] = {}
        self.show_raw = False
        self.selected_call: str | None = None
        self.selected_customer: int | None = None
        self.selected_text: int | None = None
        self._call_lock = asyncio.Lock()
        self._crm_snapshot: tuple[Any, ...] = ()
        # The texts the current (or last) call made the bot send, to its caller or the owner,
        # shown in the call's own view: outbox rows after `_texts_after` (None: no call yet).
        self._texts_after: int | None = None
        self._texts_shown: set[int] = set()
        self._log_lines_shown = 0
        # Set once the bot answers /health, or has failed to (then ``failure`` says why).
        self.settled = asyncio.Event()
        self.failure: BotStartError | None = None

    # ------------------------------------------------------------ Layout

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="phone"):
            with TabPane("Phone", id="phone"):
                with Horizontal(id="dialer"):
                    yield Input(
                        self.settings.caller_number, placeholder="+14155550123", id="caller-number"
                    )
                    yield Select[str]([], prompt="…or a customer the CRM knows", id="customer")
                    yield Button("Call", id="call", variant="success")
                    yield Button("Hang up", id="hang-up", variant="error", disabled=True)
                yield VerticalScroll(id="conversation")
                yield Static(id="live")
                yield Input(placeholder=SAY_PLACEHOLDER, id="say")
            with TabPane("SMS", id="sms"):
                yield Static(id="sms-from")
                yield VerticalScroll(id="sms-thread")
                yield Input(placeholder="Text the bot and press Enter", id="sms-body")
            with TabPane("CRM", id="crm"):
                with Horizontal():
                    with Vertical(id="crm-lists"):
                        yield Label(
                            f"Times are local to the business: {self.zone.key}" if self.zone
                            else "Times are UTC (no business profile to take a time zone from)",
                            id="crm-zone",
                        )
                        yield Label("Customers")
                        yield DataTable(id="customers", cursor_type="row")
                        yield Label("Calls")
                        yield DataTable(id="calls", cursor_type="row")
                        yield Label("Outbox: texts the bot sent, or kept without Twilio")
                        yield DataTable(id="outbox", cursor_type="row")
                    yield DetailPane(Static("No calls yet.", id="detail"), id="detail-pane")
            with TabPane("Bot log", id="log"):
                yield Log(id="bot-log")
        yield Static("Starting…", id="status")
        yield Footer()

    def on_mount(self) -> None:
        customers = self.query_one("#customers", DataTable)
        customers.add_columns("Name", "Phone", "Email", "Since")
        calls = self.query_one("#calls", DataTable)
        calls.add_columns("Started", "Caller", "Status", "Secs", "Turns", "Summary")
        outbox = self.query_one("#outbox", DataTable)
        outbox.add_columns("Queued", "To", "Status", "Text")
        self._show_sms_sender()
        if self.settings.remote:
            self.reach_remote_bot()
        else:
            self.start_bot()
        self.set_interval(2.0, self.refresh_crm)
        self.set_interval(0.5, self._copy_bot_log)
        self.query_one("#say", Input).focus()

    async def on_unmount(self) -> None:
        if self.client is not None:
            await self.client.close()
        if self.bot is not None:
            await asyncio.to_thread(self.bot.stop)

    # ------------------------------------------------------------ The bot

    @work(thread=True, group="bot")
    def start_bot(self) -> None:
        """Start bot.py as a child process (in a thread: it blocks until /health answers)."""
        bot = BotProcess.from_settings(self.settings)
        self.bot = bot
        self.call_from_thread(self._set_status, "Starting bot.py…")
        try:
            health = bot.start()
        except BotStartError as error:
            self.call_from_thread(self._bot_failed, error)
            return
        self.call_from_thread(self._bot_ready, bot.base_url, health)

    @work(group="bot")
    async def reach_remote_bot(self) -> None:
        """Check that the bot at --url answers /health."""
        assert self.settings.base_url is not None
        client = WebhookClient(self.settings.base_url, self.settings.auth_token)
        health = await client.get_health()
        await client.close()
        if health is None:
            self._bot_failed(BotStartError(f"no answer from {self.settings.base_url}/health", []))
            return
        self._bot_ready(self.settings.base_url, health)

    def _bot_ready(self, base_url: str, health: dict[str, object]) -> None:
        self.client = WebhookClient(base_url, self.settings.auth_token)
        mode = health.get("mode", "?")
        self.sub_title = f"{mode} receptionist at {base_url}"
        signing = (
            "signing with a session token"
            if self.settings.token_generated
            else ("signing with TWILIO_AUTH_TOKEN" if self.settings.auth_token else "NOT signing")
        )
        password = (f"password {self.settings.owner_password}" if self.settings.owner_password
                    else "your OWNER_PASSWORD")
        self._set_status(f"Ready: {mode} mode, {signing}. Press F2 to call. "
                         f"Dashboard: {base_url}/owner ({password})")
        self.refresh_crm()
        self.settled.set()

    def _bot_failed(self, error: BotStartError) -> None:
        self._set_status(f"The bot is not running: {error}")
        conversation = self.query_one("#conversation", VerticalScroll)
        lines = "".join(f"\n{line}" for line in error.lines[-20:])
        conversation.mount(Static(Text(f"⚠ {error}{lines}"), classes="error"))
        self._copy_bot_log()
        self.failure = error
        self.settled.set()

    def _copy_bot_log(self) -> None:
        if self.bot is None:
            return
        total = self.bot.lines_seen
        new = total - self._log_lines_shown
        if new > 0:
            lines = list(self.bot.output)[-new:]
            self.query_one("#bot-log", Log).write_lines(lines)
            self._log_lines_shown = total

    # ------------------------------------------------------------ Calling

    def _caller_number(self) -> str:
        return self.query_one("#caller-number", Input).value.strip()

    def _dialled(self) -> str | None:
        """The dialer's number in E.164, as Twilio would send it, or None (and a notice
        saying why, with the keyboard back in the number) when it is not a phone number."""
        typed = self._caller_number()
        number = dialled_number(typed, self.settings.account.business_number)
        if number is None:
            self.notify(f"{typed!r} is not a phone number: type one as you would dial it, like "
                        "(415) 555-0123, or with + and the country code", severity="error")
            self.query_one("#caller-number", Input).focus()
        return number

    def action_place_call(self) -> None:
        """Place a call from the number in the dialer; the keyboard moves to what the caller
        says."""
        number = self._dialled()
        if number is None:
            return
        self.query_one("#caller-number", Input).value = number
        self.query_one("#say", Input).focus()
        self.place_call(number)

    @on(Button.Pressed, "#call")
    def call_pressed(self) -> None:
        """The Call button."""
        self.action_place_call()

    @on(Button.Pressed, "#hang-up")
    def hang_up_pressed(self) -> None:
        """The Hang up button."""
        self.action_hang_up()

    @work(group="call")
    async def place_call(self, number: str) -> None:
        """Ring the bot from a number and show its greeting."""
        async with self._call_lock:
            if self.client is None:
                self.notify("The bot is not ready yet.", severity="warning")
                return
            if self.call is not None and self.call.state is not CallState.ENDED:
                self.notify("You are already on a call: F3 hangs up.", severity="warning")
                return
            self.call = Call(self.client, self.settings.account, number,
                             stir_verstat=self.stir_verstat)
            self.call.on_token = self._token_arrived
            conversation = self.query_one("#conversation", VerticalScroll)
            await conversation.remove_children()
            self._mark(f"Calling {self.settings.account.business_number} from {number} "
                       f"({attestation_label(self.stir_verstat)})…")
            rows = self.crm.query("SELECT max(rowid) AS id FROM outbox") if self.crm else []
            self._texts_after = (rows[0].get("id") or 0) if rows else 0
            self._texts_shown = set()
            self.selected_call = self.selected_text = None
            await self._play(self.call.start())

    def action_next_attestation(self) -> None:
        """F9: the next calls' caller ID verdict, in turn attested (A), B, C, failed, none."""
        values = list(ATTESTATIONS.values())
        current = values.index(self.stir_verstat) if self.stir_verstat in values else -1
        self.stir_verstat = values[(current + 1) % len(values)]
        self.notify(f"Next calls: {attestation_label(self.stir_verstat)}")

    def action_hang_up(self) -> None:
        """Hang up the current call."""
        self.hang_up()

    @work(group="call")
    async def hang_up(self) -> None:
        """The caller hangs up; the status callback follows."""
        async with self._call_lock:
            if self.call is None or self.call.state in (CallState.ENDED, CallState.IDLE):
                self.notify("There is no call to hang up.", severity="warning")
                return
            await self._play(self.call.hang_up())

    @on(Input.Submitted, "#say")
    def caller_line(self, event: Input.Submitted) -> None:
        """What the caller says: speech, silence (empty) or keypad digits. On a relay call
        whose reply is still streaming, the caller talks over the bot (barge-in)."""
        event.input.clear()
        call = self.call
        turn = call.last_turn if call is not None else None
        streaming = (call is not None and call.relay is not None and turn is not None
                     and not turn.complete and turn.handoff is None
                     and self._call_lock.locked())
        if streaming and event.value.strip() and not is_keypad(event.value):
            self.workers.cancel_group(self, "call")  # stop reading the old reply
            self.barge_in(event.value.strip())
            return
        self.speak(event.value)

    @work(group="barge-in")
    async def barge_in(self, line: str) -> None:
        """Talk over the bot: Twilio sends what was heard, then the new words."""
        async with self._call_lock:
            if self.call is not None and self.call.state is not CallState.ENDED:
                await self._play(self.call.barge_in(line))

    def _token_arrived(self, token: Token) -> None:
        """A streamed token of the bot's reply, shown as it arrives (relay calls)."""
        live = self.query_one("#live", Static)
        turn = self.call.last_turn if self.call is not None else None
        live.update(Text(f"bot (streaming): {turn.text if turn else token.text}"))
        live.display = True

    @work(group="call")
    async def speak(self, line: str) -> None:
        """Send one caller line as Twilio would post it."""
        async with self._call_lock:
            call = self.call
            if call is None or call.state is CallState.ENDED:
                self.notify("Place a call first (F2).", severity="warning")
                return
            line = line.strip()
            if not line:
                await self._play(call.stay_silent())
            elif is_keypad(line):
                await self._play(call.press(line))
            else:
                await self._play(call.say(line))

    async def _play(self, step: Any) -> None:
        """Show a call step's events; ask how a transfer goes when Twilio starts dialing."""
        events = await step
        self.query_one("#live", Static).display = False
        self._show(events, "#conversation")
        call = self.call
        while call is not None and call.state is CallState.DIALING:
            target = call.events[-1].attrs.get("to", "another number")
            outcome = await self.push_screen_wait(DialOutcomeScreen(target))
            self._show(await call.finish_dial(outcome), "#conversation")
        ended = call is None or call.state is CallState.ENDED
        recording = call is not None and call.state is CallState.RECORDING
        self.query_one("#say", Input).placeholder = (
            RECORD_PLACEHOLDER if recording else SAY_PLACEHOLDER
        )
        self.query_one("#hang-up", Button).disabled = ended
        self.query_one("#call", Button).disabled = not ended
        if ended:
            # The summary is written just after the status callback: look twice.
            self.refresh_crm()
            self.set_timer(1.5, self.refresh_crm)

    # ------------------------------------------------------------ Texting

    def _show_sms_sender(self) -> None:
        self.query_one("#sms-from", Static).update(
            f"Texting {self.settings.account.business_number} from {self._caller_number()} "
            "(the number on the Phone tab)"
        )

    @on(Input.Changed, "#caller-number")
    def caller_number_changed(self) -> None:
        """The SMS tab texts from whatever number the dialer holds."""
        self._show_sms_sender()

    @on(Input.Submitted, "#sms-body")
    def text_typed(self, event: Input.Submitted) -> None:
        """Send a text to the bot."""
        if event.value.strip():
            event.input.clear()
            self.send_text(event.value.strip())

    @work(group="sms")
    async def send_text(self, body: str) -> None:
        """Post the incoming-SMS webhook and show the reply."""
        if self.client is None:
            self.notify("The bot is not ready yet.", severity="warning")
            return
        number = self._dialled()
        if number is None:
            return
        thread = self.threads.get(number)
        if thread is None:
            thread = self.threads[number] = TextThread(self.client, self.settings.account, number)
        self._show(await thread.send(body), "#sms-thread")
        self.refresh_crm()

    # ------------------------------------------------------------ Showing events

    def _show(self, events: list[Event], where: str) -> None:
        container = self.query_one(where, VerticalScroll)
        widgets = [event_widget(event) for event in events]
        if widgets:
            container.mount_all(widgets)
            container.scroll_end(animate=False)
        for event in events:
            if event.exchange is not None:
                self._set_status(event.exchange.summary())

    def _show_call_texts(self, rows: list[Row]) -> None:
        """The texts a call made the bot send, in the call's view: to the caller, or to the
        owner (any other number: the owner's alerts)."""
        caller = self.call.caller if self.call is not None else None
        for row in rows:
            to = row.get("to_number") or "?"
            whom = "the caller" if to == caller else f"the owner ({to})"
            kind = "Push to the owner" if row.get("kind") == "push" else f"Text to {whom}"
            self.query_one("#conversation", VerticalScroll).mount(
                Static(Text(f"✉ {kind}: {row.get('body', '')}"), classes="text-sent"))
        self.query_one("#conversation", VerticalScroll).scroll_end(animate=False)

    def _mark(self, text: str) -> None:
        self.query_one("#conversation", VerticalScroll).mount(
            Static(Text(f"· {text}"), classes="mark")
        )

    def _set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(Text(text))

    def action_toggle_raw(self) -> None:
        """Show or hide the raw requests, parameters and TwiML."""
        self.show_raw = not self.show_raw
        for where in ("#conversation", "#sms-thread"):
            self.query_one(where).set_class(self.show_raw, "show-raw")

    def action_show_tab(self, tab: str) -> None:
        """Switch to a tab, and to the widget one types into (or reads) there."""
        self.query_one(TabbedContent).active = tab
        # Focus must move into the new pane: a pane holding the focus takes the screen back.
        self.query_one(FOCUS_IN_TAB[tab]).focus()

    # ------------------------------------------------------------ The CRM view

    def _update_view(self, update: Callable[..., None], *args: Any) -> None:
        """Update the view from the CRM's thread, unless the view is gone by then (the app
        closing while the thread read the CRM)."""
        def guarded() -> None:
            with contextlib.suppress(NoMatches):
                update(*args)

        self.call_from_thread(guarded)

    @work(thread=True, exclusive=True, group="crm")
    def refresh_crm(self) -> None:
        """Read the CRM (in a thread: SQLite blocks) and update the view if it changed."""
        crm = self.crm
        if crm is None:
            self._update_view(self._show_detail, NO_CRM)
            return
        customers = crm.customers()
        calls = crm.calls()
        outbox = crm.outbox()[::-1]
        sid = self.selected_call or (calls[0]["sid"] if calls else None)
        detail = self._detail(crm, sid, calls)
        if self.selected_customer is not None:
            detail = self._customer_detail(crm, self.selected_customer, customers)
        if self.selected_text is not None:
            detail = self._text_detail(self.selected_text, outbox)
        if self._texts_after is not None:
            news = [row for row in outbox[::-1] if (row.get("id") or 0) > self._texts_after
                    and row.get("id") not in self._texts_shown]
            if news:
                self._texts_shown.update(int(row.get("id") or 0) for row in news)
                self._update_view(self._show_call_texts, news)
        snapshot = (tuple(map(repr, customers)), tuple(map(repr, calls)), repr(outbox), detail)
        if snapshot != self._crm_snapshot:
            self._crm_snapshot = snapshot
            self._update_view(self._fill_crm, customers, calls, outbox, detail)

    def _detail(self, crm: CrmReader, sid: str | None, calls: list[Row]) -> str:
        if sid is None:
            return "No calls yet."
        call = next((c for c in calls if c.get("sid") == sid), None) or crm.call(sid) or {}
        lines = [
            f"Call {sid}",
            f"from {call.get('phone') or '?'}  ·  {call.get('status') or '?'}  ·  "
            f"{call.get('duration') or 0} s  ·  started "
            f"{local_stamp(call.get('started_at'), self.zone, seconds=True) or '?'}",
            "",
            "Transcript",
        ]
        for turn in crm.turns(sid):
            who = "Caller" if turn.get("role") == "caller" else "Bot"
            lines.append(f"  {who}: {turn.get('text', '')}")
        lines += ["", "Summary", f"  {call.get('summary') or '(not yet)'}"]
        notes = crm.notes_for_call(sid)
        if notes:
            lines += ["", "Notes"]
            lines += [f"  [{n.get('kind', 'note')}] {n.get('body', '')}" for n in notes]
        return "\n".join(lines)

    def _customer_detail(self, crm: CrmReader, customer_id: int, customers: list[Row]) -> str:
        customer = next((c for c in customers if c.get("id") == customer_id), {})
        lines = [
            f"{customer.get('name') or 'Unknown name'}  ·  {customer.get('phone') or '?'}"
            + (f"  ·  {customer['email']}" if customer.get("email") else "")
            + ("  ·  opted out of texts" if customer.get("opted_out") else ""),
            "",
            "Notes",
        ]
        lines += [
            f"  [{n.get('kind', 'note')}] {n.get('body', '')}" for n in crm.notes(customer_id)
        ] or ["  (none)"]
        texts = crm.sms(customer_id)
        if texts:
            lines += ["", "Texts"]
            lines += [
                f"  {'→ bot' if t.get('direction') == 'in' else '← bot'}: {t.get('body', '')}"
                for t in texts
            ]
        appointments = crm.appointments(customer_id)
        if appointments:
            lines += ["", "Appointments"]
            lines += [
                f"  {local_stamp(a.get('starts_at'), self.zone)} {a.get('service') or ''} "
                f"({a.get('status')})"
                for a in appointments
            ]
        return "\n".join(lines)

    def _text_detail(self, text_id: int, outbox: list[Row]) -> str:
        text = next((t for t in outbox if t.get("id") == text_id), {})
        lines = [
            f"{str(text.get('kind') or 'sms').upper()} to {text.get('to_number') or '?'}  ·  "
            f"{text.get('status') or '?'}  ·  "
            f"{local_stamp(text.get('created_at'), self.zone, seconds=True) or '?'}",
            "",
            str(text.get("body") or ""),
        ]
        if text.get("error"):
            lines += ["", f"Error: {text['error']}"]
        return "\n".join(lines)

    def _fill_crm(
        self, customers: list[Row], calls: list[Row], outbox: list[Row], detail: str
    ) -> None:
        table = self.query_one("#customers", DataTable)
        table.clear()
        for c in customers:
            table.add_row(
                c.get("name") or "",
                c.get("phone") or "",
                c.get("email") or "",
                local_stamp(c.get("created_at"), self.zone),
                key=str(c.get("id")),
            )
        table = self.query_one("#calls", DataTable)
        table.clear()
        for c in calls:
            table.add_row(
                local_stamp(c.get("started_at"), self.zone),
                c.get("name") or c.get("phone") or "",
                c.get("status") or "",
                str(c.get("duration") or ""),
                str(c.get("turn_count") or 0),
                shortened(c.get("summary")),
                key=str(c.get("sid")),
            )
        table = self.query_one("#outbox", DataTable)
        table.clear()
        for t in outbox:
            table.add_row(
                local_stamp(t.get("created_at"), self.zone),
                t.get("to_number") or "",
                t.get("status") or "",
                shortened(t.get("body")),
                key=str(t.get("id")),
            )
        self._show_detail(detail)
        options = [
            (f"{c.get('name') or 'unnamed'}  {c.get('phone')}", str(c.get("phone")))
            for c in customers
            if c.get("phone")
        ]
        select = self.query_one("#customer", Select)
        if options != getattr(select, "_harness_options", None):
            select._harness_options = options  # type: ignore[attr-defined]
            select.set_options(options)

    def _show_detail(self, text: str) -> None:
        self.query_one("#detail", Static).update(Text(text))

    @on(DataTable.RowSelected, "#calls")
    def call_chosen(self, event: DataTable.RowSelected) -> None:
        """Show a call's transcript, summary and notes."""
        self.selected_call = event.row_key.value
        self.selected_customer = self.selected_text = None
        self.refresh_crm()
        self._read_detail(event)

    def _read_detail(self, event: DataTable.RowSelected) -> None:
        """The keyboard goes to the detail, to scroll it (Escape comes back to this list)."""
        pane = self.query_one(DetailPane)
        pane.came_from = event.data_table
        pane.scroll_home(animate=False)
        pane.focus()

    @staticmethod
    def _chosen_id(event: DataTable.RowSelected) -> int | None:
        """The id of a chosen customer or text (their rows are keyed by it)."""
        key = event.row_key.value
        return int(key) if key and key.isdigit() else None

    @on(DataTable.RowSelected, "#customers")
    def customer_chosen(self, event: DataTable.RowSelected) -> None:
        """Show a customer's notes, texts and appointments."""
        self.selected_customer, self.selected_text = self._chosen_id(event), None
        self.refresh_crm()
        self._read_detail(event)

    @on(DataTable.RowSelected, "#outbox")
    def text_chosen(self, event: DataTable.RowSelected) -> None:
        """Show the whole of a text the bot sent or kept (an owner alert)."""
        self.selected_text, self.selected_customer = self._chosen_id(event), None
        self.refresh_crm()
        self._read_detail(event)

    @on(Select.Changed, "#customer")
    def customer_picked(self, event: Select.Changed) -> None:
        """Calling as a known customer: their number goes into the dialer."""
        if isinstance(event.value, str):
            self.query_one("#caller-number", Input).value = event.value


async def save_screenshot(settings: Settings, output: Path) -> None:
    """Play a short call in a headless simulator and save an SVG of it (for the README)."""
    app = PhoneSimulator(settings)
    async with app.run_test(size=(110, 32)) as pilot:
        await app.settled.wait()
        if app.failure is not None:
            raise app.failure
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        for line in (
            "What are your opening hours?",
            "I'd like to leave a message",
            "This is Ann, please call me back about a tune-up.",
        ):
            await pilot.click("#say")
            app.query_one("#say", Input).value = line
            await pilot.press("enter")
            await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        app.save_screenshot(filename=output.name, path=str(output.parent or "."))


if __name__ == "__main__":
    from harness.__main__ import main

    raise SystemExit(main())
