"""The conversation eval (scenarios/eval): its format, its grading, and the offline score.

The eval plays realistic calls and texts to three businesses (a bike shop, a hair salon, a
plumber with emergency call-outs), each at a fixed clock, and grades every caller turn on what
the bot said and what landed in the CRM. The offline receptionist must pass at least 90% of
the turns with no false statement.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from harness.evaluation import report, scores
from harness.judge import VERDICT_TOOL, Judge, JudgeUnavailable, Verdict, judge_from
from harness.scenarios import (
    ScenarioSyntaxError,
    Step,
    TurnResult,
    booked_as,
    evaluate_scenarios,
    load_scenarios,
    parse_scenarios,
)
from harness.twilio_sim import load_settings
from tests.conftest import claude_client, eval_file_scores
from tests.fakes import Error, FakeClaude, ToolUse
from tests.harness_support import REPO

EVAL = REPO / "scenarios" / "eval"
PROFILES = REPO / "scenarios" / "profiles"


def offline_settings(scratch: Path):  # type: ignore[no-untyped-def]
    return load_settings(
        crm_path=scratch / "crm.sqlite",
        offline=True,
        env_file=scratch / "no.env",
        environ={"PATH": "/usr/bin:/bin", "LOG_LEVEL": "INFO"},
    )


def test_a_clock_and_intents_are_read_from_the_file() -> None:
    [first, second] = parse_scenarios(
        "clock 2026-11-17T10:00-06:00\nscenario A\nintent hours\ncall\nsay hours?\n"
        "scenario B\ntext hi\n", "e.scenario")
    assert (first.clock, second.clock) == ("2026-11-17T10:00:00-06:00",) * 2
    assert first.steps[0] == Step(3, "intent", "hours")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("clock tomorrow", "e.scenario:1: clock takes a moment with its UTC offset (example: "
         "clock 2026-11-24T10:00-06:00)"),
        ("clock 2026-11-17T10:00", "e.scenario:1: clock takes a moment with its UTC offset "
         "(example: clock 2026-11-24T10:00-06:00)"),
        ("call\nclock 2026-11-17T10:00-06:00", "e.scenario:2: a clock is for the whole file: "
         "one 'clock' line, before the first step"),
        ("intent Two Words", "e.scenario:1: intent takes one name, like intent booking"),
    ],
)
def test_clock_and_intent_mistakes_are_named(text: str, message: str) -> None:
    with pytest.raises(ScenarioSyntaxError) as raised:
        parse_scenarios(text, "e.scenario")
    assert str(raised.value) == message


async def test_turns_are_graded_one_by_one_and_a_false_statement_is_counted(
    tmp_path: Path,
) -> None:
    text = (
        f"profile {PROFILES / 'bike-shop.toml'}\nclock 2026-11-17T10:00-06:00\n"
        "scenario Hours then stock\ncall from +13125550190\nintent hours\n"
        'say are you open on saturday\nexpect "10 AM to 2 PM"\nexpect "closed"\n'
        'intent stock\nsay do you sell kids bikes\nexpect not "not sure"\n'
        'say are you open sunday\nexpect "closed"\n'
    )
    results = await evaluate_scenarios(offline_settings(tmp_path),
                                       parse_scenarios(text, str(tmp_path / "t.scenario")),
                                       wait=0.5)
    assert [(r.intent, r.action, r.passed, r.false_statement) for r in results] == [
        ("hours", "say are you open on saturday", False, False),
        ("stock", "say do you sell kids bikes", False, True),
        ("stock", "say are you open sunday", True, False),
    ]
    assert results[0].reasons == [
        'line 8: expected the bot to say "closed"; it said: "On Saturday the 21st of November '
        "we're open 10 AM to 2 PM.\""]
    assert [(s.intent, s.passed, s.total) for s in scores(results)] == [
        ("hours", 0, 1), ("stock", 1, 2), ("all", 1, 3)]


def test_the_clock_is_the_bots_own() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "harness.clocked", "-c"], capture_output=True, text=True,
        env={"HARNESS_CLOCK": "2026-11-17T10:00-06:00", "PATH": "/usr/bin:/bin"}, cwd=REPO,
        timeout=30, check=False)
    # harness.clocked runs a file: given none that exists, it says so (and nothing else runs).
    assert done.returncode != 0 and "-c" in done.stderr
    moment = datetime.fromisoformat("2026-11-17T10:00-06:00")
    code = "import datetime; print(datetime.datetime.now(datetime.UTC).isoformat())"
    script = REPO / "tests" / "_clock_probe.py"
    script.write_text(code + "\n")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "harness.clocked", str(script)], capture_output=True,
            text=True, env={"HARNESS_CLOCK": moment.isoformat(), "PATH": "/usr/bin:/bin"},
            cwd=REPO, timeout=30, check=True)
    finally:
        script.unlink()
    assert abs((datetime.fromisoformat(done.stdout.strip()) - moment).total_seconds()) < 30


# The sets a stranger wrote without reading the receptionist's code (issue 18), scored as
# written in the README; they join the sets the receptionist must pass once it handles them.
# Written by people who never read the code: every round's files (blind-, blind2-, ... blind10-).
STRANGERS = sorted([*EVAL.glob("stranger-*.scenario"), *EVAL.glob("fresh-*.scenario"),
                    *EVAL.glob("blind*-*.scenario")])
OURS = sorted(set(EVAL.glob("*.scenario")) - set(STRANGERS))


def test_the_eval_is_large_and_varied() -> None:
    scenarios = load_scenarios(OURS)
    turns = sum(1 for s in scenarios for step in s.steps if step.verb in ("say", "text"))
    profiles = {s.profile.name for s in scenarios if s.profile}
    assert len(scenarios) >= 40 and turns >= 150
    assert profiles == {"bike-shop.toml", "hair-salon.toml", "plumber.toml"}


def test_the_offline_receptionist_passes_the_eval(
    offline_eval: subprocess.CompletedProcess[str],
) -> None:
    # Graded by `python -m harness eval --offline` (run once for the session, shared with
    # test_docs): our sets' rows in its table per file; the stranger-written sets' turns do not
    # count towards the pass mark.
    rows = eval_file_scores(offline_eval.stdout)
    ours = [rows[path.name] for path in OURS]
    passed, total = sum(r.passed for r in ours), sum(r.total for r in ours)
    assert total > 0, offline_eval.stdout
    assert sum(r.false_statements for r in ours) == 0, offline_eval.stdout
    assert sum(r.harmful for r in ours) == 0, offline_eval.stdout
    assert passed / total >= 0.9, offline_eval.stdout


def test_the_eval_command_prints_the_score_per_intent(tmp_path: Path) -> None:
    (tmp_path / "one.scenario").write_text(
        f"profile {PROFILES / 'plumber.toml'}\nclock 2026-11-17T10:00-07:00\n"
        "scenario Sunday\ncall from +17205550390\nintent hours\nsay are you open on sunday\n"
        'expect "closed"\nsay and saturday\nexpect "8 AM to 12 PM"\n'
        "intent stock\nsay do you fix boilers\nexpect \"yes we do\"\n")
    # Given a file by name, as the shell hands over a glob's files (the whole eval, given no
    # file, reads its folder: test_docs).
    done = subprocess.run(
        [sys.executable, "-m", "harness", "eval", str(tmp_path / "one.scenario"), "--offline",
         "--env-file", str(tmp_path / "none.env"), "--wait", "0.2"],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:8] == [
        "intent  passed / total",
        "------  --------------",
        "hours        2 / 2     100.0%",
        "stock        0 / 1       0.0%",
        "------  --------------",
        "all          2 / 3      66.7%",
        "3 turns in 1 scenarios; false statements: 0",
        "harm: 0 turns (goal 0): false booking 0, wrong date or time 0, invented fact 0, "
        "emergency not escalated 0",
    ]
    assert lines[8:11] == [
        "",
        "file          passed / total          false statements  harm",
        "one.scenario       2 / 3      66.7%                 0     0",
    ]
    assert lines[12] == "Failures:"
    assert lines[13] == f"  [stock] {tmp_path}/one.scenario › Sunday: say do you fix boilers"


async def test_harm_is_told_apart_from_a_miss_and_counted_on_its_own(tmp_path: Path) -> None:
    """Issue 18: the eval's harm class. A booking the turn made though the scenario rules it
    out, another time stored than the one expected, a statement ruled out, and any miss on an
    emergency are harm; an answer that merely misses is not."""
    text = (
        f"profile {PROFILES / 'bike-shop.toml'}\nclock 2026-11-17T10:00-06:00\n"
        "scenario Harm\ncall from +13125550191\nintent booking\n"
        "say can I book a tune-up tomorrow at 3\n"
        'expect not appointment booked "Basic tune-up"\n'
        "say yes please, it's Dana Ortiz\n"
        'expect not appointment booked "Basic tune-up"\n'
        'say can I book a flat tire repair tomorrow at 4\nexpect "Shall I"\n'
        "say yes\n"
        'expect appointment booked "Flat tire repair 2026-11-18 17:00"\n'
        'intent hours\nsay are you open on sunday\nexpect not "closed"\n'
        'say and on saturday\nexpect "we are shut"\n'
        "intent emergency\nsay there's water everywhere, a pipe burst\n"
        'expect "we are on our way"\n'
    )
    results = await evaluate_scenarios(offline_settings(tmp_path),
                                       parse_scenarios(text, str(tmp_path / "t.scenario")),
                                       wait=0.5)
    assert [(r.action, r.passed, r.harms) for r in results] == [
        ("say can I book a tune-up tomorrow at 3", True, []),
        ("say yes please, it's Dana Ortiz", False, ["false booking"]),
        ("say can I book a flat tire repair tomorrow at 4", True, []),
        ("say yes", False, ["wrong date or time"]),
        ("say are you open on sunday", False, ["invented fact"]),
        ("say and on saturday", False, []),
        ("say there's water everywhere, a pipe burst", False, ["emergency not escalated"]),
    ]
    assert report(results).splitlines()[8] == (
        "harm: 4 turns (goal 0): false booking 1, wrong date or time 1, invented fact 1, "
        "emergency not escalated 1")


def test_a_dated_booking_names_its_service_by_the_first_words_of_its_name() -> None:
    """A stranger's set wrote `expect appointment booked "Dry eye 2027-01-25 11:00"` for a
    "Dry eye evaluation" booked at 11:00 that day: the right booking, graded as a wrong time
    because the whole line had to hold the phrase. The service's words and the start are now
    matched apart; a wrong start or another service still fails."""
    held = ["Dry eye evaluation 2027-01-25 11:00", "Bath and brush 2026-12-19 11:00"]
    assert booked_as(held, ["Dry eye 2027-01-25 11:00"])
    assert booked_as(held, ["bath 2026-12-19 11:00"])
    assert booked_as(held, ["Dry eye evaluation 2027-01-25"])
    assert booked_as(held, ["evaluation"])  # no date: found anywhere in the line, as before
    assert not booked_as(held, ["Dry eye 2027-01-25 10:00"])
    assert not booked_as(held, ["Bath 2027-01-25 11:00"])
    assert not booked_as(held, ["Nail trim 2026-12-19 11:00"])
    assert not booked_as([], ["Dry eye"])


def test_turn_results_keep_every_reason() -> None:
    [scenario] = parse_scenarios("call\n", "t.scenario")
    result = TurnResult(scenario, "hours", "say hi")
    result.fail("line 2: one")
    result.fail("line 3: two", false_statement=True)
    assert (result.passed, result.reasons, result.false_statement) == (
        False, ["line 2: one", "line 3: two"], True)


def test_a_say_step_may_carry_the_speech_confidence() -> None:
    [scenario] = parse_scenarios(
        "call\nsay (confidence 0.38) yeah it's dana ortiz\nsay hello\n", "e.scenario")
    assert scenario.steps[1:] == [
        Step(2, "say", "yeah it's dana ortiz", confidence=0.38),
        Step(3, "say", "hello"),
    ]
    with pytest.raises(ScenarioSyntaxError) as raised:
        parse_scenarios("call\nsay (confidence 1.5) hi\n", "e.scenario")
    assert str(raised.value) == "e.scenario:2: a confidence is between 0 and 1"


# -- The LLM judge (python -m harness eval --judge) ----------------------------------------------


@pytest.fixture
async def judge(fake_claude: FakeClaude) -> AsyncIterator[Judge]:
    """The judge, asking the fake Claude through the real SDK."""
    asking = Judge(claude_client(fake_claude), "claude-haiku-4-5")
    yield asking
    await asking.aclose()


async def test_the_judge_asks_through_the_sdk_and_reads_the_verdict(
    fake_claude: FakeClaude, judge: Judge
) -> None:
    fake_claude.queue(ToolUse("verdict", {"meets": True, "why": "It names the holiday."}))
    verdict = await judge.verdict("says the shop is closed for the holiday",
                                  "are you open next thursday",
                                  "We're closed on Thanksgiving, Thursday the 26th.")
    assert verdict == Verdict(True, "It names the holiday.")
    [request] = fake_claude.requests
    assert (request["model"], request["tool_choice"], [t["name"] for t in request["tools"]]) == (
        "claude-haiku-4-5", {"type": "tool", "name": "verdict"}, ["verdict"])
    assert request["messages"] == [{"role": "user", "content": (
        "The caller said: are you open next thursday\n"
        "The receptionist replied: We're closed on Thanksgiving, Thursday the 26th.\n"
        "Expectation: says the shop is closed for the holiday\n"
        "Does the reply meet the expectation?")}]
    assert (judge.requests, judge.cost_line()) == (
        1, f"judge (claude-haiku-4-5): 1 requests, {judge.input_tokens} input and "
           f"{judge.output_tokens} output tokens")
    assert judge.input_tokens > 0


async def test_an_unreadable_verdict_passes_nothing(
    fake_claude: FakeClaude, judge: Judge
) -> None:
    fake_claude.queue(ToolUse("verdict", {"meets": "sure", "why": "?"}))
    assert await judge.verdict("x", "y", "z") == Verdict(
        False, "the judge gave no readable verdict")


async def test_a_refused_judge_request_is_one_clear_error(
    fake_claude: FakeClaude, judge: Judge
) -> None:
    fake_claude.queue(Error(401, "authentication_error", "invalid x-api-key"))
    with pytest.raises(JudgeUnavailable) as refused:
        await judge.verdict("x", "y", "z")
    assert str(refused.value) == (
        "the judge's request failed: Claude refused the API key (401): check ANTHROPIC_API_KEY")


async def test_the_fake_refuses_a_tool_choice_the_api_would_refuse(
    fake_claude: FakeClaude,
) -> None:
    import anthropic

    client = claude_client(fake_claude)
    for extra, message in [
        ({"tool_choice": {"type": "tool", "name": "verdict"}},
         "tool_choice may only be specified while providing tools"),
        ({"tools": [VERDICT_TOOL], "tool_choice": {"type": "tool", "name": "grade"}},
         "tool_choice: tool 'grade' not found in tools"),
    ]:
        with pytest.raises(anthropic.BadRequestError) as refused:
            await client.messages.create(
                model="claude-haiku-4-5", max_tokens=10,
                messages=[{"role": "user", "content": "hi"}], **extra)
        assert message in str(refused.value)
    await client.close()
    assert len(fake_claude.requests) == 2


async def test_the_judge_needs_a_key() -> None:
    with pytest.raises(JudgeUnavailable) as missing:
        judge_from({"ANTHROPIC_API_KEY": " "})
    assert str(missing.value) == (
        "--judge asks Claude: set ANTHROPIC_API_KEY in .env or the environment")
    chosen = judge_from({"ANTHROPIC_API_KEY": "sk-ant-x", "JUDGE_MODEL": "claude-sonnet-4-5"})
    assert chosen.model == "claude-sonnet-4-5"
    await chosen.aclose()


async def test_the_eval_grades_judge_lines_and_reworded_replies_with_the_judge(
    tmp_path: Path, fake_claude: FakeClaude, judge: Judge
) -> None:
    text = (
        f"profile {PROFILES / 'plumber.toml'}\nclock 2026-11-17T10:00-07:00\n"
        "scenario Sunday\ncall from +17205550391\nintent hours\nsay are you open on sunday\n"
        'expect judge "says the office is closed on Sunday"\n'
        'expect "shut"\nexpect not "we\'re open"\n'
    )
    scenarios = parse_scenarios(text, str(tmp_path / "j.scenario"))
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    # Without a judge the 'expect judge' line is left ungraded; the reworded words fail.
    [plain] = await evaluate_scenarios(offline_settings(tmp_path / "a"), scenarios, wait=0.2)
    assert (plain.passed, plain.unjudged, plain.judged) == (False, 1, 0)
    assert plain.reasons == [
        "line 8: expected the bot to say \"shut\"; it said: \"We're closed on Sunday the "
        "22nd of November. We open again on Monday the 23rd of November at 7 AM.\""]
    fake_claude.queue(ToolUse("verdict", {"meets": True, "why": "Closed on Sunday."}),
                      ToolUse("verdict", {"meets": True, "why": "Closed means shut."}))
    [judged] = await evaluate_scenarios(offline_settings(tmp_path / "b"), scenarios, wait=0.2,
                                        judge=judge)
    assert (judged.passed, judged.unjudged, judged.judged) == (True, 0, 1)
    asked = [r["messages"][0]["content"].splitlines()[2] for r in fake_claude.requests]
    assert asked == ["Expectation: says the office is closed on Sunday",
                     'Expectation: The reply says "shut", in any wording.']
    assert "1 expectations passed by the judge where the words differed" in report([judged])
    assert "1 'expect judge' lines not graded" in report([plain])


async def test_a_judge_saying_no_fails_the_turn(
    tmp_path: Path, fake_claude: FakeClaude, judge: Judge
) -> None:
    text = (
        f"profile {PROFILES / 'plumber.toml'}\nclock 2026-11-17T10:00-07:00\n"
        "scenario Sunday\ncall from +17205550392\nintent hours\nsay are you open on sunday\n"
        'expect judge "offers the emergency line"\n'
    )
    fake_claude.queue(ToolUse("verdict", {"meets": False, "why": "No emergency line."}))
    [turn] = await evaluate_scenarios(
        offline_settings(tmp_path), parse_scenarios(text, str(tmp_path / "n.scenario")),
        wait=0.2, judge=judge)
    assert (turn.passed, turn.false_statement) == (False, False)
    assert turn.reasons == [
        "line 7: the judge found the reply does not meet 'offers the emergency line' (No "
        "emergency line.); it said: \"We're closed on Sunday the 22nd of November. We open "
        "again on Monday the 23rd of November at 7 AM.\""]


def test_eval_judge_without_a_key_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "one.scenario").write_text("call\nsay hi\n")
    done = subprocess.run(
        [sys.executable, "-m", "harness", "eval", str(tmp_path), "--judge", "--env-file",
         str(tmp_path / "none.env")],
        cwd=REPO, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "harness: --judge asks Claude: set ANTHROPIC_API_KEY in .env or the "
               "environment\n")


CLOCKED_WITHOUT_TIME_MACHINE = """
import runpy, sys
sys.modules["time_machine"] = None  # as on 32-bit Pi OS, where it has no wheel
sys.argv = ["clocked", *sys.argv[1:]]
runpy.run_module("harness.clocked", run_name="__main__")
"""
CLOCK_PROBE = """
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo
here = datetime.now(ZoneInfo("America/Chicago"))
later = here + timedelta(hours=1)
print(datetime.now(UTC).isoformat(), here.utcoffset().total_seconds(), isinstance(later, datetime),
      isinstance(datetime.fromisoformat("2026-01-01T00:00+00:00"), datetime))
"""


def test_the_clock_travels_without_time_machine_too(tmp_path: Path) -> None:
    """time-machine needs a compiler on 32-bit Pi OS (issue 17 item 12), so it is a development
    install: without it harness.clocked moves datetime's clock itself, as far as bot.py reads it."""
    moment = datetime.fromisoformat("2026-11-17T10:00-06:00")
    script = tmp_path / "probe.py"
    script.write_text(CLOCK_PROBE)
    done = subprocess.run(
        [sys.executable, "-c", CLOCKED_WITHOUT_TIME_MACHINE, str(script)], capture_output=True,
        text=True, env={"HARNESS_CLOCK": moment.isoformat(), "PATH": "/usr/bin:/bin"},
        cwd=REPO, timeout=30, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    now, offset, *kinds = done.stdout.split()
    assert abs((datetime.fromisoformat(now) - moment).total_seconds()) < 30
    assert (offset, kinds) == ("-21600.0", ["True", "True"])  # Chicago's November, travelled


async def test_the_eval_plays_a_few_bots_at_once_and_keeps_the_files_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19: the eval's bots play side by side (it took twice as long one after another),
    no two starting at once (each takes a free port only known free until a bot binds it), each
    with its own CRM, and the results come in the files' order whatever order the bots end in."""
    import asyncio
    import contextlib

    import harness.scenarios as scenarios_module

    state = {"running": 0, "most": 0, "starting": 0, "starts_at_once": 0, "started": 0}
    real_connect = scenarios_module.connect
    all_started = asyncio.Event()

    @contextlib.asynccontextmanager
    async def counted(settings):  # type: ignore[no-untyped-def]
        state["starting"] += 1
        state["starts_at_once"] = max(state["starts_at_once"], state["starting"])
        async with real_connect(settings) as bot:
            state["starting"] -= 1
            state["started"] += 1
            if state["started"] == scenarios_module.EVAL_BOTS_AT_ONCE:
                all_started.set()
            yield bot

    real_evaluate = scenarios_module.ScenarioRunner.evaluate

    async def playing(runner, scenario):  # type: ignore[no-untyped-def]
        state["running"] += 1
        state["most"] = max(state["most"], state["running"])
        try:
            # Longer files: the first bots still play when the others have started, however
            # slowly a busy machine starts them (bots one after another would wait it out).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(all_started.wait(), 60)
            return await real_evaluate(runner, scenario)
        finally:
            state["running"] -= 1

    monkeypatch.setattr(scenarios_module, "connect", counted)
    monkeypatch.setattr(scenarios_module.ScenarioRunner, "evaluate", playing)
    names = ["Ana Ruiz", "Ben Cole", "Cy Dunn", "Di Park", "Ed Moss"]
    scenarios = [
        scenario
        for minute, name in enumerate(names)
        for scenario in parse_scenarios(
            f"profile {PROFILES / 'bike-shop.toml'}\nclock 2026-11-17T10:0{minute}-06:00\n"
            f"scenario {name}\ncall from +1312555019{minute}\nintent booking\n"
            "say can I book a basic tune-up tomorrow at 3\n"
            'expect not appointment booked "Basic tune-up"\n'
            f"say yes please, it's {name}\n"
            'expect appointment booked "Basic tune-up 2026-11-18 15:00"\n',
            str(tmp_path / f"{minute}.scenario"))
    ]
    results = await evaluate_scenarios(offline_settings(tmp_path), scenarios, wait=0.5)
    assert [(r.action, r.passed) for r in results] == [
        (action, True) for name in names
        for action in ("say can I book a basic tune-up tomorrow at 3",
                       f"say yes please, it's {name}")]
    assert state["most"] == scenarios_module.EVAL_BOTS_AT_ONCE > 1
    assert state["starts_at_once"] == 1
    # Each business its own CRM: five files beside the one given, each with its one booking.
    assert len(list(tmp_path.glob("crm*.sqlite"))) == len(names)
