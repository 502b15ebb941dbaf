"""The load driver: what it counts, how it reports, and its limits."""

from __future__ import annotations

import asyncio
import math
import subprocess
import sys
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from twilio.twiml.voice_response import Gather, VoiceResponse

from harness.__main__ import main
from harness.load import LoadReport, percentile, run_load
from harness.twilio_sim import Account, Exchange, WebhookClient
from tests.harness_support import REPO, StandIn


def listening(text: str) -> str:
    response = VoiceResponse()
    gather = Gather(input="dtmf speech", action="/voice/process", action_on_empty_result=True)
    gather.say(text)
    response.append(gather)
    return str(response)


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    async with StandIn() as server:
        server.answers["/voice/incoming"] = listening("Hello")
        server.answers["/voice/process"] = listening("We open at 9.")
        server.answers["/sms/incoming"] = "<Response><Message>Hi</Message></Response>"
        yield server


@pytest.mark.parametrize(
    ("values", "percent", "expected"),
    [
        ([1.0], 50, 1.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
        ([1.0, 2.0, 3.0, 4.0], 90, 4.0),
        ([float(n) for n in range(1, 101)], 99, 99.0),
        ([float(n) for n in range(1, 101)], 100, 100.0),
    ],
)
def test_percentiles_are_nearest_rank(values: list[float], percent: float, expected: float) -> None:
    assert percentile(values, percent) == expected


def test_no_values_have_no_percentile() -> None:
    assert math.isnan(percentile([], 50))


def test_the_report_is_a_table_per_webhook() -> None:
    report = LoadReport(calls=2, seconds=2.0, concurrency=2)
    for latency, status in ((0.010, 200), (0.020, 200), (0.030, 500)):
        report.add(
            Exchange("POST", "http://127.0.0.1:1/voice/process", {}, status=status, latency=latency)
        )
    report.add(Exchange("POST", "http://127.0.0.1:1/voice/incoming", {}, status=200, latency=0.004))
    assert report.table().splitlines() == [
        "webhook                  requests errors      p50      p90      p99      max",
        "----------------------------------------------------------------------------",
        "POST /voice/incoming            1      0    4.0ms    4.0ms    4.0ms    4.0ms",
        "POST /voice/process             3      1   20.0ms   30.0ms   30.0ms   30.0ms",
        "all                             4      1   10.0ms   30.0ms   30.0ms   30.0ms",
        "",
        "2 calls (0 failed), 0 texts in 2.0 s at concurrency 2: 2 requests/s",
        "error: POST /voice/process: HTTP 500 ×1",
    ]


async def test_every_call_and_text_is_counted_per_webhook(standin: StandIn) -> None:
    async with WebhookClient(standin.base_url, standin.token) as client:
        report = await run_load(client, Account(), calls=6, concurrency=3, turns=2, texts=2)
    counts = {name: len(values) for name, values in report.latencies.items()}
    assert counts == {
        "POST /voice/incoming": 6,
        "POST /voice/process": 12,
        "POST /voice/status": 6,
        "POST /sms/incoming": 2,
    }
    assert (report.calls, report.calls_failed, report.texts, report.error_count) == (6, 0, 2, 0)
    assert all(r.signed for r in standin.received if r.path != "/health")
    callers = {r.params["From"] for r in standin.received}
    assert len(callers) == 6


async def test_calls_can_ring_another_receptionists_webhooks(standin: StandIn) -> None:
    # bench/bench_peers.py drives public peers whose webhooks have other names, and one of
    # them has no status callback at all (Twilio posts none unless the number names one).
    standin.answers["/voice"] = listening("Hello")
    async with WebhookClient(standin.base_url, standin.token) as client:
        report = await run_load(client, Account(), calls=2, concurrency=1, turns=1,
                                incoming_path="/voice", status_path=None)
    assert sorted(report.latencies) == ["POST /voice", "POST /voice/process"]
    assert [p for p in standin.paths() if p != "/health"] == ["/voice", "/voice/process"] * 2
    assert report.error_count == 0


async def test_errors_are_counted_against_the_webhook_that_failed(standin: StandIn) -> None:
    standin.answers["/voice/process"] = lambda _p: web.Response(status=500)
    async with WebhookClient(standin.base_url, standin.token) as client:
        report = await run_load(client, Account(), calls=3, concurrency=3, turns=2)
    assert {name: dict(counter) for name, counter in report.errors.items() if counter} == {
        "POST /voice/process": {"HTTP 500": 3}
    }
    assert (report.calls, report.calls_failed) == (3, 3)


async def test_a_run_stops_at_its_time_limit(standin: StandIn) -> None:
    async def slow(_params: dict[str, str]) -> str:
        await asyncio.sleep(5)
        return listening("Hello")

    standin.answers["/voice/incoming"] = slow
    async with WebhookClient(standin.base_url, standin.token) as client:
        report = await run_load(client, Account(), calls=2, concurrency=2, turns=1, time_limit=0.3)
    assert report.stopped_early and report.calls == 0
    assert report.table().splitlines()[-1].endswith("— stopped at the time limit")


@pytest.mark.parametrize(
    "size",
    [
        {"calls": -1, "concurrency": 1, "turns": 1},
        {"calls": 1, "concurrency": 0, "turns": 1},
        {"calls": 1, "concurrency": 1, "turns": 51},
        {"calls": 100_001, "concurrency": 1, "turns": 1},
    ],
)
async def test_runs_are_bounded(size: dict[str, int]) -> None:
    async with WebhookClient("http://127.0.0.1:9", None) as client:
        with pytest.raises(ValueError, match="must be"):
            await run_load(client, Account(), **size)


def test_load_refuses_a_bot_that_is_not_on_this_machine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["load", "--url", "https://bot.example.com"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.endswith(
        "error: load only drives a bot on this machine (a loopback --url)\n"
    )


def test_load_refuses_a_running_bot_without_being_told_its_crm_may_take_fake_calls(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A bot on this machine may well be the owner's real one (a Pi runs both).
    with pytest.raises(SystemExit) as exited:
        main(["load", "--url", "http://127.0.0.1:8080"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "python -m harness: error: --url http://127.0.0.1:8080: load writes its fake calls "
        "and customers into that bot's CRM; add --yes-real-crm if that is what you want "
        "(without --url, load starts its own bot on a throwaway CRM)"
    )


async def test_load_with_yes_real_crm_drives_the_running_bot(standin: StandIn) -> None:
    code = await asyncio.to_thread(main, [
        "load", "--url", standin.base_url, "--yes-real-crm", "--calls", "2", "--concurrency",
        "1", "--turns", "0", "--env-file", "/nonexistent.env"])
    assert code == 0
    assert [p for p in standin.paths() if p != "/health"] == [
        "/voice/incoming", "/voice/status"] * 2


def test_the_caller_number_must_be_e164(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["run", "scenarios", "--from", "555-0123"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.endswith(
        "error: --from '555-0123': give an E.164 number like +14155550123\n"
    )


def test_the_load_command_starts_the_bot_and_prints_the_table() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "harness",
            "load",
            "--calls",
            "4",
            "--concurrency",
            "2",
            "--turns",
            "2",
            "--texts",
            "1",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("load: 4 calls × 2 turns, concurrency 2, against http://127.0.0.1:")
    assert lines[0].endswith("(offline mode)")
    assert [line.split()[:4] for line in lines[1:8]] == [
        ["webhook", "requests", "errors", "p50"],
        ["-" * 76],
        ["POST", "/sms/incoming", "1", "0"],
        ["POST", "/voice/incoming", "4", "0"],
        ["POST", "/voice/process", "8", "0"],
        ["POST", "/voice/status", "4", "0"],
        ["all", "17", "0", lines[7].split()[3]],
    ]
    assert lines[9].startswith("4 calls (0 failed), 1 texts in ")
