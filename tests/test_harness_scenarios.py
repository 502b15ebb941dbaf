"""Scenario files: reading them, playing them, and the examples shipped in scenarios/."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from twilio.twiml.voice_response import Gather, VoiceResponse

from harness.crm import CrmReader
from harness.scenarios import (
    Scenario,
    ScenarioFailure,
    ScenarioResult,
    ScenarioRunner,
    ScenarioSyntaxError,
    Step,
    bot_settings,
    by_profile,
    contains_any,
    harm_of,
    load_scenarios,
    parse_scenarios,
    play_scenarios,
    scenario_files,
    with_profile,
)
from harness.twilio_sim import Account, WebhookClient, load_settings
from tests.harness_support import REPO, RunningBot, StandIn, running_bot

# The eval's scenarios (scenarios/eval) are graded turn by turn instead: tests/test_eval.py.
SHIPPED = [s for s in load_scenarios([REPO / "scenarios"])
           if (REPO / "scenarios" / "eval") not in Path(s.source).parents]
PROFILES = REPO / "scenarios" / "profiles"


@pytest.mark.parametrize(
    ("said", "phrase", "found"),
    [
        ("That's $100 for the visit.", "10", False),
        ("We opened in 2010.", "10", False),
        ("Suite 11, upstairs.", "1", False),
        ("Tomorrow at 10 AM?", "10", True),
        ("Tomorrow at 10:30 AM?", "10", True),
        ("On the 21st of November", "21", True),
        ("Room 3B", "3", True),
        ("You're booked for Thursday.", "thursday", True),
        ("You're booked for Thursday.", "book", True),
        ("It\u2019s  OPEN until 6", "it's open", True),
        ("Call us on (555) 0100", "555", True),
    ],
)
def test_an_expected_number_is_found_only_whole(said: str, phrase: str, found: bool) -> None:
    assert contains_any(said, [phrase]) is found


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    yield from running_bot(tmp_path_factory.mktemp("bot"))


@pytest.mark.parametrize(
    ("line", "step"),
    [
        ("call", Step(1, "call")),
        ("call from +14155550123", Step(1, "call", "+14155550123")),
        ("from +14155550123", Step(1, "from", "+14155550123")),
        ("say I'd like to book a #2 service", Step(1, "say", "I'd like to book a #2 service")),
        ("press 12#", Step(1, "press", "12#")),
        ("silence", Step(1, "silence")),
        ("hang up", Step(1, "hang up")),
        ("Hangup", Step(1, "hang up")),
        ("text Are you open?", Step(1, "text", "Are you open?")),
        ("transfer busy", Step(1, "transfer", "busy")),
        ("transfer answered 30", Step(1, "transfer", "answered 30")),
        ('expect "open"', Step(1, "expect", '"open"', subject="said", phrases=["open"])),
        (
            'expect "open" or "hours"',
            Step(1, "expect", '"open" or "hours"', subject="said", phrases=["open", "hours"]),
        ),
        (
            'expect not "sorry"',
            Step(1, "expect", 'not "sorry"', subject="said", phrases=["sorry"], negated=True),
        ),
        ("expect hangup", Step(1, "expect", "hangup", subject="hangup")),
        ("expect listening", Step(1, "expect", "listening", subject="listening")),
        ("expect recording", Step(1, "expect", "recording", subject="recording")),
        ("expect transfer", Step(1, "expect", "transfer", subject="transfer")),
        (
            "expect transfer to +14155550100",
            Step(
                1,
                "expect",
                "transfer to +14155550100",
                subject="transfer",
                phrases=["+14155550100"],
            ),
        ),
        (
            'expect reply "9 AM"',
            Step(1, "expect", 'reply "9 AM"', subject="reply", phrases=["9 AM"]),
        ),
        ("expect no reply", Step(1, "expect", "no reply", subject="reply", negated=True)),
        (
            'expect note "quote"',
            Step(1, "expect", 'note "quote"', subject="note", phrases=["quote"]),
        ),
        (
            'expect note message "quote"',
            Step(
                1,
                "expect",
                'note message "quote"',
                subject="note",
                kind="message",
                phrases=["quote"],
            ),
        ),
        (
            'expect appointment "tune-up"',
            Step(1, "expect", 'appointment "tune-up"', subject="appointment", phrases=["tune-up"]),
        ),
        (
            'expect appointment cancelled "tune-up"',
            Step(
                1,
                "expect",
                'appointment cancelled "tune-up"',
                subject="appointment",
                kind="cancelled",
                phrases=["tune-up"],
            ),
        ),
        (
            'expect summary "hours"',
            Step(1, "expect", 'summary "hours"', subject="summary", phrases=["hours"]),
        ),
        (
            'expect transcript "hours"',
            Step(1, "expect", 'transcript "hours"', subject="transcript", phrases=["hours"]),
        ),
        (
            'expect outbox "New message"',
            Step(1, "expect", 'outbox "New message"', subject="outbox", phrases=["New message"]),
        ),
    ],
)
def test_each_step_reads_as_written(line: str, step: Step) -> None:
    assert parse_scenarios(line, "t.scenario")[0].steps == [step]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "sya hello",
            "t.scenario:1: unknown step 'sya'; steps are: from, attestation, call, say, "
            "press, silence, hang up, text, transfer, expect …",
        ),
        ("say", "t.scenario:1: say what? (for no words, write 'silence')"),
        ("attestation yes",
         "t.scenario:1: attestation takes one of A, B, C, failed, none (the caller ID's "
         "SHAKEN/STIR verdict on the calls that follow; A is the default)"),
        ("press 12a", "t.scenario:1: press takes keypad keys 0-9, * and #"),
        ("call from 555-0123", "t.scenario:1: '555-0123' is not a number like +14155550123"),
        ("call me", "t.scenario:1: write 'call' or 'call from +14155550123'"),
        (
            "transfer maybe",
            "t.scenario:1: write transfer answered [SECONDS], not-taken, busy, no-answer or failed",
        ),
        ('expect "open" and "hours"', 't.scenario:1: write phrases as "one" or "another"'),
        (
            'expect note memo "x"',
            "t.scenario:1: note kinds are summary, message, voicemail, question, note, not 'memo'",
        ),
        (
            'expect appointment moved "x"',
            "t.scenario:1: appointment kinds are booked, cancelled, not 'moved'",
        ),
        ("profile", "t.scenario:1: profile which file? (e.g. profile profiles/x.toml)"),
        (
            "profile nowhere.toml",
            "t.scenario:1: profile 'nowhere.toml': no such file (the path is relative to the "
            "scenario file)",
        ),
        (
            "expect open today",
            "t.scenario:1: put the words to look for in quotes: expect "
            '"open today" (or expect one of: hangup, listening, transfer [to '
            'NUMBER], not transfer, recording, reply "words", no reply, note [KIND] "words", '
            'appointment [booked|cancelled] "words", not appointment [booked|cancelled] '
            '"words", summary "words", transcript "words", '
            'outbox "words", judge "what a good reply does")',
        ),
        (
            "expect",
            't.scenario:1: expect what? One of: "words", '
            'not "words", hangup, listening, transfer [to NUMBER], not transfer, recording, '
            'reply "words", no reply, note [KIND] "words", '
            'appointment [booked|cancelled] "words", not appointment [booked|cancelled] '
            '"words", summary "words", transcript "words", '
            'outbox "words", judge "what a good reply does"',
        ),
    ],
)
def test_mistakes_are_reported_with_file_and_line(line: str, message: str) -> None:
    with pytest.raises(ScenarioSyntaxError) as raised:
        parse_scenarios(line, "t.scenario")
    assert str(raised.value) == message


def test_a_file_holds_one_scenario_or_several() -> None:
    single = parse_scenarios("# Opening hours\n\ncall\nsay hours?\n", "dir/hours.scenario")
    assert [(s.name, s.source, len(s.steps)) for s in single] == [
        ("Opening hours", "dir/hours.scenario", 2)
    ]
    untitled = parse_scenarios("call\n", "dir/hours.scenario")
    assert [s.name for s in untitled] == ["hours"]
    several = parse_scenarios(
        "scenario: First\ncall\n# a comment\nscenario Second\ntext hi\n", "x.scenario"
    )
    assert [(s.name, [st.verb for st in s.steps]) for s in several] == [
        ("First", ["call"]),
        ("Second", ["text"]),
    ]
    with pytest.raises(ScenarioSyntaxError, match="x.scenario: no steps"):
        parse_scenarios("# nothing here\n", "x.scenario")


def test_folders_expand_to_their_scenario_files_subfolders_included(tmp_path: Path) -> None:
    (tmp_path / "b.scenario").write_text("call\n")
    (tmp_path / "a.scenario").write_text("call\n")
    (tmp_path / "notes.txt").write_text("not a scenario\n")
    (tmp_path / "skills").mkdir()
    (tmp_path / "skills" / "c.scenario").write_text("call\n")
    assert scenario_files([tmp_path]) == [
        tmp_path / "a.scenario",
        tmp_path / "b.scenario",
        tmp_path / "skills" / "c.scenario",
    ]
    assert [s.name for s in load_scenarios([tmp_path])] == ["a", "b", "c"]


def test_a_profile_line_applies_to_every_scenario_of_its_file(tmp_path: Path) -> None:
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "open.toml").write_text('name = "Open"\n')
    (tmp_path / "skills").mkdir()
    source = str(tmp_path / "skills" / "two.scenario")
    scenarios = parse_scenarios(
        "# Two calls\nprofile ../profiles/open.toml\nscenario One\ncall\nscenario Two\ncall\n",
        source,
    )
    profile = (tmp_path / "profiles" / "open.toml").resolve()
    assert [(s.name, s.profile) for s in scenarios] == [("One", profile), ("Two", profile)]
    assert [s.profile for s in parse_scenarios("call\n", source)] == [None]


@pytest.mark.parametrize(
    ("script", "line"),
    [
        ("profile open.toml\nprofile open.toml\ncall\n", 2),
        ("call\nprofile open.toml\n", 2),
        ("scenario One\nprofile open.toml\ncall\n", 2),
    ],
)
def test_a_profile_comes_once_before_the_first_step(tmp_path: Path, script: str, line: int) -> None:
    (tmp_path / "open.toml").write_text('name = "Open"\n')
    source = str(tmp_path / "t.scenario")
    with pytest.raises(ScenarioSyntaxError) as raised:
        parse_scenarios(script, source)
    assert str(raised.value) == (
        f"{source}:{line}: a profile is for the whole file: one 'profile' line, before the "
        "first step"
    )


def test_scenarios_are_grouped_by_profile_in_the_order_they_first_appear() -> None:
    open_, closed = Path("/p/open.toml"), Path("/p/closed.toml")
    scenarios = [
        Scenario("a", "a.scenario", profile=open_),
        Scenario("b", "b.scenario"),
        Scenario("c", "c.scenario", profile=closed),
        Scenario("d", "d.scenario", profile=open_),
        Scenario("e", "e.scenario"),
    ]
    groups = by_profile(scenarios)
    assert [(p, [s.name for s in g]) for p, g in groups.items()] == [
        (open_, ["a", "d"]),
        (None, ["b", "e"]),
        (closed, ["c"]),
    ]


def test_a_profile_reaches_the_bot_as_business_profile(tmp_path: Path) -> None:
    settings = load_settings(
        crm_path=tmp_path / "crm.sqlite",
        env_file=tmp_path / "none.env",
        environ={"BUSINESS_PROFILE": "mine.toml"},
    )
    assert with_profile(settings, None) is settings
    changed = with_profile(settings, PROFILES / "open-every-day.toml")
    assert changed.child_env == settings.child_env | {
        "BUSINESS_PROFILE": str(PROFILES / "open-every-day.toml")
    }
    assert settings.child_env["BUSINESS_PROFILE"] == "mine.toml"


def test_each_business_and_clock_gets_its_own_crm(tmp_path: Path) -> None:
    # One shop's bookings must not take another's slots (`run scenarios/` once failed 11 of
    # 116 scenarios of the eval's shops, all played into one CRM).
    settings = load_settings(crm_path=tmp_path / "crm.sqlite", env_file=tmp_path / "none.env",
                             environ={})
    first = bot_settings(settings, 0, None, None)
    other = bot_settings(settings, 2, PROFILES / "open-every-day.toml", "2026-11-17T10:00-06:00")
    assert (first.crm_path, first.child_env["CRM_DB"]) == (
        tmp_path / "crm.sqlite", str(tmp_path / "crm.sqlite"))
    assert (other.crm_path, other.child_env["CRM_DB"]) == (
        tmp_path / "crm-2.sqlite", str(tmp_path / "crm-2.sqlite"))
    assert other.child_env["HARNESS_CLOCK"] == "2026-11-17T10:00-06:00"


def test_run_leaves_a_folders_eval_to_the_eval(tmp_path: Path) -> None:
    for name in ("a.scenario", "skills/b.scenario", "eval/c.scenario"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("call\n")
    everything = [tmp_path / "a.scenario", tmp_path / "eval/c.scenario",
                  tmp_path / "skills/b.scenario"]
    assert scenario_files([tmp_path]) == everything
    assert scenario_files([tmp_path], without_eval=True) == [everything[0], everything[2]]
    # Named, the eval's folder or files are run.
    assert scenario_files([tmp_path / "eval"], without_eval=True) == [everything[1]]


def greeting_then(answer: str) -> str:
    response = VoiceResponse()
    gather = Gather(input="dtmf speech", action="/voice/process", action_on_empty_result=True)
    gather.say(answer)
    response.append(gather)
    return str(response)


async def play(standin: StandIn, text: str) -> tuple[bool, str]:
    scenario = parse_scenarios(text, "t.scenario")[0]
    async with WebhookClient(standin.base_url, standin.token) as client:
        runner = ScenarioRunner(client, Account(), None, "+14155550123", wait=0.2)
        result = await runner.run(scenario)
    return result.passed, result.reason


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        (
            'call\nexpect "goodbye"',
            'line 2: expected the bot to say "goodbye"; it said: "Hello, how can I help?"',
        ),
        (
            'call\nexpect not "help"',
            'line 2: expected the bot not to say "help"; it said: "Hello, how can I help?"',
        ),
        (
            "call\nexpect hangup",
            "line 2: expected the call to be over; the bot is listening, having said: "
            '"Hello, how can I help?"',
        ),
        ("say hi", "line 1: say hi: there is no call (write 'call' first)"),
        (
            "call\nhang up\nsay hi",
            "line 3: say hi: the call has ended (caller hung up); the bot last said: nothing",
        ),
        ("call\ncall", "line 2: a call is already in progress (hang up first)"),
        (
            "call\nexpect transfer",
            'line 2: expected a transfer; the bot said: "Hello, how can I help?"',
        ),
        ('text hi\nexpect reply "hours"', 'line 2: expected a reply with "hours"; there was none'),
        ('call\nexpect reply "x"', "line 2: expect reply follows a 'text' step"),
        (
            'call\nhang up\nexpect note "x"',
            "line 3: expect note: no CRM to read (give --crm PATH with --url)",
        ),
    ],
)
async def test_a_failing_step_says_what_happened_instead(
    standin: StandIn, script: str, reason: str
) -> None:
    standin.answers["/voice/incoming"] = greeting_then("Hello, how can I help?")
    assert await play(standin, script) == (False, reason)


async def test_a_webhook_error_fails_the_step_that_caused_it(standin: StandIn) -> None:
    standin.answers["/voice/incoming"] = greeting_then("Hello")
    standin.answers["/voice/process"] = lambda _p: "not xml"
    passed, reason = await play(standin, "call\nsay hi\nexpect hangup")
    assert (passed, reason) == (
        False,
        "line 2: Twilio error 12100: document parse failure: syntax error: line 1, column 0",
    )


async def test_transfers_end_as_the_scenario_says(standin: StandIn) -> None:
    dial = VoiceResponse()
    dial.say("Putting you through.")
    dial.dial("+14155550100", action="/voice/dial-status")
    standin.answers["/voice/incoming"] = greeting_then("Hello")
    standin.answers["/voice/process"] = str(dial)
    standin.answers["/voice/dial-status"] = lambda p: greeting_then(
        f"The line was {p['DialCallStatus']}."
    )
    script = (
        "call\ntransfer busy\nsay a person please\nexpect transfer to +14155550100\n"
        'expect "was busy"\nexpect listening\n'
    )
    assert await play(standin, script) == (True, "")
    # The call left open is hung up at the end, so the bot hears its status callback.
    assert standin.paths()[-1] == "/voice/status"


async def test_expect_not_transfer_fails_when_the_call_was_put_through(standin: StandIn) -> None:
    """`expect not transfer`: the last turn put nobody through (a sales call, a wrong number);
    in the eval a failure is harm, as putting junk through to the owner is."""
    dial = VoiceResponse()
    dial.say("Putting you through.")
    dial.dial("+14155550100", action="/voice/dial-status")
    standin.answers["/voice/incoming"] = greeting_then("Hello")
    standin.answers["/voice/process"] = str(dial)
    standin.answers["/voice/dial-status"] = lambda p: greeting_then("Anything else?")
    assert await play(standin, "call\nexpect not transfer\nsay the owner please\n"
                               "expect not transfer\n") == (
        False, "line 4: expected no transfer; it dialled +14155550100")
    step = parse_scenarios("scenario x\ncall\nintent spam\nsay hi\nexpect not transfer\n",
                           "x.scenario")[0].steps[-1]
    assert (step.subject, step.negated) == ("transfer", True)
    assert harm_of(ScenarioFailure("dialled"), step, "spam") == "invented fact"


async def test_an_open_call_is_hung_up_even_when_a_step_fails(standin: StandIn) -> None:
    standin.answers["/voice/incoming"] = greeting_then("Hello")
    assert (await play(standin, 'call\nexpect "nope"'))[0] is False
    assert standin.paths() == ["/voice/incoming", "/voice/status"]


async def test_with_url_a_profile_cannot_apply_so_its_scenarios_fail(
    standin: StandIn, tmp_path: Path
) -> None:
    (tmp_path / "open.toml").write_text('name = "Open"\n')
    standin.answers["/voice/incoming"] = greeting_then("Hello")
    with_a_profile = parse_scenarios("profile open.toml\ncall\n", str(tmp_path / "p.scenario"))
    without = parse_scenarios('call\nexpect "hello"\n', str(tmp_path / "q.scenario"))
    settings = load_settings(
        url=standin.base_url,
        env_file=tmp_path / "none.env",
        environ={"TWILIO_AUTH_TOKEN": standin.token},
    )
    reported: list[ScenarioResult] = []
    results = await play_scenarios(settings, with_a_profile + without, reported.append)
    assert [(r.scenario.source, r.passed, r.reason) for r in results] == [
        (
            str(tmp_path / "p.scenario"),
            False,
            "'profile open.toml' cannot apply to the bot at --url, which has its own business "
            "profile; run this file without --url",
        ),
        (str(tmp_path / "q.scenario"), True, ""),
    ]
    assert reported == results
    # Only the scenario without a profile reached the bot (health check, then its call).
    assert standin.paths() == ["/health", "/voice/incoming", "/voice/status"]


def play_shipped(scratch: Path, relay: bool) -> dict[tuple[str, str], ScenarioResult]:
    """Every scenario shipped in scenarios/, played once against the real bot.py, offline: one
    bot per business profile, as ``python -m harness run [--relay] scenarios/`` plays them."""
    # They assert what the bot does, not its wording: played with every greeting edited, as an
    # owner would edit it in business.toml (and in each profile the scenarios name).
    shipped = scratch / "scenarios"
    shutil.copytree(REPO / "scenarios", shipped, ignore=shutil.ignore_patterns("eval"))
    for profile in [REPO / "business.toml", *(shipped / "profiles").glob("*.toml")]:
        with_greeting(profile, scratch / "business.toml" if profile.parent == REPO else profile)
    settings = load_settings(
        crm_path=scratch / "crm.sqlite",
        offline=True,
        env_file=scratch / "no.env",
        environ={"PATH": "/usr/bin:/bin", "LOG_LEVEL": "INFO",
                 "BUSINESS_PROFILE": str(scratch / "business.toml")},
        relay=relay,
        relay_silence=1.0 if relay else None,  # as `run --relay` sets it
    )
    results = asyncio.run(play_scenarios(settings, load_scenarios([shipped])))
    return {(str(Path(r.scenario.source).relative_to(shipped)), r.scenario.name): r
            for r in results}


@pytest.fixture(scope="session")
def shipped_results(shipped_play: dict[str, Any]) -> dict[tuple[str, str], tuple[bool, str]]:
    """The shipped scenarios' outcomes in the Gather loop: passed, and why not."""
    return {(path, name): (passed, reason)
            for path, name, passed, reason in shipped_play["results"]}


@pytest.fixture(scope="module")
def shipped_relay_results(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], tuple[bool, str]]:
    """The same scenario files played over ConversationRelay's socket (VOICE_MODE=relay)."""
    played = play_shipped(tmp_path_factory.mktemp("shipped-relay"), relay=True)
    return {key: (r.passed, r.reason) for key, r in played.items()}


EDITED_GREETING = "Good day! You've reached us, this is the shop. Go ahead."


def with_greeting(profile: Path, into: Path) -> None:
    """A copy of a business profile whose greeting an owner rewrote."""
    text, count = re.subn(r'(?m)^greeting = ".*"$', f'greeting = "{EDITED_GREETING}"',
                          profile.read_text())
    assert count == 1, profile
    into.write_text(text)


@pytest.mark.parametrize(
    "scenario",
    SHIPPED,
    ids=[f"{Path(s.source).relative_to(REPO / 'scenarios')}::{s.name}" for s in SHIPPED],
)
@pytest.mark.parametrize("mode", ["gather", "relay"])
def test_every_shipped_scenario_passes_against_the_offline_receptionist(
    request: pytest.FixtureRequest, mode: str, scenario: Scenario
) -> None:
    results = request.getfixturevalue(
        "shipped_relay_results" if mode == "relay" else "shipped_results")
    assert results[(str(Path(scenario.source).relative_to(REPO / "scenarios")),
                    scenario.name)] == (True, "")


def test_scenarios_are_shipped_for_every_skill() -> None:
    files = {str(Path(s.source).relative_to(REPO / "scenarios")) for s in SHIPPED}
    assert files == {
        "hours.scenario",
        "keypad.scenario",
        "message.scenario",
        "returning-caller.scenario",
        "silence.scenario",
        "texts.scenario",
        "unattested-caller.scenario",
        "skills/booking-by-keypad.scenario",
        "skills/booking-by-spoken-time.scenario",
        "skills/cancel-appointment.scenario",
        "skills/message.scenario",
        "skills/my-appointments.scenario",
        "skills/out-of-hours.scenario",
        "skills/press-0-during-message.scenario",
        "skills/questions.scenario",
        "skills/transfer-answered.scenario",
        "skills/transfer-not-taken.scenario",
        "skills/transfer-voicemail.scenario",
    }
    assert {s.profile for s in SHIPPED} == {
        None,
        (PROFILES / "open-every-day.toml").resolve(),
        (PROFILES / "closed-every-day.toml").resolve(),
    }


async def test_crm_expectations_look_at_this_scenarios_calls_only(bot: RunningBot) -> None:
    first = parse_scenarios(
        "call from +16175550100\nsay I'd like to leave a message\n"
        "say Fix the brakes please\nhang up\n",
        "t",
    )[0]
    second = parse_scenarios('call from +16175550100\nhang up\nexpect note "brakes"\n', "t")[0]
    async with WebhookClient(bot.process.base_url, bot.settings.auth_token) as client:
        runner = ScenarioRunner(
            client, bot.settings.account, CrmReader(bot.crm_path), "+14155550123", wait=0.5
        )
        results = await runner.run_all([first, second])
    assert [r.passed for r in results] == [True, False]
    assert results[1].reason.startswith(
        'line 3: expected a note with "brakes" in the CRM; it holds: '
    )


async def test_appointment_expectations_look_at_this_scenarios_calls_only(
    tmp_path: Path,
) -> None:
    source = str(tmp_path / "t.scenario")
    text = (
        f"profile {PROFILES / 'open-every-day.toml'}\n"
        "scenario Books\ncall from +16175550101\nsay Book a flat tire repair tomorrow\n"
        "press 1\nsay yes please, it's Dana Ortiz\n"
        'expect appointment booked "flat tire"\nhang up\n'
        "scenario Books nothing\ncall from +16175550101\nhang up\n"
        'expect appointment "flat tire"\n'
    )
    settings = load_settings(
        crm_path=tmp_path / "crm.sqlite",
        offline=True,
        env_file=tmp_path / "no.env",
        environ={"PATH": "/usr/bin:/bin"},
    )
    results = await play_scenarios(settings, parse_scenarios(text, source), wait=0.5)
    assert [(r.scenario.name, r.passed, r.reason) for r in results] == [
        ("Books", True, ""),
        (
            "Books nothing",
            False,
            'line 12: expected an appointment with "flat tire" in the CRM; it holds: nothing',
        ),
    ]


def test_the_run_command_prints_a_line_per_scenario_and_fails_on_a_failure(
    tmp_path: Path,
) -> None:
    (tmp_path / "good.scenario").write_text('# Greets\ncall\nexpect "help"\n')
    (tmp_path / "bad.scenario").write_text('# Says goodbye first\ncall\nexpect "goodbye"\n')
    # A file with its own profile is played against a second bot, started with that profile.
    (tmp_path / "garage.toml").write_text('name = "Corner Garage"\n')
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "garage.scenario").write_text(
        '# Another business\nprofile ../garage.toml\ncall\nexpect "Corner Garage"\n'
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "harness",
            "run",
            str(tmp_path),
            "--offline",
            "--env-file",
            str(tmp_path / "none.env"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 1, done.stderr
    assert lines[0].startswith(
        f"FAIL  {tmp_path}/bad.scenario › Says goodbye first — line 3: "
        'expected the bot to say "goodbye"; it said: "'
    )
    assert lines[1].startswith(f"PASS  {tmp_path}/good.scenario › Greets  (2 steps, ")
    assert lines[2].startswith(
        f"PASS  {tmp_path}/other/garage.scenario › Another business  (2 steps, "
    )
    assert lines[3:] == ["2 passed, 1 failed"]


def test_the_run_command_rejects_a_bad_file_before_starting_the_bot(tmp_path: Path) -> None:
    (tmp_path / "typo.scenario").write_text("call\nsya hello\n")
    done = subprocess.run(
        [sys.executable, "-m", "harness", "run", str(tmp_path / "typo.scenario")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"harness: {tmp_path}/typo.scenario:2: unknown step 'sya'")
