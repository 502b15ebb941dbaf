"""`python bot.py check --live`: the bot asks its own public URL for /health (through the
tunnel, as Twilio would reach it) and says in one line whether Twilio will get through: ok,
a DNS failure, a TLS failure, a timeout, nothing listening, another app answering, or the bot
answering but unhealthy; in relay mode, whether the wss:// socket opens too. Every server here
is local: the bot behind Hypercorn on loopback, a stand-in app, a socket that never answers."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import TOKEN
from hypercorn.asyncio import serve
from hypercorn.config import Config as HypercornConfig
from quart import Quart
from system import program
from test_cli import run_bot

import bot
from harness.twilio_sim import free_port

pytestmark = pytest.mark.sqlite_only  # the tunnel is under test, not the CRM


def loopback_socket() -> socket.socket:
    """A socket bound to a free loopback port, held until its server is done: a port found free
    and let go (free_port) was once taken by another test's server first, whose /health then
    answered this test's check."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


@asynccontextmanager
async def hypercorn(app: Any, sock: socket.socket, **tls: str) -> AsyncIterator[None]:
    """Serve an app on a bound loopback socket (with TLS when given a certfile and keyfile);
    Hypercorn serves a copy of it, and the socket is closed after."""
    port = sock.getsockname()[1]
    settings = HypercornConfig()
    settings.bind = [f"fd://{os.dup(sock.fileno())}"]
    settings.accesslog = None
    for name, value in tls.items():
        setattr(settings, name, value)
    stop = asyncio.Event()
    server = asyncio.create_task(serve(app, settings, shutdown_trigger=stop.wait))
    try:
        for _ in range(200):
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                break
            except OSError:
                await asyncio.sleep(0.02)
        yield
    finally:
        stop.set()
        await server
        sock.close()


@pytest.fixture
def served_bot(config: bot.Config) -> Callable[..., Any]:
    """The bot itself, served on loopback with PUBLIC_BASE_URL pointing at it."""

    @asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[bot.PhoneAssistant]:
        sock = loopback_socket()
        port = sock.getsockname()[1]
        settings = replace(config, public_base_url=f"http://127.0.0.1:{port}", **overrides)
        crm = await bot.open_crm(settings)
        assistant = bot.PhoneAssistant(settings, bot.load_profile(settings.business_profile),
                                       crm, bot.Telephone(settings, crm))
        app = bot.create_app(settings)
        app.extensions["assistant"] = assistant
        async with hypercorn(app, sock):
            yield assistant

    return start


async def test_the_bot_answering_through_its_public_url_is_ok(
        served_bot: Callable[..., Any]) -> None:
    async with served_bot() as assistant:
        url = assistant.config.webhook_url("/health")
        assert await bot.live_check(assistant.config) == [
            f"ok: Twilio will reach the bot at {url} (offline mode, sqlite CRM)"]


async def test_relay_mode_also_opens_the_signed_socket(served_bot: Callable[..., Any]) -> None:
    async with served_bot(voice_mode="relay") as assistant:
        config = assistant.config
        assert await bot.live_check(config) == [
            f"ok: Twilio will reach the bot at {config.webhook_url('/health')} (offline mode, "
            "sqlite CRM)",
            f"ok: the ConversationRelay socket answers at {config.relay_url}"]
        calls = await assistant.crm.rows("SELECT count(*) AS n FROM calls")
        assert calls == [{"n": 0}]  # refused without a call's token: nothing stored


async def test_a_relay_socket_signed_with_another_token_is_named(
        served_bot: Callable[..., Any]) -> None:
    async with served_bot(voice_mode="relay") as assistant:
        config = replace(assistant.config, twilio_auth_token="0" * 32)
        assert (await bot.live_check(config))[1] == (
            f"NO: the ConversationRelay socket at {config.relay_url} was refused (HTTP 403): "
            "the bot refused the signature: is TWILIO_AUTH_TOKEN this bot's, and "
            "PUBLIC_BASE_URL the tunnel's address?")


async def test_an_unhealthy_bot_is_named(served_bot: Callable[..., Any]) -> None:
    async with served_bot() as assistant:
        assistant.crm.write_failed("save_turn", "database or disk is full")
        assert await bot.live_check(assistant.config) == [
            f"NO: the bot answers at {assistant.config.webhook_url('/health')} but is unhealthy "
            "(HTTP 503, database unwritable): callers get apologies; see its log"]


@pytest.mark.parametrize(("status", "body"), [(200, "Hello from another app"), (404, "")])
async def test_another_app_answering_is_named(status: int, body: str) -> None:
    sock = loopback_socket()
    port = sock.getsockname()[1]
    other = Quart("other")

    @other.route("/health")
    async def health() -> tuple[str, int]:
        return body, status

    async with hypercorn(other, sock):
        config = bot.Config(public_base_url=f"http://127.0.0.1:{port}")
        assert await bot.live_check(config) == [
            f"NO: something else answers at http://127.0.0.1:{port}/health (HTTP {status}, not "
            "this bot's /health): does the tunnel point at the bot's PORT?"]


async def test_a_name_that_does_not_resolve_is_a_dns_failure() -> None:
    config = bot.Config(public_base_url="https://bot.invalid")
    assert await bot.live_check(config) == [
        "NO: DNS cannot find bot.invalid: is the tunnel running, and PUBLIC_BASE_URL its "
        "current address (a quick tunnel's changes at every start)?"]


async def test_a_port_nobody_listens_on_is_named() -> None:
    port = free_port()
    config = bot.Config(public_base_url=f"http://127.0.0.1:{port}")
    assert await bot.live_check(config) == [
        f"NO: nothing answers at 127.0.0.1:{port} (connection refused): is the tunnel "
        "running?"]


async def test_a_server_that_never_answers_is_a_timeout() -> None:
    with socket.socket() as silent:  # accepts connections (the kernel does), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        config = bot.Config(public_base_url=f"http://127.0.0.1:{port}")
        assert await bot.live_check(config, timeout=0.5) == [
            f"NO: no answer from http://127.0.0.1:{port}/health within 0.5 s (Twilio gives "
            "up after 15 s): is the tunnel connected to the bot?"]


async def test_a_certificate_twilio_would_refuse_is_a_tls_failure(tmp_path: Path) -> None:
    openssl = program("openssl", "openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    sock = loopback_socket()
    port = sock.getsockname()[1]
    app = Quart("self_signed")
    async with hypercorn(app, sock, certfile=str(cert), keyfile=str(key)):
        config = bot.Config(public_base_url=f"https://127.0.0.1:{port}")
        [line] = await bot.live_check(config)
    assert line.startswith(f"NO: TLS failed for 127.0.0.1:{port} (")
    assert line.endswith("): Twilio only calls https:// with a valid certificate")
    assert "certificate verify failed" in line


def test_check_live_says_it_in_the_check_output_and_its_exit_code(tmp_path: Path) -> None:
    """The command line: the usual check, then the live line; exit 1 when Twilio will not
    get through, and no PUBLIC_BASE_URL at all is named."""
    port = free_port()
    result = run_bot("check", "--live", CRM_DB=str(tmp_path / "crm.sqlite"),
                     PUBLIC_BASE_URL=f"https://127.0.0.1:{port}", TWILIO_AUTH_TOKEN=TOKEN)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"live             NO: nothing answers at 127.0.0.1:{port} (connection refused): is "
        "the tunnel running?")
    result = run_bot("check", "--live", CRM_DB=str(tmp_path / "crm.sqlite"))
    assert (result.returncode, result.stdout.splitlines()[-1]) == (
        1, "live             NO: PUBLIC_BASE_URL is not set: Twilio cannot reach the bot")


async def test_check_alert_texts_the_owner_once_per_outage(config: bot.Config) -> None:
    """`check --live --alert` from a cron job or timer every few minutes (issue 17 item 13):
    the owner gets one text when Twilio cannot reach the bot, none while it stays down, one
    when it is back, and nothing while all is well."""
    from twilio.rest import Client

    from tests.fakes import FakeTwilioHttp, account_sid

    http = FakeTwilioHttp()
    client = Client(account_sid(), "token", http_client=http)
    profile = bot.load_profile(config.business_profile, config.country)
    down = ["NO: DNS cannot find bot.example.com: is the tunnel running, and PUBLIC_BASE_URL its "
            "current address (a quick tunnel's changes at every start)?"]
    up = ["ok: Twilio will reach the bot at https://bot.example.com/health (offline mode, "
          "sqlite CRM)"]

    async def check(lines: list[str]) -> str | None:
        return await bot.alert_owner_of_outage(config, profile, lines, client)

    assert await check(up) is None and http.messages == []
    assert await check(down) == "texted the owner that calls are not reaching the bot"
    assert [(m["To"], m["Body"]) for m in http.messages] == [(profile.owner_mobile, (
        # Every text to the owner has its addresses defanged, the bot's own too.
        f"{profile.name}: calls are NOT reaching the receptionist (DNS cannot find "
        "bot(.)example(.)com: is the tunnel running, and PUBLIC_BASE_URL its current address (a "
        "quick tunnel's changes at every start)?). Callers hear Twilio's error until it is "
        "fixed; you get one text when it is back."))]
    line = await check(down)
    assert line is not None and line.startswith("the owner was texted at ")
    assert line.endswith(" that calls are not reaching the bot; no new text")
    assert len(http.messages) == 1
    assert await check(up) == "texted the owner that calls reach the bot again"
    assert http.messages[-1]["Body"].startswith(
        f"{profile.name}: calls reach the receptionist again (down since ")
    assert await check(up) is None and len(http.messages) == 2
    await check(down)  # a new outage: a new text
    assert len(http.messages) == 3


def test_check_alert_is_on_the_command_line(tmp_path: Path) -> None:
    """--alert implies --live and prints only its own lines (it runs every 5 minutes: the
    journal on an SD card, or cron's mail, gets two lines, not the whole configuration);
    without Twilio credentials the text waits in the outbox, and the line says so."""
    port = free_port()
    result = run_bot("check", "--alert", CRM_DB=str(tmp_path / "crm.sqlite"),
                     PUBLIC_BASE_URL=f"https://127.0.0.1:{port}", TWILIO_AUTH_TOKEN=TOKEN)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"live             NO: nothing answers at 127.0.0.1:{port} (connection refused): is "
        "the tunnel running?",
        "alert            Not texted yet: no Twilio credentials (set TWILIO_ACCOUNT_SID and "
        "TWILIO_AUTH_TOKEN); kept in the outbox, it goes out once they are set."]


async def test_check_alert_says_when_the_crm_cannot_be_opened(
    config: bot.Config, tmp_path: Path
) -> None:
    """The alert is kept in the CRM's outbox: with no CRM to open it says so in one line, as a
    line to print, not a traceback."""
    profile = bot.load_profile(config.business_profile, config.country)
    gone = replace(config, crm_db=tmp_path / "no such folder" / "crm.sqlite")
    line = await bot.alert_owner_of_outage(gone, profile, ["NO: DNS cannot find bot.example.com"])
    assert line is not None and line.startswith("NOT texted: the CRM could not be opened (")
