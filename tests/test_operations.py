"""Operations: backup while serving, long digests split, the shipped systemd unit (issue 9
"Data and operations"; issue 7 item 7)."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import CALLER, ROOT, call_sid
from test_cli import run_bot

import bot

pytestmark = pytest.mark.both_backends  # the CRM's backup, purge and digest


async def test_backup_copies_the_crm_while_it_is_being_written(tmp_path: Path) -> None:
    db = tmp_path / "crm.sqlite"
    crm = bot.SQLiteCRM(db)
    customer = await crm.customer_for(CALLER)
    for n in range(200):
        await crm.add_note(customer["id"], "message", f"note {n} " + "x" * 500)
    stop = threading.Event()

    def keep_writing() -> None:
        writer = sqlite3.connect(db, timeout=10)
        while not stop.is_set():
            with writer:
                writer.execute("INSERT INTO notes (customer_id, kind, body) VALUES (?, ?, ?)",
                               [customer["id"], "message", "written during the backup"])
        writer.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        copy = bot.backup_crm(db, tmp_path / "backup.sqlite")
    finally:
        stop.set()
        thread.join()
        await crm.close()
    assert copy == tmp_path / "backup.sqlite"
    with sqlite3.connect(copy) as restored:
        assert restored.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert restored.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        bodies = {row[0] for row in restored.execute("SELECT body FROM notes")}
    assert {f"note {n} " + "x" * 500 for n in range(200)} <= bodies
    assert not list(tmp_path.glob("*.partial"))


def test_backup_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "crm.sqlite"
    bot.SQLiteCRM(db).executor.submit(lambda: None).result()
    folder = tmp_path / "backups"
    folder.mkdir()
    result = run_bot("backup", str(folder), CRM_DB=str(db))
    assert result.returncode == 0, result.stderr
    copies = list(folder.glob("crm-*.sqlite"))
    assert len(copies) == 1
    assert result.stdout.startswith(f"Backed up crm.sqlite to {copies[0]} (")
    again = run_bot("backup", str(copies[0]), CRM_DB=str(db))
    assert (again.returncode, again.stderr) == (2, (
        f"bot.py: backup failed: {copies[0]} exists already: give a new file name or a "
        "folder\n"))
    none = run_bot("backup", str(tmp_path / "b.sqlite"), CRM_DB=str(tmp_path / "none.sqlite"))
    assert (none.returncode, none.stderr) == (
        2, f"bot.py: backup failed: there is no CRM at {tmp_path / 'none.sqlite'} yet\n")


@pytest.mark.parametrize("path", ["bk/", "missing/copy.sqlite"])
async def test_a_backup_into_a_folder_that_does_not_exist_says_so(
    tmp_path: Path, path: str
) -> None:
    db = tmp_path / "crm.sqlite"
    await bot.SQLiteCRM(db).close()
    folder = (tmp_path / path).parent if not path.endswith("/") else tmp_path / path
    with pytest.raises(FileNotFoundError) as refused:
        bot.backup_crm(db, f"{tmp_path}/{path}")
    assert str(refused.value) == (
        f"there is no folder {folder}: create it first (mkdir -p {folder})")
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith("crm.sqlite")]


def test_a_long_digest_is_split_between_lines_never_cut() -> None:
    digest = "\n".join(f"  10:{n:02d}  Caller {n}, 42 s: " + "asked about a bike " * 4
                       for n in range(60))
    parts = bot.split_text(digest)
    assert len(parts) == 4
    assert all(len(part) <= bot.SMS_LIMIT for part in parts)
    assert [part[-6:] for part in parts] == [f" ({n}/4)" for n in range(1, 5)]
    assert "\n".join(part[:-6] for part in parts) == digest  # nothing lost, lines whole
    assert bot.split_text("Short digest") == ["Short digest"]
    long_line = "word " * 700
    assert "".join(p[:-6] + " " for p in bot.split_text(long_line)).split() == long_line.split()


async def test_digest_send_texts_every_part(tmp_path: Path) -> None:
    db = tmp_path / "crm.sqlite"
    crm = bot.SQLiteCRM(db)
    customer = await crm.customer_for(CALLER)
    for n in range(40):
        await crm.add_note(customer["id"], "message", f"Message {n}: " + "please call " * 8)
    await crm.execute("UPDATE notes SET created_at = '2026-11-24T16:03:00+00:00'")
    await crm.close()
    sent = run_bot("digest", "--date", "2026-11-24", "--send", CRM_DB=str(db))
    assert sent.returncode == 1, sent.stderr  # kept in the outbox: no Twilio credentials
    assert sent.stdout.endswith("kept in the outbox, it goes out once they are set.\n")
    crm = bot.SQLiteCRM(db)
    try:
        bodies = [r["body"] for r in await crm.rows("SELECT body FROM outbox ORDER BY id")]
    finally:
        await crm.close()
    assert all(len(body) <= bot.SMS_LIMIT for body in bodies)
    printed = sent.stdout.rsplit("\n", 2)[0]
    assert "\n".join(body[:-6] for body in bodies) == printed


def unit_file(path: Path) -> dict[str, list[str]]:
    """A systemd unit's settings as `Section.Key` -> every value given (keys may repeat)."""
    settings: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text().splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            settings.setdefault(f"{section}.{key}", []).append(value)
    return settings


def test_install_service_writes_units_for_this_folder_and_user(tmp_path: Path) -> None:
    """`python bot.py install-service` (issue 17 item 11): units for where the project is and
    who runs it, the bot and the tunnel restarted whatever happens (a configuration error
    aside), a nightly backup and a check every 5 minutes that texts the owner once per outage;
    then the two commands that enable them."""
    import sys

    units = tmp_path / "units"
    copies = tmp_path / "copies"
    (tmp_path / "crm").mkdir()
    done = run_bot("install-service", "--to", str(units), "--user", "nobody", "--backups",
                   str(copies), CRM_DB=str(tmp_path / "crm" / "crm.sqlite"))
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    names = ["receptionist-backup.service", "receptionist-backup.timer",
             "receptionist-check.service", "receptionist-check.timer", "receptionist.service",
             "receptionist-tunnel.service"]
    assert sorted(p.name for p in units.iterdir()) == sorted(names)
    assert done.stdout.splitlines()[-2:] == [
        f"  sudo cp {units}/receptionist* /etc/systemd/system/ && sudo systemctl daemon-reload",
        "  sudo systemctl enable --now receptionist.service receptionist-tunnel.service "
        "receptionist-backup.timer receptionist-check.timer"]
    bot_unit = unit_file(units / "receptionist.service")
    python = f"{sys.executable} {ROOT / 'bot.py'}"
    for key, value in [
        ("User", "nobody"), ("WorkingDirectory", str(ROOT)), ("ExecStart", python),
        ("Restart", "always"), ("RestartPreventExitStatus", "2"), ("KillSignal", "SIGINT"),
        ("ReadWritePaths", f"{ROOT} {tmp_path / 'crm'}"), ("ProtectSystem", "strict"),
        ("ProtectHome", "read-only"), ("NoNewPrivileges", "true"), ("PrivateTmp", "true"),
        ("CapabilityBoundingSet", ""), ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
    ]:
        assert bot_unit[f"Service.{key}"] == [value], key
    assert bot_unit["Service.SystemCallFilter"][0] == "@system-service"
    tunnel = unit_file(units / "receptionist-tunnel.service")
    assert tunnel["Service.ExecStart"][0].endswith(
        "cloudflared tunnel --no-autoupdate run --url http://127.0.0.1:8080 receptionist")
    assert (tunnel["Service.Restart"], tunnel["Service.User"]) == (["always"], ["nobody"])
    backup = unit_file(units / "receptionist-backup.service")
    assert backup["Service.ExecStart"] == [f"{python} backup {copies}/"]
    assert backup["Service.ReadWritePaths"] == [f"{ROOT} {tmp_path / 'crm'} {copies}"]
    assert unit_file(units / "receptionist-backup.timer")["Timer.Persistent"] == ["true"]
    check = unit_file(units / "receptionist-check.service")
    assert check["Service.ExecStart"] == [f"{python} check --alert"]
    assert unit_file(units / "receptionist-check.timer")["Timer.OnUnitActiveSec"] == ["5min"]
    assert copies.is_dir()


def test_install_service_runs_the_bot_as_a_person_not_root(tmp_path: Path) -> None:
    """Run with sudo, the units are for the user who ran sudo; as root itself, it asks whom."""
    import os

    units, copies = tmp_path / "units", str(tmp_path / "copies")
    if os.geteuid() == 0:
        done = run_bot("install-service", "--to", str(units), "--backups", copies)
        assert (done.returncode, done.stderr) == (2, (
            "bot.py: install-service writes units that run the bot as you: run it as the user "
            "who owns the project (not root), or give --user NAME\n"))
    done = run_bot("install-service", "--to", str(units), "--backups", copies,
                   SUDO_USER="nobody")
    assert done.returncode == 0, done.stderr
    assert unit_file(units / "receptionist.service")["Service.User"] == ["nobody"]
    done = run_bot("install-service", "--to", str(units), "--backups", copies, "--user",
                   "no-such-person")
    assert (done.returncode, done.stderr) == (
        2, "bot.py: --user no-such-person: there is no such user on this machine\n")


def test_the_bots_unit_is_rated_below_2_by_systemd_analyze(tmp_path: Path) -> None:
    """`systemd-analyze security` rated the shipped unit 3.3 (issue 17 item 11)."""
    import re
    import subprocess

    from system import program

    analyze = program("systemd", "systemd-analyze")
    units = tmp_path / "units"
    assert run_bot("install-service", "--to", str(units), "--user", "nobody", "--backups",
                   str(tmp_path / "copies")).returncode == 0
    for name in ["receptionist.service", "receptionist-tunnel.service"]:
        done = subprocess.run([analyze, "security", "--offline=true", str(units / name)],
                              capture_output=True, text=True, timeout=60)
        found = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", done.stdout)
        assert found, done.stdout + done.stderr
        assert float(found[1]) < 2.0, (name, done.stdout)


def test_the_readme_shows_how_to_install_the_service() -> None:
    assert "python bot.py install-service" in (ROOT / "README.md").read_text()


# What an offline bot on SQLite never needs, so never loads: Claude's SDK (most of the start
# time when it was imported at start), PostgreSQL's driver and pool, Twilio's REST client.
NOT_LOADED_OFFLINE = ["anthropic", "holidays", "httpx2", "psycopg", "psycopg_pool", "twilio.rest"]
LOADED = """
import asyncio, json, sys
import bot

config = bot.load_config({"CRM_DB": sys.argv[1], "ANTHROPIC_API_KEY": ""})
assistant = asyncio.run(bot.open_assistant(config))
asyncio.run(assistant.crm.close())
packages = json.loads(sys.argv[2])
# A lazy module is in sys.modules before it is used; its code runs (and its own submodules
# load) only when it is used.
lazy = {name for name in packages for loaded in sys.modules if loaded.startswith(name + ".")}
print(json.dumps(sorted(lazy | ({"postgres_crm"} & set(sys.modules)))))
"""


def test_an_offline_bot_on_sqlite_starts_without_claude_or_postgresql(tmp_path: Path) -> None:
    """Cold start (issue 8): opening the bot offline on SQLite loads neither the Claude SDK
    nor psycopg, nor PostgreSQL's CRM beside bot.py (postgres_crm.py); they are loaded when
    Claude or CRM_DB=postgresql:// is configured."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", LOADED, str(tmp_path / "crm.sqlite"),
         json.dumps(NOT_LOADED_OFFLINE)],
        cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == []


async def test_the_serving_bot_purges_what_is_older_than_retention_days(
    make_bot: Any,
) -> None:
    """With RETENTION_DAYS set, the serving bot purges at start and then daily (issue 9): a
    call's transcript from months ago is gone, today's stays."""
    import asyncio

    import time_machine

    old, new = call_sid(), call_sid()
    with time_machine.travel("2026-07-01T16:00:00+00:00", tick=True):
        async with make_bot() as running:  # retention off: nothing goes
            await running.call(old)
            await running.say(old, "What are your hours?")
    async with make_bot(retention_days=90) as running:
        await running.call(new)
        for _ in range(100):  # the purge runs beside serving: wait for it, bounded
            if not await running.crm.turns(old):
                break
            await asyncio.sleep(0.05)
        assert await running.crm.turns(old) == []
        assert [t["role"] for t in await running.crm.turns(new)] == ["bot"]
        assert (await running.crm.call(old))["turn_count"] == 1  # the call's record stays
        assert bot.PURGE_SECONDS == 24 * 3600


# bot.py run with some packages absent: None in sys.modules is how Python marks a module that
# cannot be imported (find_spec answers None, import raises ModuleNotFoundError).
WITHOUT = """
import runpy, sys
sys.modules.update({name: None for name in sys.argv[1].split(",")})
sys.argv = ["bot.py", *sys.argv[2:]]
runpy.run_path("bot.py", run_name="__main__")
"""


def run_bot_without(packages: str, *args: str, **env: str) -> Any:
    """Run `python bot.py ARGS` as if `packages` (comma-separated) were not installed."""
    import subprocess
    import sys

    from test_cli import clean_env

    return subprocess.run([sys.executable, "-c", WITHOUT, packages, *args], cwd=ROOT,
                          env=clean_env(**env), capture_output=True, text=True, timeout=60)


def test_the_bot_runs_without_postgresqls_driver(tmp_path: Path) -> None:
    """32-bit Raspberry Pi OS has no psycopg wheel (issue 17 item 12): PostgreSQL's packages
    are an optional install (requirements-postgres.txt). Without them `check`, `backup` and
    `migrate-crm` to SQLite work; CRM_DB=postgresql:// says in one line what to install."""
    env = {"CRM_DB": str(tmp_path / "crm.sqlite")}
    result = run_bot_without("psycopg,psycopg_pool", "check", **env)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert f"crm              SQLite {tmp_path / 'crm.sqlite'}" in result.stdout
    result = run_bot_without("psycopg,psycopg_pool", "migrate-crm", "--to",
                             str(tmp_path / "nowhere" / "crm.sqlite"), **env)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    install = ("PostgreSQL's driver is not installed: pip install -r requirements-postgres.txt "
               "-c requirements.lock")
    result = run_bot_without("psycopg,psycopg_pool", "check",
                             CRM_DB="postgresql://bot@127.0.0.1/receptionist")
    assert (result.returncode, result.stderr) == (
        2, f"bot.py: CRM_DB='postgresql://***@127.0.0.1/receptionist': {install}\n")
    result = run_bot_without("psycopg,psycopg_pool", "migrate-crm", "--to",
                             "postgresql://bot@127.0.0.1/receptionist", **env)
    assert (result.returncode, result.stderr) == (
        2, f"bot.py: --to 'postgresql://***@127.0.0.1/receptionist': {install}\n")


def test_bot_py_alone_says_what_postgresql_needs(tmp_path: Path) -> None:
    """PostgreSQL's CRM is a part beside bot.py (postgres_crm.py), as the dashboard is: bot.py
    copied alone still runs on SQLite, and CRM_DB=postgresql:// says in one line what is
    missing (issue 19)."""
    import shutil
    import subprocess
    import sys

    from test_cli import clean_env

    shutil.copy(ROOT / "bot.py", tmp_path / "bot.py")
    shutil.copy(ROOT / "business.toml", tmp_path / "business.toml")

    def alone(**env: str) -> Any:
        return subprocess.run([sys.executable, "bot.py", "check"], cwd=tmp_path,
                              env=clean_env(**env), capture_output=True, text=True, timeout=60)

    result = alone(CRM_DB="postgresql://bot:hunter2@127.0.0.1/receptionist")
    assert (result.returncode, result.stderr) == (
        2, "bot.py: CRM_DB='postgresql://bot:***@127.0.0.1/receptionist': PostgreSQL's CRM "
           "is not deployed: put postgres_crm.py beside bot.py (it comes with bot.py)\n")
    result = alone(CRM_DB=str(tmp_path / "crm.sqlite"))
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert f"crm              SQLite {tmp_path / 'crm.sqlite'}" in result.stdout


# -- `python bot.py fallback`: a Twilio-hosted answer for when this machine is down ----------


def echoed(url: str) -> str:
    """The TwiML an Echo twimlet URL answers with."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "twimlets.com", "/echo")
    return parse_qs(parts.query)["Twiml"][0]


def fake_account(**urls: str) -> tuple[Any, Any]:
    """The fake Twilio REST API with the business's number on it, and a real client on it."""
    from twilio.rest import Client

    from tests.fakes import FakeTwilioHttp, account_sid

    fake = FakeTwilioHttp()
    fake.add_number(BUSINESS_NUMBER, voice_url="https://bot.example.com/voice/incoming", **urls)
    return fake, Client(account_sid(), "5f2b0c8e4a7d9e1b3c6f8a0d2e4b6c8a", http_client=fake)


BUSINESS_NUMBER = "+15005550006"


def fallback_config(tmp_path: Path) -> bot.Config:
    return bot.Config(crm_db=tmp_path / "crm.sqlite", business_profile=ROOT / "business.toml",
                      twilio_account_sid="AC" + "0" * 32,
                      twilio_auth_token="5f2b0c8e4a7d9e1b3c6f8a0d2e4b6c8a",
                      twilio_phone_number=BUSINESS_NUMBER,
                      public_base_url="https://bot.example.com")


def test_fallback_puts_a_twilio_hosted_answer_on_the_number(tmp_path: Path) -> None:
    """Issue 20 item 7: a Studio flow answers calls when the bot cannot (an apology, a
    voicemail, a text to the owner with who called and where to listen); texts get the echo
    twimlet's holding reply, forwarded to the owner."""
    config = fallback_config(tmp_path)
    profile = bot.load_profile(config.business_profile, config.country)
    fake, client = fake_account(voice_fallback_url="https://bot.example.com/voice/fallback")
    assert bot.fallback_line(config, profile, client) == (
        "!! fallback points at this bot, which cannot answer when this machine or its tunnel is "
        "down: run `python bot.py fallback`")
    assert bot.set_fallback(config, profile, client) == (0, (
        f"Fallback in place on {BUSINESS_NUMBER}: when this machine or its tunnel is down, "
        'Twilio itself (the Studio flow "Receptionist fallback (bot.py)") apologises, records '
        "a voicemail and texts +15005550001 who called and where to listen; it answers texts "
        "and forwards them to +15005550001."))
    [flow] = fake.flows.values()
    number = next(iter(fake.phone_numbers.values()))
    # The primary URLs stay on the bot: only the fallbacks change; calls go to the flow.
    assert number["voice_url"] == "https://bot.example.com/voice/incoming"
    assert (number["voice_fallback_url"], number["voice_fallback_method"]) == (
        flow["webhook_url"], "POST")
    assert (flow["friendly_name"], flow["status"], flow["revision"]) == (
        "Receptionist fallback (bot.py)", "published", 1)
    states = {state["name"]: state for state in flow["definition"]["states"]}
    assert states["apology"]["properties"]["say"] == (
        "Sorry, we're having trouble on our end right now. Please leave your name and a "
        "message after the beep, and we'll get back to you.")
    assert states["voicemail"]["properties"]["max_length"] == 110
    assert states["text_voicemail"]["properties"] == {
        "from": "{{flow.channel.address}}", "to": "+15005550001",
        "body": "Maple Street Bikes: voicemail from {{trigger.call.From}} "
                "({{widgets.voicemail.RecordingDuration}} s) while your receptionist was down. "
                "Listen: https://bot.example.com/owner/recordings/"
                "{{widgets.voicemail.RecordingSid}}.mp3"}
    assert [t.get("next") for t in states["voicemail"]["transitions"]] == [
        "text_voicemail", "text_voicemail", "text_missed"]
    assert echoed(number["sms_fallback_url"]) == (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks for your message. '
        "We're having trouble on our end right now, so a person will get back to you soon."
        '</Message><Message to="+15005550001">Maple Street Bikes: a text came in while your '
        "receptionist was down. Twilio's console has it, under Messaging logs."
        "</Message></Response>")
    assert bot.fallback_line(config, profile, client) == (
        "fallback         in place: when this machine or its tunnel is down, Twilio apologises, "
        "records a voicemail, texts the owner and answers texts")
    # Run again: the same flow, not another, and no new revision for the same wording.
    assert bot.set_fallback(config, profile, client)[0] == 0
    assert [f["revision"] for f in fake.flows.values()] == [1]
    # New wording (another voice): the same flow gets a new revision; check says it is old
    # until then.
    louder = replace(config, voice="Polly.Matthew-Neural")
    assert bot.fallback_line(louder, profile, client) == (
        "!! fallback Twilio-hosted, but not this bot's current wording: run `python bot.py "
        "fallback` again")
    assert bot.set_fallback(louder, profile, client)[0] == 0
    assert [f["revision"] for f in fake.flows.values()] == [2]
    assert bot.fallback_line(louder, profile, client).startswith("fallback         in place")


def test_the_fake_studio_refuses_what_twilio_refuses(tmp_path: Path) -> None:
    from twilio.base.exceptions import TwilioRestException

    config = fallback_config(tmp_path)
    profile = bot.load_profile(config.business_profile, config.country)
    fake, client = fake_account()
    good = bot.fallback_flow(config, profile)
    broken = {**good, "states": [*good["states"][:-1], {
        "name": "thanks", "type": "say-play", "transitions": [{"event": "sent"}],
        "properties": {"say": "Bye"}}]}
    for definition, why in [
        (broken, "thanks: say-play has no event 'sent'"),
        ({**good, "initial_state": "apology"}, "initial_state must name the trigger"),
        ({**good, "states": [{**s, "properties": {}} if s["name"] == "text_missed" else s
                             for s in good["states"]]}, "text_missed: send-message needs"),
    ]:
        with pytest.raises(TwilioRestException) as refused:
            client.studio.v2.flows.create(friendly_name="x", status="published",
                                          definition=definition)
        assert (refused.value.status, refused.value.code) == (400, 20001)
        assert why in refused.value.msg
    assert fake.flows == {}


def test_check_live_says_when_there_is_no_fallback_or_an_old_one(tmp_path: Path) -> None:
    config = fallback_config(tmp_path)
    profile = bot.load_profile(config.business_profile, config.country)
    _, client = fake_account()
    assert bot.fallback_line(config, profile, client) == (
        "!! fallback none: a call while this machine or its tunnel is down hears Twilio's "
        "error message: run `python bot.py fallback`")
    _, client = fake_account(voice_fallback_url="https://twimlets.com/echo?Twiml=%3CResponse%2F%3E")
    assert bot.fallback_line(config, profile, client) == (
        "!! fallback Twilio-hosted, but not this bot's current wording: run `python bot.py "
        "fallback` again")


def test_fallback_says_in_one_line_what_stops_it(tmp_path: Path) -> None:
    config = fallback_config(tmp_path)
    profile = bot.load_profile(config.business_profile, config.country)
    fake, client = fake_account()
    fake.phone_numbers.clear()
    assert bot.set_fallback(config, profile, client) == (
        1, f"bot.py: {BUSINESS_NUMBER} is not a number of this Twilio account "
           "(TWILIO_PHONE_NUMBER)")
    assert bot.fallback_line(config, profile, client) == (
        f"!! fallback unknown: {BUSINESS_NUMBER} is not a number of this Twilio account "
        "(TWILIO_PHONE_NUMBER)")
    fake, client = fake_account()
    fake.fail_next(401, 20003, "Authenticate")
    assert bot.set_fallback(config, profile, client) == (
        1, "bot.py: Twilio refused: error 20003 (Authenticate)")
    fake.fail_next_connection()
    assert bot.set_fallback(config, profile, client) == (
        1, "bot.py: Twilio could not be reached (ConnectionError): nothing was changed")
    assert all(not n["voice_fallback_url"] for n in fake.phone_numbers.values())


def test_fallback_without_credentials_is_one_line(tmp_path: Path) -> None:
    result = run_bot("fallback", CRM_DB=str(tmp_path / "crm.sqlite"))
    assert (result.returncode, result.stdout, result.stderr) == (2, "", (
        "bot.py: fallback changes your number at Twilio: set TWILIO_ACCOUNT_SID, "
        "TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER\n"))


def test_python_bot_py_runs_bot_py_from_the_bytecode_cache(tmp_path: Path) -> None:
    """`python bot.py` compiles the whole file at every start and the compiler's leftovers
    stayed resident (about 32 MB, issue 21): it starts again as the module, read from
    __pycache__ (written the first time), in the same process with the same arguments."""
    import os
    import shutil
    import subprocess
    import sys

    shutil.copy(ROOT / "bot.py", tmp_path / "bot.py")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, str(tmp_path / "bot.py"), "--help"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("usage: bot.py [-h] [--workers N]")
    assert [p.name for p in (tmp_path / "__pycache__").glob("bot.*.pyc")] == [
        f"bot.{sys.implementation.cache_tag}.pyc"]
    refused = subprocess.run([sys.executable, str(tmp_path / "bot.py"), "forget", "555-01"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert (refused.returncode, refused.stderr) == (
        2, "bot.py: '555-01' is not a phone number (example: +14155550123)\n")


def test_a_renamed_bot_py_starts_itself_not_a_bot_py_beside_it(tmp_path: Path) -> None:
    """An owner upgrading keeps the new file beside the old (`python bot_new.py`): the
    restart from the bytecode cache runs that file, never the bot.py next to it."""
    import os
    import shutil
    import subprocess
    import sys

    shutil.copy(ROOT / "bot.py", tmp_path / "bot_new.py")
    (tmp_path / "bot.py").write_text("print('the old bot')\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, str(tmp_path / "bot_new.py"), "--help"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("usage: ")
    assert "the old bot" not in done.stdout


def test_a_bot_py_linked_from_elsewhere_starts_from_where_it_is(tmp_path: Path) -> None:
    """`python /usr/local/bin/bot.py`, a link to the real file: the restart imports it from
    the real folder, as Python ran the script, so the parts beside it (dashboard/,
    postgres_crm.py, which bot.HERE finds there) can be imported."""
    import os
    import shutil
    import subprocess
    import sys

    (tmp_path / "real").mkdir()
    (tmp_path / "bin").mkdir()
    shutil.copy(ROOT / "bot.py", tmp_path / "real" / "bot.py")
    (tmp_path / "bin" / "bot.py").symlink_to(tmp_path / "real" / "bot.py")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, str(tmp_path / "bin" / "bot.py"), "--help"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert [p.parent.parent.name for p in tmp_path.glob("*/__pycache__/bot.*.pyc")] == ["real"]


def test_the_bot_keeps_an_idle_connection_longer_than_a_tunnel_does() -> None:
    # cloudflared reuses an idle connection to its origin for up to 90 s; had the bot closed it
    # first (Hypercorn's 5 s), a webhook written to it as it closed would be lost (a 502).
    settings = bot.hypercorn_settings(bot.Config())
    assert settings.keep_alive_timeout > 90
