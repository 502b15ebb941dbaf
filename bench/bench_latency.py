"""The latency benchmark of issue 8, as one table: what the bot adds to each webhook, how soon
a caller hears the first words, how it holds up with 50 and 100 calls at once, its CPU, memory
and cold start.

    python bench/bench_latency.py            # about two minutes on a 2-core machine
    python bench/bench_latency.py --quick    # fewer calls, for trying it out

It starts the project's fake Claude (tests/fakes.py) as its own process, with a set time to
first token and per-token delay, and bot.py against it (a throwaway CRM, a session auth token:
every request is signed and checked, as in production). Calls are placed by the harness's
load driver from several client processes. Figures measure this machine, with everything else
that runs on it: compare runs on one machine only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from harness.load import percentile, run_load  # noqa: E402
from harness.relay import RelaySocket  # noqa: E402
from harness.twilio_sim import (  # noqa: E402
    Account,
    BotStartError,
    WebhookClient,
    call_params,
    connect,
    load_settings,
    new_sid,
)

QUESTIONS = ("What are your hours?", "Do you fix flat tires?", "How much is a tune-up?",
             "Where are you?", "Can I bring my bike in tomorrow?")
CLIENT_PROCESSES = 4


def start_fake_claude(ttft: float, per_token: float) -> tuple[subprocess.Popen[str], str]:
    """The fake Claude on a free port, answering after `ttft`, a word every `per_token`."""
    fake = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes", "claude", "--port", "0", "--latency", str(ttft),
         "--per-token-delay", str(per_token)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert fake.stdout is not None
    return fake, fake.stdout.readline().strip().removeprefix("FAKE_CLAUDE_URL=")


def cpu_seconds(pid: int) -> float:
    """User and system CPU a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kb(pid: int, name: str) -> int:
    """VmRSS (resident now) or VmHWM (resident at peak) of a process, in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


def says_of(body: str) -> tuple[list[str], str | None]:
    """The <Say> texts of a TwiML document, and where its <Redirect> goes (if anywhere)."""
    root = ElementTree.fromstring(body)
    says = [element.text or "" for element in root.iter("Say")]
    redirect = next((element.text for element in root.iter("Redirect")), None)
    return says, redirect


def gather_action(body: str) -> str:
    """Where a TwiML document's <Gather> posts the caller's next words."""
    gather = next(ElementTree.fromstring(body).iter("Gather"), None)
    assert gather is not None, body
    return gather.get("action", "/voice/process")


async def timed_turns(
    client: WebhookClient, account: Account, turns: int
) -> list[tuple[float, float]]:
    """One call, one turn at a time: for each turn, the time from the caller's words posted
    to the first speakable text received, and to the whole reply (every <Redirect> followed).
    Each turn is posted to the previous answer's <Gather action> (its ?step= included), as
    Twilio does."""
    sid = new_sid("CA")
    params = call_params(account, sid, "+14155550100", "in-progress")
    exchange = await client.request(client.url_for("/voice/incoming"), params)
    timings = []
    for turn in range(turns):
        action = gather_action(exchange.body)
        started = time.perf_counter()
        exchange = await client.request(
            client.url_for(action),
            {**params, "SpeechResult": QUESTIONS[turn % len(QUESTIONS)], "Confidence": "0.92"})
        assert exchange.ok, exchange.error or exchange.status
        first = time.perf_counter() - started
        _, redirect = says_of(exchange.body)
        while redirect:
            exchange = await client.request(client.url_for(redirect), params)
            assert exchange.ok, exchange.error or exchange.status
            _, redirect = says_of(exchange.body)
        timings.append((first, time.perf_counter() - started))
    return timings


async def relay_first_audio(client: WebhookClient, account: Account, turns: int) -> list[float]:
    """One relay call: for each prompt sent, the time to the first speakable token."""
    sid, caller = new_sid("CA"), "+14155550101"
    exchange = await client.request(client.url_for("/voice/incoming"),
                                    call_params(account, sid, caller, "in-progress"))
    url = next(ElementTree.fromstring(exchange.body).iter("ConversationRelay")).get("url", "")
    socket = RelaySocket(url, client.auth_token)
    await socket.open()
    await socket.setup(sid, account.sid, caller, account.business_number)
    firsts = []
    try:
        for turn in range(turns):
            await socket.prompt(QUESTIONS[turn % len(QUESTIONS)])
            result = await socket.next_turn()
            assert result.first_token_at is not None, result
            firsts.append(result.first_token_at)
    finally:
        await socket.close()
    return firsts


async def model_first_sentence(url: str, runs: int) -> float:
    """The model alone: from the request to its first complete sentence, through the SDK."""
    import anthropic

    client = anthropic.AsyncAnthropic(api_key="bench-key", base_url=url, max_retries=0)
    seconds = []
    for n in range(runs):
        started = time.perf_counter()
        async with client.messages.stream(
            model="claude-haiku-4-5", max_tokens=200,
            messages=[{"role": "user", "content": QUESTIONS[n % len(QUESTIONS)]}],
        ) as stream:
            text = ""
            async for delta in stream.text_stream:
                text += delta
                if re.search(r"[.!?](\s|$)", text):
                    break
        seconds.append(time.perf_counter() - started)
    await client.close()
    return statistics.median(seconds)


def load_from_a_process(base_url: str, token: str, account: Account, calls: int,
                        concurrency: int, turns: int, incoming_path: str = "/voice/incoming",
                        status_path: str | None = "/voice/status",
                        ) -> tuple[list[float], int, list[str]]:
    """One client process of the load: its first-audio latencies (a Gather turn's answer, or
    a relay prompt's first token), errors and their reasons. Other webhook paths are for
    bench_peers.py's peers."""

    async def run() -> tuple[list[float], int, list[str]]:
        client = WebhookClient(base_url, token)
        try:
            report = await run_load(client, account, calls=calls, concurrency=concurrency,
                                    turns=turns, incoming_path=incoming_path,
                                    status_path=status_path)
        finally:
            await client.close()
        reasons = [f"{name}: {reason} ×{count}" for name, counter in report.errors.items()
                   for reason, count in counter.items()]
        latencies = (report.latencies.get("POST /voice/process")
                     or report.latencies.get("WS prompt → 1st token", []))
        return latencies, report.error_count, reasons

    return asyncio.run(run())


def concurrent_calls(base_url: str, token: str, account: Account, calls: int, turns: int,
                     incoming_path: str = "/voice/incoming",
                     status_path: str | None = "/voice/status",
                     ) -> tuple[float, list[float], int, list[str]]:
    """`calls` calls at once, from several client processes: wall time, first-audio
    latencies of every turn, errors."""
    share = [calls // CLIENT_PROCESSES + (i < calls % CLIENT_PROCESSES)
             for i in range(CLIENT_PROCESSES)]
    started = time.perf_counter()
    with ProcessPoolExecutor(CLIENT_PROCESSES, mp_context=get_context("spawn")) as pool:
        jobs = [pool.submit(load_from_a_process, base_url, token, account, n, n, turns,
                            incoming_path, status_path)
                for n in share if n]
        results = [job.result() for job in jobs]
    wall = time.perf_counter() - started
    latencies = sorted(x for result in results for x in result[0])
    return wall, latencies, sum(r[1] for r in results), [x for r in results for x in r[2]]


def cold_start(runs: int) -> tuple[float, float, float]:
    """From starting `python bot.py` (offline, fresh CRM) to its first answered call: the
    wall time, the CPU the bot used until then and its resident memory then (medians)."""
    seconds, cpus, residents = [], [], []
    for _ in range(runs):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
            env = {k: v for k, v in os.environ.items()
                   if not k.startswith(("ANTHROPIC_", "TWILIO_"))}
            env.update(PORT=str(port), CRM_DB=str(Path(scratch) / "crm.sqlite"),
                       PUBLIC_BASE_URL="", ANTHROPIC_API_KEY="")
            data = f"CallSid={new_sid('CA')}&From=%2B14155550100".encode()
            started = time.perf_counter()
            process = subprocess.Popen([sys.executable, str(REPO / "bot.py")], cwd=scratch,
                                       env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            try:
                while True:
                    try:
                        with urllib.request.urlopen(
                                f"http://127.0.0.1:{port}/voice/incoming", data, timeout=5):
                            seconds.append(time.perf_counter() - started)
                            cpus.append(cpu_seconds(process.pid))
                            residents.append(memory_kb(process.pid, "VmRSS") / 1024)
                            break
                    except OSError:
                        if process.poll() is not None or time.perf_counter() - started > 60:
                            raise
                        time.sleep(0.01)
            finally:
                process.terminate()
                process.wait(timeout=10)
    return statistics.median(seconds), statistics.median(cpus), statistics.median(residents)


async def under_load(rows: list[tuple[str, str, str]], mode: str, bot: Any, settings: Any,
                     idle: int, first: float, args: argparse.Namespace) -> int:
    """The concurrent runs against one bot (Gather or relay mode), as rows of the table: wall
    time, first-audio p50 / p99 (relay: the prompt's first token), errors, the bot's CPU per
    turn; then its health and memory. The errors in all."""
    pid = bot.process.pid
    token = settings.auth_token or ""
    failed = 0
    for calls in args.concurrent:
        cpu = cpu_seconds(pid)
        wall, latencies, errors, reasons = concurrent_calls(
            bot.client.base_url, token, settings.account, calls, 5)
        cpu = cpu_seconds(pid) - cpu
        failed += errors
        p50 = percentile(latencies, 50)
        rows.append((f"{mode}: {calls} calls at once × 5 turns: wall, first-audio p50 / p99, "
                     "errors",
                     f"{wall:.1f} s, {ms(p50)} / {ms(percentile(latencies, 99))}, {errors}",
                     f"p50 ≤ 1.2 × {ms(first)} = {ms(1.2 * first)}"))
        rows.append((f"{mode}: server CPU per turn with {calls} calls at once",
                     ms(cpu / max(1, len(latencies))), ""))
        rows += [("  error", reason, "") for reason in reasons[:5]]
    health = await bot.client.get_health() or {}
    locked = sum("database is locked" in line for line in bot.process.output)
    rows.append((f"{mode}: after the load: /health database, spooled webhooks, 'database is "
                 "locked' in the log's last 500 lines",
                 f"{health.get('database')}, {health.get('spooled')}, {locked}", "ok, 0, 0"))
    rows.append((f"{mode}: resident memory, one worker, Claude mode: idle / at peak under load",
                 f"{idle / 1024:.0f} MB / {memory_kb(pid, 'VmHWM') / 1024:.0f} MB",
                 "< 90 MB idle, < 100 MB under load"))
    return failed


def ms(seconds: float) -> str:
    """Seconds as milliseconds, for the table."""
    return f"{seconds * 1000:.1f} ms"


# The benchmark calls from one number over and over, and spends fake tokens freely: the limits a
# shop needs against floods (the README's "Limits and cost") would cut it short.
NO_LIMITS = {"CALLS_PER_HOUR": "0", "TEXTS_PER_HOUR": "0", "TURNS_PER_CALL": "0",
             "MINUTES_PER_CALL": "0", "CLAUDE_DAILY_BUDGET": "0", "CLAUDE_MONTHLY_BUDGET": "0"}

async def bench(args: argparse.Namespace) -> int:
    """Measure everything, then print the one table."""
    rows: list[tuple[str, str, str]] = []
    cpu_model = next((line.split(":", 1)[1].strip() for line in
                      Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), platform.processor() or "?")
    load_before = os.getloadavg()[0]
    failed = 0

    # 1. A zero-delay model: what the bot itself adds to each webhook, and its CPU.
    fake, url = start_fake_claude(0.0, 0.0)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
            settings = load_settings(crm_path=Path(scratch) / "crm.sqlite")
            settings.child_env.update(**NO_LIMITS, ANTHROPIC_API_KEY="bench-key",
                                      ANTHROPIC_BASE_URL=url)
            async with connect(settings) as bot:
                assert bot.process is not None and bot.process.pid is not None
                await timed_turns(bot.client, settings.account, 3)  # warm up
                cpu = cpu_seconds(bot.process.pid)
                timings = []
                for _ in range(args.overhead_calls):
                    timings += await timed_turns(bot.client, settings.account, 5)
                cpu = cpu_seconds(bot.process.pid) - cpu
                whole = sorted(t[1] for t in timings)
                rows.append(("server overhead per turn, zero-delay model (p50 / p99)",
                             f"{ms(percentile(whole, 50))} / {ms(percentile(whole, 99))}",
                             "p99 < 5 ms"))
                rows.append(("server CPU per turn, zero-delay model",
                             ms(cpu / len(timings)), "(lightest peer: 1.5 ms)"))
    finally:
        fake.terminate()

    # 2. A fast model: 300 ms to the first token, 30 ms a token.
    fake, url = start_fake_claude(0.3, 0.03)
    try:
        model = await model_first_sentence(url, 5)
        rows.append(("model alone: its first sentence (300 ms + 30 ms/token)", ms(model), ""))
        with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
            settings = load_settings(crm_path=Path(scratch) / "crm.sqlite")
            settings.child_env.update(**NO_LIMITS, ANTHROPIC_API_KEY="bench-key",
                                      ANTHROPIC_BASE_URL=url)
            async with connect(settings) as bot:
                assert bot.process is not None and bot.process.pid is not None
                pid = bot.process.pid
                idle = memory_kb(pid, "VmRSS")
                timings = await timed_turns(bot.client, settings.account, args.single_turns)
                first = statistics.median(t[0] for t in timings)
                whole = statistics.median(t[1] for t in timings)
                rows.append(("first audio, streamed Gather loop (p50)",
                             f"{ms(first)} ({ms(first - model)} after the model)",
                             "≤ 50 ms after the model"))
                rows.append(("whole reply, the plain Gather loop's first audio (p50)",
                             ms(whole), ""))
                failed += await under_load(rows, "Gather", bot, settings, idle, first, args)
        with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
            settings = load_settings(crm_path=Path(scratch) / "crm.sqlite")
            settings.child_env.update(**NO_LIMITS, ANTHROPIC_API_KEY="bench-key",
                                      ANTHROPIC_BASE_URL=url,
                                      VOICE_MODE="relay")
            async with connect(settings) as bot:
                assert bot.process is not None and bot.process.pid is not None
                idle = memory_kb(bot.process.pid, "VmRSS")
                firsts = await relay_first_audio(bot.client, settings.account,
                                                 args.single_turns)
                first = statistics.median(firsts)
                rows.insert(5, ("first audio, ConversationRelay: first token (p50)",
                                f"{ms(first)} ({ms(first - model)} after the model's first "
                                "sentence)", "≤ 50 ms after the model"))
                failed += await under_load(rows, "relay", bot, settings, idle, first, args)
    finally:
        fake.terminate()

    # 3. Cold start, offline.
    wall, cpu, resident = cold_start(3)
    rows.append(("cold start to the first answered call (offline, p50 of 3): wall (bot's CPU)",
                 f"{ms(wall)} ({ms(cpu)})", "< 1 s"))
    rows.append(("resident memory, offline mode, after the first call", f"{resident:.0f} MB",
                 "< 90 MB"))

    print(f"bot.py on {cpu_model}, {os.cpu_count()} cores shared with the other work on this "
          f"machine (load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at "
          "the end), Python "
          f"{platform.python_version()}")
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print(f"{'figure':<{width}}  {'measured':<{value_width}}  goal")
    print("-" * (width + value_width + 30))
    for name, value, goal in rows:
        print(f"{name:<{width}}  {value:<{value_width}}  {goal}")
    return 1 if failed else 0


def main() -> int:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer calls, to try it out")
    args = parser.parse_args()
    args.overhead_calls = 4 if args.quick else 20
    args.single_turns = 5 if args.quick else 20
    args.concurrent = [10] if args.quick else [50, 100]
    try:
        return asyncio.run(bench(args))
    except BotStartError as error:
        print(f"bench: {error}", *error.lines[-10:], sep="\n  ", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
