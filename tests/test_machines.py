"""Several bot machines behind one number, sharing one PostgreSQL CRM.

Each "machine" is a real `hypercorn bot:app` process on its own loopback port, as behind a load
balancer: every webhook is signed for the one public URL and may reach any of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
import pytest
from conftest import BUSINESS, CALLER, ROOT, TOKEN, call_sid, signed, voice_params
from psycopg.rows import dict_row
from test_cli import clean_env, free_port

from tests.fakes import FakeClaude, Text
from tests.postgres import PostgresServer

MORE = "Is there anything else I can help with?"
ASK = "Of course. What message would you like me to pass on to Sam? Please include your name."
# Open every day, all day, in UTC: what the tests book does not depend on when they run.
ALWAYS_OPEN = """\
name = "Maple Street Bikes"
timezone = "UTC"
owner_name = "Sam"
owner_mobile = "+15005550001"

[hours]
monday = "0:00-24:00"
tuesday = "0:00-24:00"
wednesday = "0:00-24:00"
thursday = "0:00-24:00"
friday = "0:00-24:00"
saturday = "0:00-24:00"
sunday = "0:00-24:00"

[[services]]
name = "Basic tune-up"
price = "$79"
minutes = 60
"""


class Machine:
    """One bot machine: `hypercorn bot:app` on a free loopback port."""

    def __init__(self, name: str, env: dict[str, str], logs: Path) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = logs / f"{name}.log"
        env = {**env, "SPOOL_FILE": str(logs / f"{name}.spool")}  # each its own disk
        with self.log.open("w") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "hypercorn", "bot:app", "--bind", f"127.0.0.1:{self.port}"],
                cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, env=env,
                start_new_session=True)  # its own process group: hypercorn and its worker
        deadline = time.monotonic() + 60
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{name} did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/health", timeout=2) as response:
                # Ready when Claude's SDK has loaded too (it loads once serving has started).
                body = json.loads(response.read())
                return response.status == 200 and body.get("claude", "ready") == "ready"
        except OSError:
            return False

    def kill(self) -> None:
        """The machine dies at once (a power cut): no shutdown, nothing flushed; hypercorn's
        worker process with it."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


class Cluster:
    """Machines sharing one CRM database, and Twilio's side of the wire for all of them."""

    def __init__(self, url: str, env: dict[str, str], logs: Path) -> None:
        self.db_url = url
        self.env = env
        self.logs = logs
        self.machines: list[Machine] = []
        self.http = aiohttp.ClientSession()

    def start(self, count: int) -> list[Machine]:
        started = [Machine(f"machine{len(self.machines) + i + 1}", self.env, self.logs)
                   for i in range(count)]
        self.machines += started
        return started

    async def post(self, machine: Machine, path: str, params: dict[str, str]) -> str:
        """POST a webhook, signed for the public URL, to one machine; the TwiML."""
        async with self.http.post(machine.url + path, data=params,
                                  headers=signed(path, params)) as response:
            assert response.status == 200, await response.text()
            return await response.text()

    async def call(self, machine: Machine, sid: str, frm: str = CALLER) -> str:
        return await self.post(machine, "/voice/incoming", voice_params(sid, frm))

    async def say(self, machine: Machine, sid: str, speech: str, frm: str = CALLER) -> str:
        return await self.post(machine, "/voice/process", {
            **voice_params(sid, frm), "SpeechResult": speech, "Confidence": "0.9"})

    async def hang_up(self, machine: Machine, sid: str) -> str:
        return await self.post(machine, "/voice/status", {
            **voice_params(sid), "CallStatus": "completed", "CallDuration": "30"})

    def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        """A query on the shared database, as the owner would run it."""
        with psycopg.connect(self.db_url, row_factory=dict_row) as conn:
            return conn.execute(sql, params).fetchall()

    async def until(self, sql: str, expected: list[dict[str, Any]], *params: Any,
                    seconds: float = 30) -> None:
        """Wait for background work (summaries, alerts) to show in the database."""
        deadline = time.monotonic() + seconds
        while (found := self.rows(sql, *params)) != expected and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert found == expected

    async def close(self) -> None:
        for machine in self.machines:
            machine.stop()
        await self.http.close()


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "business.toml"
    path.write_text(ALWAYS_OPEN)
    return path


@pytest.fixture
def database(postgres_server: PostgresServer) -> Iterator[str]:
    url = postgres_server.database()
    yield url
    postgres_server.release(url)


@pytest.fixture
def cluster(database: str, profile: Path, tmp_path: Path) -> Callable[..., Any]:
    """Start machines on one database: offline, or answering with a fake Claude."""

    @asynccontextmanager
    async def start(count: int, claude: FakeClaude | None = None) -> AsyncIterator[Cluster]:
        env = clean_env(
            CRM_DB=database, BUSINESS_PROFILE=str(profile), TWILIO_AUTH_TOKEN=TOKEN,
            PUBLIC_BASE_URL="https://bot.example.com", TWILIO_PHONE_NUMBER=BUSINESS,
            LOG_LEVEL="INFO")
        if claude is not None:
            env.update(ANTHROPIC_API_KEY="sk-ant-test-0123456789", ANTHROPIC_BASE_URL=claude.url)
        running = Cluster(database, env, tmp_path)
        try:
            running.start(count)
            yield running
        finally:
            await running.close()

    return start


async def test_the_turns_of_one_call_go_to_any_machine(cluster: Callable[..., Any]) -> None:
    async with cluster(3) as machines:
        first, second, third = machines.machines
        sid = call_sid()
        greeting = await machines.call(first, sid)
        assert "How can I help" in greeting
        assert said(await machines.say(second, sid, "I'd like to leave a message")) == ASK
        assert said(await machines.say(third, sid, "Please call me back about my bike")) == (
            f"Thank you, I've passed that on to Sam. {MORE}")
        hours = said(await machines.say(first, sid, "What are your hours?"))
        assert "open" in hours
        assert [(t["role"], t["text"]) for t in machines.rows(
            "SELECT role, text FROM turns WHERE call_sid = %s ORDER BY id", sid)][1:] == [
            ("caller", "I'd like to leave a message"),
            ("bot", ASK),
            ("caller", "Please call me back about my bike"),
            ("bot", f"Thank you, I've passed that on to Sam. {MORE}"),
            ("caller", "What are your hours?"),
            ("bot", hours),
        ]
        assert machines.rows("SELECT turn_count FROM calls") == [{"turn_count": 3}]


async def test_status_callbacks_to_every_machine_give_one_summary_and_one_alert(
    cluster: Callable[..., Any],
) -> None:
    async with cluster(3) as machines:
        sid = call_sid()
        one, two, three = machines.machines
        await machines.call(one, sid)
        await machines.say(two, sid, "I'd like to leave a message")
        await machines.say(three, sid, "Please call me back about my bike")
        # Twilio retries a status callback it thinks failed: every machine gets it, 4 times.
        await asyncio.gather(*(machines.hang_up(m, sid) for m in machines.machines * 4))
        await machines.until(
            "SELECT kind, count(*) AS n FROM notes WHERE call_sid = %s GROUP BY kind "
            "ORDER BY kind", [{"kind": "message", "n": 1}, {"kind": "summary", "n": 1}], sid)
        await asyncio.sleep(1)  # a second alert would have been written by now
        alerts = machines.rows("SELECT to_number, body FROM outbox")
        assert alerts == [{"to_number": "+15005550001", "body": alerts[0]["body"]}]
        assert "Please call me back about my bike" in alerts[0]["body"]
        assert machines.rows("SELECT summary_state FROM calls") == [{"summary_state": "done"}]


async def test_five_callers_racing_for_one_slot_on_three_machines_get_it_once(
    cluster: Callable[..., Any],
) -> None:
    async with cluster(3) as machines:
        callers = [(call_sid(), f"+1415555010{i}", machines.machines[i % 3]) for i in range(5)]
        for sid, number, machine in callers:
            await machines.call(machine, sid, number)
        answers = await asyncio.gather(*(
            machines.say(machine, sid, "I'd like to book a basic tune-up on Friday at 10am",
                         number) for sid, number, machine in callers))
        assert all("Shall I book it" in a for a in answers), answers  # read back to each
        answers = await asyncio.gather(*(
            machines.say(machine, sid, "yes please, it's Dana Ortiz", number)
            for sid, number, machine in callers))
        booked = [a for a in answers if "You're booked" in a]
        assert len(booked) == 1, answers
        assert len(machines.rows(
            "SELECT * FROM appointments WHERE status = 'booked'")) == 1


async def test_a_machine_killed_mid_turn_leaves_nothing_half_written(
    cluster: Callable[..., Any],
) -> None:
    with FakeClaude(latency=30) as claude:
        async with cluster(2, claude) as machines:
            doomed, survivor = machines.machines
            sid = call_sid()
            greeting = await machines.call(doomed, sid)
            turn = asyncio.ensure_future(machines.say(doomed, sid, "When do you open?"))
            deadline = time.monotonic() + 20
            while not claude.requests and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            assert len(claude.requests) == 1  # the turn is waiting on Claude
            doomed.kill()
            with pytest.raises(aiohttp.ClientError):
                await turn
            # Nothing of the unfinished turn is in the CRM.
            assert [(t["role"], t["text"]) for t in machines.rows(
                "SELECT role, text FROM turns ORDER BY id")] == [("bot", said(greeting))]
            assert machines.rows("SELECT turn_count FROM calls") == [{"turn_count": 0}]
            # Twilio sends the caller's words again (to its fallback, or the next turn): the
            # other machine carries the call on.
            claude.latency = 0
            claude.queue(Text("We open at nine."))
            assert said(await machines.say(survivor, sid, "When do you open?")) == (
                "We open at nine.")
            assert [(t["role"], t["text"]) for t in machines.rows(
                "SELECT role, text FROM turns ORDER BY id")][1:] == [
                ("caller", "When do you open?"), ("bot", "We open at nine.")]


async def test_a_summary_left_by_a_dead_machine_is_finished_by_another(
    cluster: Callable[..., Any],
) -> None:
    with FakeClaude() as claude:
        async with cluster(1, claude) as machines:
            (doomed,) = machines.machines
            sid = call_sid()
            await machines.call(doomed, sid)
            claude.queue(Text("We open at nine."))
            await machines.say(doomed, sid, "When do you open?")
            claude.latency = 30  # the summary will hang...
            await machines.hang_up(doomed, sid)
            deadline = time.monotonic() + 20
            while len(claude.requests) < 2 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            doomed.kill()  # ...and its machine dies with the summary claimed, not written
            assert machines.rows("SELECT summary_state, summary FROM calls") == [
                {"summary_state": "pending", "summary": None}]
            # Long enough ago that nobody is still working on it.
            machines.rows("UPDATE calls SET summary_claimed_at = '2000-01-01T00:00:00+00:00' "
                          "RETURNING sid")
            claude.latency = 0
            claude.queue(Text("Asked when we open; told nine."))
            machines.start(1)  # another machine (or the same one, restarted)
            await machines.until("SELECT summary_state, summary FROM calls", [
                {"summary_state": "done", "summary": "Asked when we open; told nine."}])
            assert machines.rows(
                "SELECT count(*) AS n FROM notes WHERE kind = 'summary'") == [{"n": 1}]


def said(twiml: str) -> str:
    """The words of the <Say>s in a TwiML answer (the disclosure and the greeting are two)."""
    import re

    words = re.findall(r"<Say[^>]*>(.*?)</Say>", twiml)
    assert words, twiml
    return " ".join(words)


