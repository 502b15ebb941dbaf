"""Fixtures: a fresh CRM in a temp dir, a fixed clock, and the bot's app around them."""

from __future__ import annotations

import compileall
import fcntl
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# bot.py loads the Claude SDK when Claude is first used; the tests load it once, here, not
# inside an app's 6 s start-up timeout on a loaded machine.
import anthropic
import jinja2
import pytest
from quart import Quart

import bot
from tests.fakes import FakeClaude, call_sid, message_sid, sign
from tests.harness_support import StandIn
from tests.postgres import PostgresServer

__all__ = ["call_sid", "message_sid"]

ROOT = Path(__file__).resolve().parent.parent
CALLER = "+14155550123"
OTHER_CALLER = "+14155550199"
BUSINESS = "+15005550006"
TOKEN = "5f2b0c8e4a7d9e1b3c6f8a0d2e4b6c8a"  # 32 hex digits, as Twilio's are
PUBLIC = "https://bot.example.com"
# A Tuesday, 10:00 in Chicago: inside the sample business's opening hours.
OPEN_NOW = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand (bot parts take it as `clock=`)."""

    def __init__(self, now: datetime = OPEN_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def signed(path: str, params: dict[str, str], token: str = TOKEN) -> dict[str, str]:
    """Headers carrying the signature Twilio would compute for this public URL and form."""
    return {"X-Twilio-Signature": sign(PUBLIC + path, params, token)}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test on a CRM runs on SQLite; a test of the CRM itself (@pytest.mark.both_backends:
    what it stores, claims or finds) runs on PostgreSQL too, unless it is a test of SQLite's
    own faults (@pytest.mark.sqlite_only: its file lock, its pages filling up). Running every
    webhook test twice tested the same orchestrator twice and doubled the suite's time."""
    if "crm_url" not in metafunc.fixturenames:
        return
    node = metafunc.definition
    both = node.get_closest_marker("both_backends") and not node.get_closest_marker("sqlite_only")
    metafunc.parametrize("crm_url", ["sqlite", "postgresql"] if both else ["sqlite"],
                         indirect=True)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers per core. Many tests wait on a child process, a socket or a
    browser; with one worker per core the core sits idle meanwhile (on the 2-core machine,
    issue 19: 925 s with 2 workers, 617 s with 4, load 8-10 both times)."""
    return 2 * len(os.sched_getaffinity(0))


def pytest_configure(config: pytest.Config) -> None:
    """Compile the project's own modules once, before the workers start: the tests start
    bot.py (and the harness, the fakes) as a child about two hundred times, and where
    PYTHONDONTWRITEBYTECODE is set every child would compile bot.py's source again. Python
    reads a cache it finds even then; compileall writes one whatever that setting says."""
    if not hasattr(config, "workerinput"):  # the controller, or a run without workers
        for part in ("bot.py", "postgres_crm.py", "harness", "dashboard", "tests/fakes.py"):
            path = ROOT / part
            if path.is_dir():
                compileall.compile_dir(path, quiet=1, maxlevels=0)
            else:
                compileall.compile_file(path, quiet=1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests reading the whole offline eval (a minute's run, made once per session) go
    first, together: xdist's worksteal gives each worker a run of the list in order and
    steals from the back, so they share one worker, that worker starts the longest run
    first, and no other worker sits waiting for it."""
    def reads_it(item: pytest.Item) -> bool:
        return ("offline_eval" in getattr(item, "fixturenames", ())
                or item.get_closest_marker("whole_eval") is not None)

    items.sort(key=lambda item: not reads_it(item))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the whole test session (started on first use)."""
    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture
def crm_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The CRM's backend, as pytest_generate_tests chose: SQLite (None: the file in the test's
    temp dir) or a fresh database on the session's PostgreSQL server (its URL)."""
    if request.param == "sqlite":
        yield None
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.database()
    yield url
    server.release(url)


@pytest.fixture
def config(tmp_path: Path, crm_url: str | None) -> bot.Config:
    """A configuration on a fresh CRM (on each backend), offline, with signatures checked."""
    return bot.Config(
        crm_db=tmp_path / "crm.sqlite",
        crm_url=crm_url,
        business_profile=ROOT / "business.toml",
        twilio_auth_token=TOKEN,
        public_base_url=PUBLIC,
        validate_twilio_requests=True,
        twilio_phone_number=BUSINESS,
    )


STEP = re.compile(r'(action="[^"]*/voice/process)\?step=t?\d+"')


def without_steps(twiml: str) -> str:
    """TwiML with the step marker taken out of its /voice/process URLs (the marker that tells
    a repeated turn from a new one): what the tests compare with listening(...)."""
    return STEP.sub(r'\1"', twiml)


class Bot:
    """A running app with a test client that signs every request like Twilio, and follows a
    call's Gather to the URL it names (step marker included), as Twilio does."""

    def __init__(self, app: Any, assistant: bot.PhoneAssistant) -> None:
        self.app = app
        self.assistant = assistant
        self.client = app.test_client()
        self.crm = assistant.crm
        self.next_url: dict[str, str] = {}  # by CallSid: where the last Gather posts

    def follow(self, sid: str, twiml: str) -> str:
        """Remember where the call's Gather posts next; the TwiML without step markers."""
        found = re.search(r'<Gather action="([^"]*/voice/process[^"]*)"', twiml)
        if found:
            self.next_url[sid] = found.group(1).replace("&amp;", "&").removeprefix(PUBLIC)
        return without_steps(twiml)

    async def post(
        self, path: str, params: dict[str, str], *, sign: bool = True
    ) -> tuple[int, str]:
        """POST a webhook as Twilio does; the status and body."""
        headers = signed(path, params) if sign else {}
        response = await self.client.post(path, form=params, headers=headers)
        return response.status_code, await response.get_data(as_text=True)

    async def call(self, sid: str, frm: str = CALLER, **extra: str) -> str:
        """Place a call: the TwiML of /voice/incoming. The caller's number is attested
        (StirVerstat A) unless `extra` says otherwise: a real customer on a real carrier."""
        status, body = await self.post("/voice/incoming", {**voice_params(sid, frm), **extra})
        assert status == 200
        return self.follow(sid, body)

    async def say(self, sid: str, speech: str, frm: str = CALLER, **extra: str) -> str:
        """Say something on a call: the TwiML of /voice/process."""
        params = {**voice_params(sid, frm), "SpeechResult": speech, "Confidence": "0.92", **extra}
        if not speech:
            del params["SpeechResult"], params["Confidence"]
        status, body = await self.post(self.next_url.get(sid, "/voice/process"), params)
        assert status == 200
        return self.follow(sid, body)

    async def hear(self, sid: str, speech: str, frm: str = CALLER, **extra: str) -> list[str]:
        """Say something on a call and follow the bot's <Redirect>s as Twilio does: the TwiML
        of /voice/process, then of each /voice/continue it leads to, in order."""
        first = await self.say(sid, speech, frm, **extra)
        return [first, *await self.hear_from(sid, first, frm)]

    async def hear_from(self, sid: str, document: str, frm: str = CALLER) -> list[str]:
        """Follow a document's <Redirect>s as Twilio does: the TwiML of each, in order."""
        import re

        documents = [document]
        while found := re.search(r"<Redirect[^>]*>([^<]+)</Redirect>", documents[-1]):
            url = found.group(1).replace("&amp;", "&")
            assert url.startswith(PUBLIC), url
            status, body = await self.post(url.removeprefix(PUBLIC), voice_params(sid, frm))
            assert status == 200
            documents.append(self.follow(sid, body))
        return documents[1:]

    async def hang_up(self, sid: str, frm: str = CALLER, duration: str = "42") -> str:
        """The completed status callback."""
        params = {**voice_params(sid, frm), "CallStatus": "completed", "CallDuration": duration}
        status, body = await self.post("/voice/status", params)
        assert status == 200
        return body

    async def text(self, body: str, frm: str = CALLER, sid: str | None = None, **extra: str) -> str:
        """Send a text: the TwiML of /sms/incoming."""
        params = sms_params(body, frm, sid or message_sid(), **extra)
        status, reply = await self.post("/sms/incoming", params)
        assert status == 200
        return reply

    async def background_done(self) -> None:
        """Wait for the summaries and alerts the webhooks left running."""
        import asyncio

        while self.app.background_tasks:
            await asyncio.gather(*list(self.app.background_tasks))


def voice_params(sid: str, frm: str = CALLER) -> dict[str, str]:
    """The parameters Twilio sends with every voice webhook."""
    return {
        "AccountSid": "AC" + "0" * 32, "ApiVersion": "2010-04-01", "CallSid": sid,
        "CallStatus": "in-progress", "Direction": "inbound", "From": frm, "To": BUSINESS,
        "Caller": frm, "Called": BUSINESS, "FromCountry": "US", "ToCountry": "US",
        "StirVerstat": bot.ATTESTED,
    }


def sms_params(body: str, frm: str, sid: str, **extra: str) -> dict[str, str]:
    """The parameters Twilio sends with an incoming text."""
    return {
        "AccountSid": "AC" + "0" * 32, "ApiVersion": "2010-04-01", "MessageSid": sid,
        "SmsSid": sid, "From": frm, "To": BUSINESS, "Body": body, "NumMedia": "0",
        "NumSegments": "1", **extra,
    }


@pytest.fixture
def make_bot(config: bot.Config, request: pytest.FixtureRequest) -> Callable[..., Any]:
    """Start the app on a config (overridable), a fixed clock, and optional Claude client."""
    about_the_filler = request.node.get_closest_marker("filler") is not None

    @asynccontextmanager
    async def start(
        claude_client: Any = None, clock: Callable[[], datetime] = lambda: OPEN_NOW,
        twilio_client: Any = None, **overrides: Any,
    ) -> AsyncIterator[Bot]:
        app, assistant = await app_for(replace(config, **overrides), claude_client, clock,
                                       twilio_client)
        # On a test machine loaded by other workers a turn (the offline receptionist's first,
        # the dictionary read; a fake Claude's tool call and its second request) can pass
        # FILLER_SECONDS, and a caller would rightly hear "Let me check." first. The tests of
        # the words are not about that; those about the filler say so (@pytest.mark.filler).
        # Likewise the end of a one-sentence reply, which the API sends right after its last
        # words: a loaded machine can take longer than ENDING_GRACE_SECONDS to read it, and the
        # reply would rightly be said in two parts (a one-sentence reply of a fake Claude, said
        # as the first sentence and then an empty /voice/continue: CI saw it once).
        filler_seconds, grace_seconds = bot.FILLER_SECONDS, bot.ENDING_GRACE_SECONDS
        if not about_the_filler:
            bot.FILLER_SECONDS, bot.ENDING_GRACE_SECONDS = 30.0, 0.25
        try:
            async with app.test_app():
                yield Bot(app, assistant)
        finally:
            bot.FILLER_SECONDS, bot.ENDING_GRACE_SECONDS = filler_seconds, grace_seconds

    return start


async def app_for(
    settings: bot.Config, claude_client: Any = None,
    clock: Callable[[], datetime] = lambda: OPEN_NOW, twilio_client: Any = None,
) -> tuple[Quart, bot.PhoneAssistant]:
    """The app on `settings` (its CRM opened on their backend) and its assistant, on a fixed
    clock and an optional Claude client, not yet serving."""
    profile = bot.load_profile(settings.business_profile, settings.country)
    crm = await bot.open_crm(settings)
    assistant = bot.PhoneAssistant(
        settings, profile, crm, bot.Telephone(settings, crm, twilio_client), claude_client,
        clock=clock,
    )
    app = bot.create_app(settings)
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    app.extensions["assistant"] = assistant
    return app, assistant


class TemplateStore:
    """Compiled templates kept in memory for every app of the session: a test's app compiles
    the dashboard's templates again otherwise, a fifth of a dashboard test's time. (A served
    bot has one app and compiles each template once anyway.)"""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.kept.get(key)

    def set(self, key: str, value: bytes, timeout: int | None = None) -> None:
        self.kept[key] = value


COMPILED_TEMPLATES = jinja2.MemcachedBytecodeCache(TemplateStore())  # type: ignore[arg-type]


@pytest.fixture
async def offline_bot(make_bot: Callable[..., Any]) -> AsyncIterator[Bot]:
    """The bot with the offline receptionist."""
    async with make_bot() as running:
        yield running


@pytest.fixture
def fake_claude() -> Iterator[FakeClaude]:
    """A local fake of the Claude Messages API."""
    with FakeClaude() as fake:
        yield fake


def claude_client(fake: FakeClaude, retries: int = 0, timeout: float = 2.0) -> Any:
    """The real SDK client, pointed at the fake."""
    return anthropic.AsyncAnthropic(
        api_key="test-key", base_url=fake.url, max_retries=retries, timeout=timeout)


@pytest.fixture
async def claude_bot(make_bot: Callable[..., Any], fake_claude: FakeClaude) -> AsyncIterator[Bot]:
    """The bot answering through Claude (the fake), no retries."""
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client) as running:
        yield running
    await client.close()


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    """The harness tests' stand-in bot: scripted TwiML, every signature checked."""
    async with StandIn() as server:
        yield server


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's temporary folder that every xdist worker sees (above each worker's own);
    without workers, the session's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") is not None else base


def once_per_session(
    tmp_path_factory: pytest.TempPathFactory, name: str, produce: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """What `produce` returns (JSON), made once for the whole test session: the first xdist
    worker to ask makes it under a lock in the session's temp dir, the others read it. A
    command that takes a minute then runs once, not once per worker that has a test of it."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return produce()  # one process: the session fixture that calls this keeps it
    shared = shared_folder(tmp_path_factory)
    kept = shared / f"{name}.json"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not kept.exists():
            kept.write_text(json.dumps(produce()))
        return dict(json.loads(kept.read_text()))


@pytest.fixture(scope="session")
def shipped_play(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The shipped scenarios played in the Gather loop (the default voice mode) once for the
    whole session, whichever worker asks first: each one's outcome, and the CRM they made
    (test_migrate moves it to PostgreSQL and back rather than playing them all again)."""
    def produce() -> dict[str, Any]:
        scratch = shared_folder(tmp_path_factory) / "shipped"
        scratch.mkdir()
        from tests.test_harness_scenarios import play_shipped

        results = play_shipped(scratch, relay=False)
        return {"crm": str(scratch / "crm.sqlite"),
                "results": [[*key, r.passed, r.reason] for key, r in results.items()]}

    return once_per_session(tmp_path_factory, "shipped-gather", produce)


def documented_harness(command: str) -> subprocess.CompletedProcess[str]:
    """Run a `python -m harness ...` command of the documentation as written, from the
    repository (globs expanded as the shell would); any .env there is overridden so that no
    real Claude or Twilio account is used."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ANTHROPIC_", "TWILIO_", "CLAUDE_")) and k != "CRM_DB"}
    env.update(ANTHROPIC_API_KEY="", TWILIO_AUTH_TOKEN="", TWILIO_ACCOUNT_SID="")
    words = shlex.split(command)
    files = [str(path.relative_to(ROOT)) for word in words if "*" in word
             for path in sorted(ROOT.glob(word))]  # the shell's glob
    words = [word for word in words if "*" not in word] + files
    return subprocess.run([sys.executable, *words[1:]], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def offline_eval(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """`python -m harness eval --offline`, the whole eval, run once for the session: the
    documentation's command, the offline receptionist's pass mark on our sets and the
    stranger-written sets' figures all read its output (its table per file)."""
    command = "python -m harness eval --offline"

    def produce() -> dict[str, Any]:
        done = documented_harness(command)
        return {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}

    kept = once_per_session(tmp_path_factory, "offline-eval", produce)
    return subprocess.CompletedProcess(command.split(), kept["returncode"], kept["stdout"],
                                       kept["stderr"])


@dataclass(frozen=True)
class FileScore:
    """One scenario file's row in the eval's table per file."""

    passed: int
    total: int
    false_statements: int
    harmful: int


EVAL_FILE_ROW = re.compile(r"^(\S+\.scenario) +(\d+) / (\d+) +[\d.]+% +(\d+) +(\d+)$", re.M)


def eval_file_scores(report: str) -> dict[str, FileScore]:
    """The eval report's table per file: each file's name and its figures."""
    return {name: FileScore(*map(int, figures))
            for name, *figures in EVAL_FILE_ROW.findall(report)}
