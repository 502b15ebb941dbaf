"""The signing webhook client, Twilio's parameters, the harness's settings and the bot process."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from harness.twilio_sim import (
    BotProcess,
    BotStartError,
    WebhookClient,
    free_port,
    is_loopback_url,
    load_settings,
    mask_phone,
    mask_phones_in,
    sms_segments,
)
from tests.harness_support import RunningBot, StandIn, running_bot


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    yield from running_bot(tmp_path_factory.mktemp("bot"))


def test_the_signature_matches_twilios_known_vector() -> None:
    client = WebhookClient("https://mycompany.com", "12345")
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+14158675309",
        "Digits": "1234",
        "From": "+14158675309",
        "To": "+18005551212",
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert client.signature(url, params) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    assert WebhookClient("https://mycompany.com", None).signature(url, params) is None


async def test_requests_are_signed_over_the_url_as_sent(standin: StandIn) -> None:
    async with WebhookClient(standin.base_url, standin.token) as client:
        post = await client.request(client.url_for("/voice/incoming?x=1#rc=2"), {"A": "1"})
        get = await client.request(client.url_for("/voice/next?x=1"), {"B": "2"}, "GET")

    assert [(r.method, r.path, r.params, r.signed) for r in standin.received] == [
        ("POST", "/voice/incoming?x=1", {"A": "1"}, True),
        ("GET", "/voice/next?x=1&B=2", {"x": "1", "B": "2"}, True),
    ]
    assert (post.status, post.content_type, post.body, post.ok) == (
        200,
        "text/xml",
        "<Response/>",
        True,
    )
    assert get.url == f"{standin.base_url}/voice/next?x=1&B=2"


async def test_a_wrong_token_fails_the_signature(standin: StandIn) -> None:
    async with WebhookClient(standin.base_url, "not-the-token") as client:
        await client.request(client.url_for("/voice/incoming"), {"A": "1"})
    assert standin.received[0].signed is False


async def test_failures_are_recorded_on_the_exchange_not_raised(standin: StandIn) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    async with WebhookClient(closed, "t") as client:
        refused = await client.request(client.url_for("/voice/incoming"), {})
    assert (refused.ok, refused.status, refused.error) == (
        False,
        None,
        "connection failed: ClientConnectorError",
    )

    async def handler(request: web.Request) -> web.Response:
        await asyncio.sleep(1)
        return web.Response(text="<Response/>", content_type="text/xml")

    app = web.Application()
    app.router.add_post("/slow", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    try:
        async with WebhookClient(f"http://127.0.0.1:{port}", "t", timeout=0.2) as client:
            late = await client.request(client.url_for("/slow"), {})
    finally:
        await runner.cleanup()
    assert (late.ok, late.error) == (False, "no answer within 0.2 s")
    assert late.summary().startswith("POST /slow → no answer within 0.2 s in ")


async def test_a_request_the_server_drops_is_sent_once_more_on_a_new_connection() -> None:
    """A keep-alive connection the server closes as the next request arrives (Hypercorn closes
    one idle for 5 s; under load the client has not yet read its close) loses that request
    unanswered. Twilio retries a webhook whose connection fails once (`#rc=`, default 1), the
    same request again: the load driver lost 20 status callbacks in one relay run without it."""
    requests: list[tuple[int, bytes]] = []  # (connection number, the request as sent)
    connections = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        number = connections
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            requests.append((number, head + await reader.readexactly(length)))
            if number == 1 and len(requests) == 2:
                writer.close()  # the first connection's second request: closed, unanswered
                return
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n"
                         b"Content-Length: 11\r\n\r\n<Response/>")
            await writer.drain()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with WebhookClient(f"http://127.0.0.1:{port}", "t") as client:
            incoming = await client.request(client.url_for("/voice/incoming"), {"A": "1"})
            status = await client.request(client.url_for("/voice/status"), {"B": "2"})
    finally:
        server.close()
        await server.wait_closed()

    assert (incoming.ok, status.ok, status.error, status.body) == (True, True, None, "<Response/>")
    assert [number for number, _ in requests] == [1, 1, 2]
    # The retry is the same request again: same body, signature and idempotency token.
    assert requests[1][1] == requests[2][1]
    assert b"I-Twilio-Idempotency-Token" in requests[2][1]


@pytest.mark.parametrize(
    ("number", "masked"),
    [("+14155550123", "•••0123"), ("+441632960961", "•••0961"), ("123", "•••")],
)
def test_phone_numbers_are_masked_to_the_last_four_digits(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("transfer to +14155550100 failed", "transfer to •••0100 failed"),
        ("from +441632960961, to +15005550006", "from •••0961, to •••0006"),
        ("pressed 1234 at 10:30", "pressed 1234 at 10:30"),
    ],
)
def test_numbers_inside_output_are_masked(text: str, masked: str) -> None:
    assert mask_phones_in(text) == masked


@pytest.mark.parametrize(
    ("body", "segments"),
    [("hi", 1), ("x" * 160, 1), ("x" * 161, 2), ("x" * 306, 2), ("é" * 70, 1), ("é" * 71, 2)],
)
def test_sms_segments_are_counted_as_twilio_does(body: str, segments: int) -> None:
    assert sms_segments(body) == segments


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8080", True),
        ("http://localhost:8080", True),
        ("http://[::1]:8080", True),
        ("https://bot.example.com", False),
        ("http://10.0.0.2", False),
    ],
)
def test_only_this_machine_counts_as_loopback(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback


def test_settings_generate_a_token_and_never_pass_the_account_sid(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "TWILIO_ACCOUNT_SID=AC" + "0" * 32 + "\nTWILIO_PHONE_NUMBER=+15005550099\n"
        "LOG_LEVEL=DEBUG\nANTHROPIC_API_KEY=sk-from-file\n"
    )
    settings = load_settings(
        env_file=env_file, environ={"LOG_LEVEL": "WARNING"}, bot_path=tmp_path / "bot.py"
    )

    assert settings.token_generated and len(settings.auth_token or "") == 32
    assert settings.account.sid == "AC" + "0" * 32
    assert settings.account.business_number == "+15005550099"
    # The simulator's own CRM, never the real one (even with CRM_DB set), and its alerts are
    # marked simulated so that no real bot ever sends them.
    assert settings.crm_path == tmp_path / "harness-crm.sqlite"
    assert settings.child_env == {
        "TWILIO_ACCOUNT_SID": "",
        "TWILIO_PHONE_NUMBER": "+15005550099",
        "LOG_LEVEL": "WARNING",
        "ANTHROPIC_API_KEY": "sk-from-file",
        "TWILIO_AUTH_TOKEN": settings.auth_token,
        "CRM_DB": str(tmp_path / "harness-crm.sqlite"),
        "SIMULATOR": "1",
        "OWNER_PASSWORD": settings.owner_password,
    }
    with_crm_db = load_settings(env_file=env_file, environ={"CRM_DB": "shop.sqlite"},
                                bot_path=tmp_path / "bot.py")
    assert with_crm_db.crm_path == tmp_path / "harness-crm.sqlite"
    chosen = load_settings(env_file=env_file, environ={}, bot_path=tmp_path / "bot.py",
                           crm_path=tmp_path / "mine.sqlite")
    assert chosen.crm_path == tmp_path / "mine.sqlite"
    assert len(settings.owner_password or "") == 12  # the dashboard's, for this session
    offline = load_settings(env_file=env_file, environ={}, offline=True)
    assert offline.child_env["ANTHROPIC_API_KEY"] == ""


def test_settings_for_a_remote_bot_sign_with_the_users_token(tmp_path: Path) -> None:
    settings = load_settings(
        url="https://bot.example.com",
        env_file=tmp_path / "missing.env",
        environ={"TWILIO_AUTH_TOKEN": "user-token", "CRM_DB": "x.sqlite"},
    )
    assert (settings.auth_token, settings.token_generated, settings.remote) == (
        "user-token",
        False,
        True,
    )
    assert (settings.crm_path, settings.child_env) == (None, {})


def write_bot(path: Path, source: str) -> Path:
    path.write_text(source)
    return path


def test_a_bot_that_exits_reports_what_it_printed(tmp_path: Path) -> None:
    bot = write_bot(
        tmp_path / "bot.py",
        "import sys\n"
        "print('bot.py: PORT=\\'x\\' is not a port number', file=sys.stderr)\n"
        "print('bot.py: LOG_LEVEL=\\'LOUD\\' is not one of DEBUG, INFO', file=sys.stderr)\n"
        "sys.exit(2)\n",
    )
    process = BotProcess(bot, {})
    with pytest.raises(BotStartError) as raised:
        process.start(timeout=10)
    assert str(raised.value) == "bot.py exited with code 2"
    assert raised.value.lines == [
        "bot.py: PORT='x' is not a port number",
        "bot.py: LOG_LEVEL='LOUD' is not one of DEBUG, INFO",
    ]
    assert not process.running


def test_a_bot_that_never_answers_is_stopped(tmp_path: Path) -> None:
    bot = write_bot(
        tmp_path / "bot.py", "import time\nprint('thinking', flush=True)\ntime.sleep(60)\n"
    )
    process = BotProcess(bot, {"PATH": "/usr/bin:/bin"})
    with pytest.raises(BotStartError) as raised:
        process.start(timeout=1)
    assert str(raised.value) == "bot.py did not answer /health within 1 s"
    assert raised.value.lines == ["thinking"]
    assert not process.running


def test_a_missing_bot_is_reported(tmp_path: Path) -> None:
    with pytest.raises(BotStartError, match="does not exist"):
        BotProcess(tmp_path / "bot.py", {}).start()


def test_the_child_runs_on_loopback_with_its_public_url(bot: RunningBot) -> None:
    env = bot.process.env
    assert env["HOST"] == "127.0.0.1"
    assert env["PUBLIC_BASE_URL"] == bot.process.base_url == f"http://127.0.0.1:{env['PORT']}"
    assert env["TWILIO_ACCOUNT_SID"] == "" and env["ANTHROPIC_API_KEY"] == ""
    health = {k: v for k, v in bot.process.health.items() if k != "version"}
    assert health == {"status": "ok", "database": "ok", "spooled": 0, "backend": "sqlite",
                      "mode": "offline"}


def test_settings_keep_the_owners_own_dashboard_password(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("OWNER_PASSWORD_HASH='$argon2id$v=19$m=65536,t=3,p=4$x$y'\n")
    settings = load_settings(env_file=env_file, environ={}, bot_path=tmp_path / "bot.py")
    assert settings.owner_password is None
    assert settings.child_env["OWNER_PASSWORD_HASH"].startswith("$argon2id$")
    assert "OWNER_PASSWORD" not in settings.child_env


def test_the_simulators_bot_serves_the_dashboard_with_its_password(bot: RunningBot) -> None:
    import http.cookiejar
    import re
    import urllib.parse
    import urllib.request

    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with browser.open(bot.process.base_url + "/owner/login", timeout=10) as page:
        token = re.search(r'name="csrf" value="([^"]+)"', page.read().decode())
    assert token
    form = urllib.parse.urlencode({"csrf": token.group(1),
                                   "password": bot.process.env["OWNER_PASSWORD"]}).encode()
    with browser.open(bot.process.base_url + "/owner/login", form, timeout=10) as today:
        assert today.url == bot.process.base_url + "/owner/"
        assert "<h1>Today" in today.read().decode()


async def test_the_real_bot_checks_the_harness_signatures(bot: RunningBot) -> None:
    params = {"CallSid": "CA" + "0" * 32, "From": "+14155550123", "To": "+15005550006"}
    async with WebhookClient(bot.process.base_url, bot.settings.auth_token) as signed:
        good = await signed.request(signed.url_for("/voice/incoming"), params)
    async with WebhookClient(bot.process.base_url, "wrong") as forged:
        bad = await forged.request(forged.url_for("/voice/incoming"), params)
    async with WebhookClient(bot.process.base_url, None) as unsigned:
        missing = await unsigned.request(unsigned.url_for("/voice/incoming"), params)
    assert (good.status, bad.status, missing.status) == (200, 403, 403)


def test_a_port_taken_by_another_bot_is_not_mistaken_for_ours(
    bot: RunningBot, tmp_path: Path
) -> None:
    """free_port() releases the port it found before the child binds it: under load another
    harness's bot could take it first, and its /health answered ours. Every webhook then got
    403 from a bot with another token. The child's own token must be accepted before it counts
    as started; a child that cannot listen is reported with what it printed."""
    settings = load_settings(crm_path=tmp_path / "crm.sqlite", offline=True,
                             env_file=tmp_path / "no.env", environ={"PATH": "/usr/bin:/bin"})
    assert settings.auth_token != bot.process.env["TWILIO_AUTH_TOKEN"]
    late = BotProcess.from_settings(settings)
    late.port = bot.process.port  # the port the other bot took meanwhile
    late.base_url = bot.process.base_url
    late.env.update(PORT=str(late.port), PUBLIC_BASE_URL=late.base_url)
    with pytest.raises(BotStartError) as raised:
        late.start(timeout=30)
    assert str(raised.value).startswith("bot.py exited with code")
    assert any("cannot listen" in line for line in raised.value.lines)
    assert not late.running
