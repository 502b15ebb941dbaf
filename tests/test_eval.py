"""The conversation eval (scenarios/eval): its format, its grading, and the offline score.

The eval plays realistic calls and texts to three businesses (a bike shop, a hair salon, a
plumber with emergency call-outs), each at a fixed clock, and grades every caller turn on what
the bot said and what landed in the CRM. The offline receptionist must pass at least 90% of
the turns with no false statement.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from harness.evaluation import report, scores
from harness.scenarios import (
    ScenarioSyntaxError,
    Step,
    TurnResult,
    evaluate_scenarios,
    load_scenarios,
    parse_scenarios,
)
from harness.twilio_sim import load_settings
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


def test_the_eval_is_large_and_varied() -> None:
    scenarios = load_scenarios([EVAL])
    turns = sum(1 for s in scenarios for step in s.steps if step.verb in ("say", "text"))
    profiles = {s.profile.name for s in scenarios if s.profile}
    assert len(scenarios) >= 40 and turns >= 150
    assert profiles == {"bike-shop.toml", "hair-salon.toml", "plumber.toml"}


def test_the_offline_receptionist_passes_the_eval(tmp_path: Path) -> None:
    results = asyncio.run(evaluate_scenarios(offline_settings(tmp_path),
                                             load_scenarios([EVAL])))
    whole = scores(results)[-1]
    print(report(results))
    assert [r for r in results if r.false_statement] == []
    assert whole.ratio >= 0.9, report(results)


def test_the_eval_command_prints_the_score_per_intent(tmp_path: Path) -> None:
    (tmp_path / "one.scenario").write_text(
        f"profile {PROFILES / 'plumber.toml'}\nclock 2026-11-17T10:00-07:00\n"
        "scenario Sunday\ncall from +17205550390\nintent hours\nsay are you open on sunday\n"
        'expect "closed"\nsay and saturday\nexpect "8 AM to 12 PM"\n'
        "intent stock\nsay do you fix boilers\nexpect \"yes we do\"\n")
    done = subprocess.run(
        [sys.executable, "-m", "harness", "eval", str(tmp_path), "--offline", "--env-file",
         str(tmp_path / "none.env"), "--wait", "0.2"],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:7] == [
        "intent  passed / total",
        "------  --------------",
        "hours        2 / 2     100.0%",
        "stock        0 / 1       0.0%",
        "------  --------------",
        "all          2 / 3      66.7%",
        "3 turns in 1 scenarios; false statements: 0",
    ]
    assert lines[8] == "Failures:"
    assert lines[9] == f"  [stock] {tmp_path}/one.scenario › Sunday: say do you fix boilers"


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
