"""The command line: serve, check, forget; bad configuration is one clear line per problem."""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import io
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CALLER, ROOT, TOKEN, call_sid, signed, voice_params

import bot
from tests.fakes import FakeCalendar

pytestmark = pytest.mark.both_backends  # the commands that read and change the CRM


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything of the developer's bot settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ANTHROPIC_", "TWILIO_", "CLAUDE_", "VALIDATE_"))
           and k not in ("PUBLIC_BASE_URL", "HOST", "PORT", "CRM_DB", "BUSINESS_PROFILE")}
    return {**env, "PYTHONUNBUFFERED": "1", **extra}


def run_bot_process(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `python bot.py ARGS` to completion, as its own process."""
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], capture_output=True,
                          text=True, env=clean_env(**env), timeout=60, cwd=ROOT)


def run_bot(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `python bot.py ARGS` to completion in this process: `bot.main`, with the
    environment, folder and output a child would have, on a thread of its own (it runs its own
    event loop, and an async test's loop is busy). A child takes three quarters of a second of
    CPU to start, and the tests ran about fifty; those that serve or start the file as a user
    does (test_operations) use run_bot_process."""
    root = logging.getLogger()
    kept_handlers, kept_level = root.handlers[:], root.level
    kept_loggers = {name: (logging.getLogger(name).level, logging.getLogger(name).filters[:])
                    for name in ("hypercorn.access", "hypercorn.error", "anthropic", "httpx",
                                 "httpx2", "httpcore", "twilio")}
    kept_environ, kept_folder = dict(os.environ), os.getcwd()
    out, err = io.StringIO(), io.StringIO()
    os.environ.clear()
    os.environ.update(clean_env(**env))
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                concurrent.futures.ThreadPoolExecutor(1) as thread:
            code = thread.submit(exit_code_of, args).result(timeout=60)
    finally:
        os.environ.clear()
        os.environ.update(kept_environ)
        os.chdir(kept_folder)
        root.handlers[:], root.level = kept_handlers, kept_level
        for name, (level, filters) in kept_loggers.items():
            logging.getLogger(name).setLevel(level)
            logging.getLogger(name).filters[:] = filters
    return subprocess.CompletedProcess(["bot.py", *args], code, out.getvalue(), err.getvalue())


def exit_code_of(args: tuple[str, ...]) -> int:
    """bot.main's exit code, as `sys.exit(main())` makes it (argparse exits by itself)."""
    try:
        return bot.main(list(args))
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        print(done.code, file=sys.stderr)
        return 1


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_bad_configuration_stops_the_start_with_one_line_each(tmp_path: Path) -> None:
    # Serving, had the setting been taken: a process of its own, which a timeout can stop.
    result = run_bot_process(PORT="eighty", HOST="0.0.0.0", CRM_DB=str(tmp_path / "crm.sqlite"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "bot.py: PORT='eighty' is not a port number (example: PORT=8080)",
        "bot.py: HOST=0.0.0.0 accepts calls from other machines but nothing checks that they "
        "come from Twilio: set TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL "
        "(or VALIDATE_TWILIO_REQUESTS=false to accept the risk)",
    ]
    assert "Traceback" not in result.stderr


def test_a_bad_profile_stops_the_start_too(tmp_path: Path) -> None:
    profile = tmp_path / "business.toml"
    # "Pacific" is a folder in tzdata: it once crashed check and the bot with a traceback.
    profile.write_text('timezone = "Pacific"\n[hours]\nmonday = "10am-6"\n')
    result = run_bot("check", BUSINESS_PROFILE=str(profile), CRM_DB=str(tmp_path / "c.sqlite"))
    assert (result.returncode, result.stderr) == (2, (
        "bot.py: business.toml: timezone 'Pacific' is not a time zone "
        '(example: timezone = "America/Los_Angeles")\n'
        "bot.py: business.toml: [hours] monday = '10am-6': '10am-6' closes before it opens; "
        'write spans like "9:00-17:30" or "9am-5:30pm" (example: monday = "9:00-17:30", or '
        '"closed")\n'))


def test_check_prints_the_configuration_with_secrets_masked(tmp_path: Path) -> None:
    result = run_bot(
        "check", TWILIO_AUTH_TOKEN="5f2b0c8e4a7d9e1b3c6f8a0d2e4babcd",
        ANTHROPIC_API_KEY="sk-ant-hush-wxyz", TWILIO_ACCOUNT_SID="AC" + "0" * 32,
        TWILIO_PHONE_NUMBER="+15005550006", PUBLIC_BASE_URL="https://bot.example.com",
        ANTHROPIC_BASE_URL="https://proxyuser:pr0xyPass@proxy.example.com:8443/",
        CRM_DB=str(tmp_path / "crm.sqlite"),
    )
    assert result.returncode == 0, result.stderr
    # Secrets masked; the owner's own numbers whole, so a typo can be seen.
    assert result.stdout == f"""\
business         Maple Street Bikes (business.toml)
time zone        America/Chicago (the hours below are local time)
  monday         09:00-17:30
  tuesday        09:00-17:30
  wednesday      09:00-17:30
  thursday       09:00-17:30
  friday         09:00-17:30
  saturday       10:00-14:00
  sunday         closed
closed on        2026-12-25, 2027-01-01
closed holidays  Thanksgiving, Christmas Day, New Year's Day (on their dates each year, US \
public holidays)
services         Basic tune-up ($79, 60 min); Flat tire repair ($15 plus the tube, 30 min); \
Full overhaul ($249, 180 min)
faq              3 answers
mode             claude with {bot.DEFAULT_MODEL}
anthropic key    set (…wxyz)
anthropic url    https://proxyuser:***@proxy.example.com:8443/
twilio account   set (…0000)
twilio token     set (…abcd)
twilio number    +15005550006
signatures       checked
public url       https://bot.example.com
listening on     127.0.0.1:8080
crm              SQLite {tmp_path / "crm.sqlite"}
crm reachable    yes (the file is created on the first start)
speech           timeout auto, language en-US, model Twilio default
voice            Polly.Joanna-Neural
hints            Basic tune-up, Flat tire repair, Full overhaul
voice mode       gather
limits           6 calls and 20 texts an hour from one number; 40 turns and 15 minutes a call; \
600 characters of a message read
claude budget    $2.00 a day, $30.00 a month (at $1/$5 per million input/output tokens)
not vouched for  3 upcoming bookings and 2 bookings a call; 20 codes an hour to all numbers, \
texted to US numbers
calls            says "You're speaking with an automated assistant." first; not recorded; \
not screened
caller texts     missed calls texted back (once a number a day); bookings confirmed; reminders \
24 h before; none from 9 PM to 8 AM

owner alerts     texted to +15005550001 from +15005550006
transfers        callers asking for a person are put through to +15005550002, in opening hours

In the Twilio console, for your phone number:
  A call comes in      POST https://bot.example.com/voice/incoming
  Call status changes  POST https://bot.example.com/voice/status
  A message comes in   POST https://bot.example.com/sms/incoming
  and, for each, 'Primary handler fails' (answered even when the CRM is down):
  Call fallback        POST https://bot.example.com/voice/fallback
  Message fallback     POST https://bot.example.com/sms/fallback
"""


def test_check_masks_every_password_in_the_urls_it_prints(tmp_path: Path) -> None:
    """A PostgreSQL CRM_DB's password (in the URL and in its query), a proxy's password and
    an API key in ANTHROPIC_BASE_URL: none is printed, the rest of each URL is (issue 7
    item 21)."""
    with socket.socket() as closed:  # a port nothing listens on: the CRM is unreachable
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = run_bot(
        "check", CRM_DB=f"postgresql://bot:pg-S3cret@127.0.0.1:{port}/crm?sslpassword=ssl-"
                        "S3cret&application_name=bot",
        ANTHROPIC_BASE_URL="https://proxy:pr0xy-S3cret@proxy.example.com/v1?api_key=k3y-S3cret")
    assert result.returncode == 0, result.stderr
    assert "S3cret" not in result.stdout + result.stderr
    lines = {line[:17]: line[17:] for line in result.stdout.splitlines()}
    assert lines["anthropic url    "] == "https://proxy:***@proxy.example.com/v1?api_key=***"
    assert lines["crm              "] == (
        f"PostgreSQL postgresql://bot:***@127.0.0.1:{port}/crm?sslpassword=***"
        "&application_name=bot")
    assert lines["crm reachable    "].startswith("NO: connection failed: ")


def test_check_says_loudly_what_will_not_reach_the_owner(tmp_path: Path) -> None:
    # README step 2 once left out TWILIO_ACCOUNT_SID: every alert then waited silently.
    profile = tmp_path / "business.toml"
    profile.write_text('name = "Shop"\ntimezone = "America/Chicago"\n')
    result = run_bot("check", TWILIO_AUTH_TOKEN="5f2b0c8e4a7d9e1b3c6f8a0d2e4babcd",
                     TWILIO_PHONE_NUMBER="+15005550006",
                     PUBLIC_BASE_URL="https://bot.example.com",
                     BUSINESS_PROFILE=str(profile), CRM_DB=str(tmp_path / "crm.sqlite"))
    assert result.returncode == 0, result.stderr
    loud = [line for line in result.stdout.splitlines() if line.startswith("!!")]
    assert loud == [
        "!! owner alerts will NOT be sent: set TWILIO_ACCOUNT_SID in .env (until then they wait "
        "in the outbox and go out once it is set)",
        "!! owner alerts will NOT be sent: set owner_mobile in business.toml (the mobile that "
        "gets them)",
        "!! transfers will NOT happen: set transfer_number in business.toml (callers asking for "
        "a person are offered voicemail instead)",
    ]


def test_check_says_loudly_that_the_business_profile_is_missing(tmp_path: Path) -> None:
    """A new user moved business.toml away: check printed "our business", closed every day,
    with no warning, and the bot would have gone live answering as that."""
    config = dataclasses.replace(bot.load_config({}),
                                 business_profile=tmp_path / "business.toml")
    profile = bot.load_profile(config.business_profile, config.country)
    loud = [line for line in bot.describe_config(config, profile).splitlines()
            if line.startswith("!!")]
    assert loud[0] == (
        "!! business.toml not found: callers hear \"our business\", closed every day, with no "
        "services (put business.toml back beside bot.py and edit it)"), loud
    (tmp_path / "business.toml").write_text('name = "Shop"\ntimezone = "America/Chicago"\n')
    assert not any("not found" in line for line in bot.describe_config(
        config, bot.load_profile(config.business_profile, config.country)).splitlines())


def test_check_without_a_public_url_offers_no_loopback_url_for_twilio(tmp_path: Path) -> None:
    result = run_bot("check", CRM_DB=str(tmp_path / "crm.sqlite"))
    assert result.returncode == 0, result.stderr
    assert "127.0.0.1:8080/voice" not in result.stdout
    assert "In the Twilio console" not in result.stdout
    assert (
        "!! Twilio cannot reach this bot yet: start a tunnel (see the README), set "
        "PUBLIC_BASE_URL to its https address, and run check again for the URLs to paste into "
        "the Twilio console") in result.stdout.splitlines()


def test_a_misspelled_variable_in_env_stops_the_start(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TWILLIO_AUTH_TOKEN=5f2b0c8e4a7d9e1b3c6f8a0d2e4babcd\n")
    assert bot.dotenv_names(env_file) == ("TWILLIO_AUTH_TOKEN",)
    with pytest.raises(bot.ConfigError) as caught:
        bot.load_config({}, bot.dotenv_names(env_file))
    assert caught.value.problems == [
        "TWILLIO_AUTH_TOKEN in .env is not a setting of ours: did you mean TWILIO_AUTH_TOKEN?"]


def crm_db(config: bot.Config) -> str:
    """CRM_DB for the test's CRM (on either backend)."""
    return config.crm_url or str(config.crm_db)


async def test_forget_deletes_everything_about_a_number(config: bot.Config) -> None:
    db = crm_db(config)
    crm = await bot.open_crm(config)
    customer = await crm.customer_for(CALLER)
    other = await crm.customer_for("+14155550199")
    sid = call_sid()
    await crm.open_call(sid, customer["id"], "inbound")
    await crm.add_turn(sid, "caller", "hello")
    await crm.add_note(customer["id"], "message", "call me")
    await crm.add_note(other["id"], "message", "keep me")
    await crm.record_sms(customer["id"], "in", "hi", "SM" + "1" * 32)
    await crm.save_dialogue_state(sid, {"silences": 1})
    await crm.add_outbox("sms", CALLER, "your appointment")
    # What was answered to them, kept for Twilio's repeats (it holds what they said).
    await crm.claim_answer(f"{sid}:/voice/incoming", sid)
    await crm.claim_answer("sms:SM" + "1" * 32)
    await crm.close()

    result = run_bot("forget", CALLER, CRM_DB=db)
    assert (result.returncode, result.stdout) == (0, (
        "Forgot ***0123: deleted 1 turns, 1 dialogue, 1 calls, 1 texts, 1 notes, 1 outbox, "
        "1 customers.\n"))
    assert run_bot("forget", CALLER, CRM_DB=db).stdout == "Nothing is held about ***0123.\n"

    crm = await bot.open_crm(config)
    try:
        assert await crm.rows("SELECT phone FROM customers") == [{"phone": "+14155550199"}]
        assert await crm.rows("SELECT body FROM notes") == [{"body": "keep me"}]
        for table in ("calls", "turns", "sms", "dialogue", "outbox", "answers"):
            assert await crm.rows(f"SELECT * FROM {table}") == [], table
    finally:
        await crm.close()


async def test_purge_deletes_what_is_older_than_retention_days(config: bot.Config) -> None:
    """`python bot.py purge`: RETENTION_DAYS (or --days) on demand, one line saying what went
    (issue 9); without either it says what it needs."""
    import time_machine

    db = crm_db(config)
    crm = await bot.open_crm(config)
    sid = call_sid()
    with time_machine.travel("2026-01-05T12:00:00+00:00", tick=False):
        customer = await crm.customer_for(CALLER)
        await crm.open_call(sid, customer["id"], "inbound")
        await crm.save_turn(sid, "hello", "Hi, how can I help?", {})
    await crm.close()

    result = run_bot("purge", CRM_DB=db)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", (
        "bot.py: purge needs RETENTION_DAYS (in .env) or --days N: how many days of "
        "transcripts and texts to keep\n"))
    assert run_bot("purge", "--days", "0", CRM_DB=db).returncode == 2
    result = run_bot("purge", CRM_DB=db, RETENTION_DAYS="90")
    assert (result.returncode, result.stdout) == (0, (
        "Purged what was older than 90 days: 2 turns, 1 conversation states.\n"))
    assert run_bot("purge", "--days", "30", CRM_DB=db).stdout == (
        "Nothing was older than 30 days.\n")


def test_forget_refuses_what_is_not_a_number(tmp_path: Path) -> None:
    result = run_bot("forget", "bob", CRM_DB=str(tmp_path / "crm.sqlite"))
    assert (result.returncode, result.stderr) == (
        2, "bot.py: 'bob' is not a phone number (example: +14155550123)\n")
    local = run_bot("forget", "555-01", CRM_DB=str(tmp_path / "crm.sqlite"),
                    TWILIO_PHONE_NUMBER="+15005550006")
    assert (local.returncode, local.stderr) == (
        2, "bot.py: '555-01' is not a phone number (example: +14155550123)\n")


@pytest.fixture
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, Path]]:
    """`python bot.py` (or `hypercorn bot:app`) serving on a free loopback port, its access log
    on (`ACCESS_LOG=true`; "bot.py quietly": the default, off)."""
    port = free_port()
    access_log = "false" if getattr(request, "param", "") == "bot.py quietly" else "true"
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, str(ROOT / "bot.py")]
    if getattr(request, "param", "") == "hypercorn":
        command = [sys.executable, "-m", "hypercorn", "bot:app", "--bind", f"127.0.0.1:{port}",
                   "--access-logfile", "-"]
    if getattr(request, "param", "") == "workers":
        command += ["--workers", "2"]
    log = tmp_path / "bot.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT,
            env=clean_env(PORT=str(port), TWILIO_AUTH_TOKEN=TOKEN, PUBLIC_BASE_URL=base,
                          CRM_DB=str(tmp_path / "crm.sqlite"), LOG_LEVEL="DEBUG",
                          ACCESS_LOG=access_log),
        )
        try:
            deadline = time.monotonic() + 60  # several workers start slowly on 2 busy cores
            while True:
                try:
                    with urllib.request.urlopen(base + "/health", timeout=1) as answer:
                        assert json.load(answer)["mode"] == "offline"
                        break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise AssertionError(log.read_text()) from None
                    time.sleep(0.1)
            yield base, log
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=20)


def post(base: str, path: str, params: dict[str, str], headers: dict[str, str]) -> tuple[int, str]:
    """POST a form to the running bot."""
    import urllib.error
    import urllib.parse

    data = urllib.parse.urlencode(params).encode()
    req = urllib.request.Request(base + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize("served", ["bot.py", "hypercorn", "workers"], indirect=True)
def test_the_served_bot_answers_signed_webhooks_only(served: tuple[str, Path]) -> None:
    base, log = served
    params = voice_params(call_sid())
    signature = signed("/voice/incoming", params)["X-Twilio-Signature"]
    # The test signs for https://bot.example.com; this bot's public URL is its own address.
    from twilio.request_validator import RequestValidator

    good = RequestValidator(TOKEN).compute_signature(base + "/voice/incoming", params)
    status, body = post(base, "/voice/incoming", params, {"X-Twilio-Signature": good})
    assert status == 200 and "Maple Street Bikes" in body
    assert post(base, "/voice/incoming", params, {"X-Twilio-Signature": signature})[0] == 403
    assert post(base, "/voice/incoming", params, {})[0] == 403


@pytest.mark.parametrize("served", ["bot.py", "hypercorn", "workers"], indirect=True)
def test_the_served_bot_logs_no_whole_number(served: tuple[str, Path]) -> None:
    from twilio.request_validator import RequestValidator

    base, log = served
    sid = call_sid()
    for path, extra in [("/voice/incoming", {}),
                        ("/voice/process", {"SpeechResult": "call me at 415 555 0123"}),
                        ("/voice/status", {"CallStatus": "completed", "CallDuration": "9"})]:
        params = {**voice_params(sid), **extra}
        signature = RequestValidator(TOKEN).compute_signature(base + path, params)
        assert post(base, path, params, {"X-Twilio-Signature": signature})[0] == 200
    time.sleep(0.5)
    text = log.read_text()
    assert "ready: offline mode" in text and "***0123" in text
    assert "4155550123" not in text and "555 0123" not in text


@pytest.mark.parametrize("served", ["bot.py", "hypercorn"], indirect=True)
def test_an_encoded_newline_in_the_request_line_cannot_forge_a_log_line(
    served: tuple[str, Path],
) -> None:
    import http.client
    from urllib.parse import urlsplit

    base, log = served
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    connection.request("GET", "/health%0AFORGED-ENTRY%0D%0Aalso-forged")
    assert connection.getresponse().status == 404
    connection.close()
    deadline = time.monotonic() + 5
    while "FORGED-ENTRY" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = log.read_text().splitlines()
    assert any("/health\\nFORGED-ENTRY\\r\\nalso-forged" in line for line in lines)
    assert not any(line.startswith(("FORGED-ENTRY", "also-forged")) for line in lines)


@pytest.mark.parametrize("served", ["bot.py quietly"], indirect=True)
def test_by_default_the_log_has_the_calls_not_every_request(served: tuple[str, Path]) -> None:
    """No access log unless ACCESS_LOG is on (a line per request cost 3-4% of a turn's CPU):
    the bot's own lines say a call was answered and ended."""
    from twilio.request_validator import RequestValidator

    base, log = served
    sid = call_sid()
    for path, extra in [("/voice/incoming", {}),
                        ("/voice/status", {"CallStatus": "completed", "CallDuration": "9"})]:
        params = {**voice_params(sid), **extra}
        signature = RequestValidator(TOKEN).compute_signature(base + path, params)
        assert post(base, path, params, {"X-Twilio-Signature": signature})[0] == 200
    deadline = time.monotonic() + 5
    while f"call {sid} ended" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    text = log.read_text()
    assert f"call {sid} from ***0123 answered" in text and f"call {sid} ended" in text
    assert "hypercorn.access" not in text and "POST /voice" not in text


@pytest.mark.parametrize("served", ["bot.py", "hypercorn"], indirect=True)
def test_the_access_log_shows_no_secret_from_a_url(served: tuple[str, Path]) -> None:
    """The calendar feed's secret address and a token in a query (the relay's per-call one)
    are masked in the access log, which writes every request line (issue 16 item 12)."""
    import urllib.error

    base, log = served
    feed = "Zq3xV9kLw2Rt8YpN4mHs7Jd1Fg6Bc5Ae0Ku-Xo_TiWl"  # secrets.token_urlsafe(32)
    for path in (f"/owner/calendar/{feed}.ics", "/relay?token=Pr1vate-Relay-Token&step=2",
                 "/health?api_key=K3y-In-A-Query"):
        try:
            urllib.request.urlopen(base + path, timeout=10).close()
        except urllib.error.HTTPError:
            pass  # refused or not found: the line is logged all the same
    deadline = time.monotonic() + 5
    while '"GET /health' not in log.read_text().split("/owner/calendar/")[-1] \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    text = log.read_text()
    assert "/owner/calendar/***.ics" in text
    for secret in (feed, "Pr1vate-Relay-Token", "K3y-In-A-Query"):
        assert secret not in text


async def test_digest_prints_the_days_calls_messages_and_appointments(
    config: bot.Config,
) -> None:
    from datetime import UTC, datetime

    db = crm_db(config)
    crm = await bot.open_crm(config)
    dana = await crm.customer_for(CALLER)
    await crm.update_customer(dana["id"], name="Dana")
    sid = call_sid()
    await crm.open_call(sid, dana["id"], "inbound")
    await crm.execute("UPDATE calls SET started_at = '2026-11-24T16:02:00+00:00', duration = 42")
    await crm.save_summary(sid, "Dana asked about her bike.")
    await crm.add_note(dana["id"], "message", "Call me back or see https://evil.example.com",
                       sid)
    await crm.execute("UPDATE notes SET created_at = '2026-11-24T16:03:00+00:00'")
    await crm.book_appointment(dana["id"], "Basic tune-up",
                               datetime(2026, 11, 24, 20, 0, tzinfo=UTC),
                               datetime(2026, 11, 24, 21, 0, tzinfo=UTC))
    await crm.close()
    result = run_bot("digest", "--date", "2026-11-24", CRM_DB=db)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "Maple Street Bikes: Tuesday the 24th of November\n"
        "Calls (1):\n"
        f'  10:02  "Dana" ({CALLER}), 42 s: Dana asked about her bike.\n'
        "Messages (1):\n"
        f'  10:03  "Dana" ({CALLER}): "Call me back or see hxxps://evil(.)example(.)com"\n'
        "Appointments (1):\n"
        f'  14:00  Basic tune-up: "Dana" ({CALLER})\n'
        # At TWILIO_PRICES' defaults: one started minute; nothing heard, texted or asked.
        "Cost: $0.0085 (voice $0.0085, speech $0.0000, texts 0 segments $0.0000, "
        "Claude $0.0000)\n"
    )
    sent = run_bot("digest", "--date", "2026-11-24", "--send", CRM_DB=db)
    assert (sent.returncode, sent.stdout.splitlines()[-1]) == (1, (
        "Not texted yet: no Twilio credentials (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN); "
        "kept in the outbox, it goes out once they are set."))
    assert run_bot("digest", "--date", "someday", CRM_DB=db).stderr == (
        "bot.py: --date 'someday' is not a date (example: 2026-11-24)\n")


def test_call_without_twilio_is_kept_in_the_outbox(tmp_path: Path) -> None:
    db = tmp_path / "crm.sqlite"
    result = run_bot("call", CALLER, "--purpose", "your bike is ready", CRM_DB=str(db),
                     PUBLIC_BASE_URL="https://bot.example.com", TWILIO_AUTH_TOKEN=TOKEN)
    assert (result.returncode, result.stderr) == (1, (
        "bot.py: no Twilio credentials (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, "
        "TWILIO_PHONE_NUMBER): the call was kept in the outbox, not placed\n"))
    no_url = run_bot("call", CALLER, "--purpose", "x", CRM_DB=str(db))
    assert no_url.returncode == 2 and no_url.stderr.startswith("bot.py: PUBLIC_BASE_URL is needed")


def test_hypercorn_with_bad_configuration_says_what_is_wrong(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hypercorn", "bot:app", "--bind", f"127.0.0.1:{free_port()}"],
        capture_output=True, text=True, env=clean_env(PORT="x", CRM_DB=str(tmp_path / "c.db")),
        timeout=60, cwd=ROOT)
    assert result.stdout + result.stderr == (
        "bot.py: PORT='x' is not a port number (example: PORT=8080)\n")


@pytest.mark.parametrize("served", ["workers"], indirect=True)
def test_several_workers_listen_on_host_and_port_and_log_each_line_once(
    served: tuple[str, Path],
) -> None:
    """`python bot.py --workers 2` listens on HOST:PORT (`hypercorn -w 2 bot:app` listened on
    8000 instead) and logs every line once (it logged each twice): issue 7 item 5."""
    base, log = served
    ready = "receptionist for Maple Street Bikes ready"
    deadline = time.monotonic() + 60  # the second worker may start later on a busy machine
    while log.read_text().count(ready) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    probes = [f"probe-{n}" for n in range(6)]  # each request's own User-Agent
    for probe in probes:
        request = urllib.request.Request(base + "/health", headers={"User-Agent": probe})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200
    deadline = time.monotonic() + 10
    while sum(p in log.read_text() for p in probes) < len(probes) and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = log.read_text().splitlines()
    assert [sum('"GET /health 1.1" 200' in line and f'"{p}"' in line for line in lines)
            for p in probes] == [1] * len(probes)
    assert sum(ready in line for line in lines) == 2


def test_check_prints_the_relay_socket_twilio_will_open(tmp_path: Path) -> None:
    result = run_bot(
        "check", VOICE_MODE="relay", TWILIO_AUTH_TOKEN="5f2b0c8e4a7d9e1b3c6f8a0d2e4babcd",
        PUBLIC_BASE_URL="https://bot.example.com",
        CRM_DB=str(tmp_path / "crm.sqlite"),
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "voice mode       relay (ConversationRelay: Twilio opens " \
        "wss://bot.example.com/relay; the tunnel must pass WebSockets)" in lines
    assert lines[lines.index("ConversationRelay (nothing to paste: /voice/incoming hands calls "
                             "to it):") + 1:][:2] == [
        "  Twilio opens         wss://bot.example.com/relay",
        "  and when it ends     POST https://bot.example.com/voice/relay-end"]


def test_check_prints_the_urls_under_a_reverse_proxy_prefix(tmp_path: Path) -> None:
    result = run_bot(
        "check", VOICE_MODE="relay", TWILIO_AUTH_TOKEN="5f2b0c8e4a7d9e1b3c6f8a0d2e4babcd",
        PUBLIC_BASE_URL="https://example.com/shop/", CRM_DB=str(tmp_path / "crm.sqlite"),
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "public url       https://example.com/shop" in lines
    start = lines.index("In the Twilio console, for your phone number:")
    assert lines[start + 1:start + 10] == [
        "  A call comes in      POST https://example.com/shop/voice/incoming",
        "  Call status changes  POST https://example.com/shop/voice/status",
        "  A message comes in   POST https://example.com/shop/sms/incoming",
        "  and, for each, 'Primary handler fails' (answered even when the CRM is down):",
        "  Call fallback        POST https://example.com/shop/voice/fallback",
        "  Message fallback     POST https://example.com/shop/sms/fallback",
        "ConversationRelay (nothing to paste: /voice/incoming hands calls to it):",
        "  Twilio opens         wss://example.com/shop/relay",
        "  and when it ends     POST https://example.com/shop/voice/relay-end"]


# -- forget: typed numbers, every trace, nothing recoverable (issue 7 item 6) --


async def stored_caller(db: Path, number: str = "+13125550114") -> None:
    """A CRM holding a caller at `number`: a call, a text, a note, a booking, and an owner
    alert about them."""
    from datetime import UTC, datetime

    crm = bot.SQLiteCRM(db)
    try:
        customer = await crm.customer_for(number)
        await crm.update_customer(customer["id"], name="Dana Whitfield")
        sid = call_sid()
        await crm.open_call(sid, customer["id"], "inbound")
        await crm.add_turn(sid, "caller", "please call me back on 312 555 0114")
        await crm.add_note(customer["id"], "message", "Dana Whitfield wants a quote")
        await crm.record_sms(customer["id"], "in", "hi from Dana", "SM" + "4" * 32)
        await crm.book_appointment(customer["id"], "Basic tune-up",
                                   datetime(2026, 11, 24, 20, 0, tzinfo=UTC),
                                   datetime(2026, 11, 24, 21, 0, tzinfo=UTC))
        await crm.add_outbox("sms", "+15005550001",
                             f"New message by text from Dana Whitfield ({number}): a quote")
        await crm.add_outbox("sms", "+15005550001", "Someone else called")
    finally:
        await crm.close()


@pytest.mark.parametrize("twilio_number", ["+15005550006", ""])
@pytest.mark.parametrize("typed", ["(312) 555-0114", "3125550114", "+1 312 555 0114"])
async def test_forget_finds_a_number_however_it_is_typed(
    tmp_path: Path, typed: str, twilio_number: str
) -> None:
    # Without a Twilio number yet (the first week), the business profile's country reads it.
    db = tmp_path / "crm.sqlite"
    await stored_caller(db)
    result = run_bot("forget", typed, CRM_DB=str(db), TWILIO_PHONE_NUMBER=twilio_number)
    assert (result.returncode, result.stdout) == (0, (
        "Forgot ***0114: deleted 1 turns, 1 calls, 1 texts, 1 notes, 1 appointments, "
        "1 outbox, 1 customers.\n"))


async def test_forget_leaves_nothing_recoverable_in_the_file(tmp_path: Path) -> None:
    db = tmp_path / "crm.sqlite"
    await stored_caller(db)
    crm = bot.SQLiteCRM(db)
    try:
        counts = await crm.forget("+13125550114")
        assert counts["outbox"] == 1  # the owner's alert about the caller went too
        assert await crm.rows("SELECT body FROM outbox") == [{"body": "Someone else called"}]
        files = [p for p in tmp_path.iterdir() if p.name.startswith("crm.sqlite")]
        for path in files:
            data = path.read_bytes()
            for trace in (b"3125550114", b"Dana Whitfield", b"555 0114", b"a quote"):
                assert trace not in data, (path.name, trace)
    finally:
        await crm.close()


@pytest.mark.parametrize(("statuses", "errors", "sent", "line"), [
    (["sent", "sent"], [None, None], True, "Texted to the owner in 2 texts."),
    (["sent"], [None], True, "Texted to the owner."),
    (["sent", "queued"], [None, "ProxyError"], False,
     "Not texted yet: Twilio could not be reached or refused it for now (ProxyError); kept in "
     "the outbox, the running bot tries again."),
    (["failed"], ["21610"], False, "Not texted: Twilio refused it (21610)."),
    ([], [], False, "Not texted: no owner_mobile in the business profile."),
])
def test_digest_send_says_whether_the_owner_was_really_texted(
    statuses: list[str], errors: list[str | None], sent: bool, line: str
) -> None:
    rows = [{"status": s, "error": e} for s, e in zip(statuses, errors, strict=True)]
    assert bot.how_it_was_sent(rows) == (sent, line)


def test_the_settings_command_prints_the_tables_the_readme_and_env_example_hold() -> None:
    """`python bot.py settings` needs no configuration (it describes it)."""
    markdown = run_bot("settings", "--markdown", PORT="not a port")
    assert (markdown.returncode, markdown.stdout) == (0, bot.settings_markdown())
    example = run_bot("settings", "--env-example")
    assert example.stdout == (ROOT / ".env.example").read_text()
    listed = run_bot("settings")
    assert listed.stdout.splitlines()[0].split() == ["ANTHROPIC_API_KEY", "(none)", "(claude)"]

def test_check_reads_the_owners_calendar_and_never_prints_its_address(tmp_path: Path) -> None:
    with FakeCalendar() as calendar:
        result = run_bot("check", CALENDAR_BUSY_URL=calendar.url,
                         CRM_DB=str(tmp_path / "crm.sqlite"))
        assert result.returncode == 0, result.stderr
        assert re.search(r"^owner calendar   read: \d+ busy times in the next 30 days are never "
                         r"offered \(read every 5 minutes\)$", result.stdout, re.M)
        calendar.status = 404
        failed = run_bot("check", CALENDAR_BUSY_URL=calendar.url,
                         CRM_DB=str(tmp_path / "crm.sqlite"))
    assert failed.returncode == 0, failed.stderr
    assert [line for line in failed.stdout.splitlines() if "calendar" in line] == [
        "!! owner calendar: your calendar could not be read (HTTP 404: is the secret address "
        "copied whole?); the bot books from the last copy it read, and offers every free time "
        "until it has one"]
    secret = calendar.path.split("/")[-2]
    for output in (result.stdout, result.stderr, failed.stdout, failed.stderr):
        assert secret not in output


def test_a_calendar_address_that_is_not_one_is_refused_without_printing_it(
    tmp_path: Path,
) -> None:
    result = run_bot("check", CALENDAR_BUSY_URL="sam-private-8f3e2a", CRM_DB=str(tmp_path / "c"))
    assert (result.returncode, result.stderr) == (2, (
        "bot.py: CALENDAR_BUSY_URL is not a calendar's address: paste the secret address in "
        "iCal format from your calendar's settings (https://…)\n"))


def test_a_shortened_option_is_refused_not_guessed(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse took `--worker` for `--workers` and `harness --offlin` for `--offline` (which
    then sat in the simulator): an option is spelled whole or refused in one line."""
    from harness.__main__ import build_parser

    for args in (["--worker", "2", "settings"], ["settings", "--mark"], ["check", "--liv"]):
        result = run_bot(*args)
        assert result.returncode == 2, args
        assert "bot.py: error: " in result.stderr
        assert result.stdout == ""
    for args in (["--offlin"], ["eval", "--offl"]):
        with pytest.raises(SystemExit) as refused:
            build_parser().parse_args(args)
        assert refused.value.code == 2
        assert capsys.readouterr().err == (
            f"python -m harness: error: no option {args[-1]!r}; did you mean '--offline'?\n")
    assert build_parser().parse_args(["--offline"]).offline is True


@pytest.mark.parametrize(("args", "line"), [
    (["chek"], "bot.py: error: no command 'chek'; did you mean 'check'?\n"),
    (["--prot", "9000"], "bot.py: error: no option '--prot' (--help lists them)\n"),
    (["check", "--liv"], "bot.py: error: no option '--liv'; did you mean '--live'?\n"),
])
def test_a_mistyped_command_or_option_is_one_line(args: list[str], line: str) -> None:
    """A new user's `python bot.py chek` got argparse's usage block and "invalid choice", and
    `--prot 9000` was told '9000' is no command: one line, naming what was mistyped."""
    result = run_bot(*args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", line)


def test_a_mistyped_harness_command_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from harness.__main__ import build_parser

    with pytest.raises(SystemExit) as refused:
        build_parser().parse_args(["evla"])
    assert refused.value.code == 2
    assert capsys.readouterr().err == (
        "python -m harness: error: no command 'evla'; did you mean 'eval'?\n")


def test_codes_texted_to_any_country_are_said_so() -> None:
    config = bot.load_config({"TWILIO_PHONE_NUMBER": ""})
    assert config.country is None and not config.code_countries
    assert bot.describe_limits(config)[-1].endswith("texted to numbers in any country")
    assert bot.describe_limits(bot.load_config({"CODE_COUNTRIES": "US,CA"}))[-1].endswith(
        "texted to CA, US numbers")
