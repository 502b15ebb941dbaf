"""Past one machine: 100 concurrent calls x 5 turns on SQLite, on PostgreSQL, and on two and four
bot processes sharing one PostgreSQL.

Starts the project's fake Claude (tests/fakes.py) answering every request after `--claude`
seconds (default 0.3), a throwaway PostgreSQL server from the machine's own binaries
(tests/postgres.py: Debian's `postgresql` package), and for each setup one or more
`hypercorn bot:app` processes on loopback ports, all on one CRM. A load balancer is played by
the driver: every webhook (signed for the one public URL) goes to the next machine in turn, so
the turns of one call land on different machines.

    python bench/bench_machines.py                       # 100 calls x 5 turns, all four setups
    python bench/bench_machines.py --calls 20 --setups postgresql:2

For each setup it prints the wall time of the whole run, p50 and p99 of a caller's turn
(/voice/process, the model's time included), the errors (anything but a 200 with Claude's
reply), and the CRM time of a turn: the mean of one turn's CRM work (call_context, then
save_turn), run from this process against the same database with as many turns at once as
there were calls, after the load (the machines stopped).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import itertools
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import bot  # noqa: E402
from tests.fakes import call_sid, sign  # noqa: E402

TOKEN = "0123456789abcdef0123456789abcdef"
PUBLIC = "https://bot.example.com"
QUESTIONS = ["What are your hours?", "Where are you located?", "Do you sell used bikes?",
             "How much is a tune-up?", "Is there parking nearby?"]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_machine(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """One `hypercorn bot:app` on a free loopback port, once /health answers."""
    port = free_port()
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "hypercorn", "bot:app", "--bind", f"127.0.0.1:{port}"],
            cwd=REPO, env=env, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"a bot did not start: {log.read_text()[-2000:]}")


def params(sid: str, number: str, **extra: str) -> dict[str, str]:
    return {"AccountSid": "AC" + "0" * 32, "CallSid": sid, "CallStatus": "in-progress",
            "Direction": "inbound", "From": number, "To": "+15005550006", **extra}


async def one_call(http: aiohttp.ClientSession, machines: list[str], index: int, turns: int,
                   times: list[float], errors: list[str]) -> None:
    """A caller: the greeting, `turns` questions, the hang-up; each webhook to the next
    machine, as a round-robin load balancer would send it."""
    sid, number = call_sid(), f"+1415555{index:04d}"

    steps = itertools.count()

    async def post(path: str, form: dict[str, str]) -> str:
        machine = machines[(index + next(steps)) % len(machines)]
        headers = {"X-Twilio-Signature": sign(PUBLIC + path, form, TOKEN)}
        async with http.post(machine + path, data=form, headers=headers) as response:
            body = await response.text()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            return body

    try:
        await post("/voice/incoming", params(sid, number))
        for turn in range(turns):
            started = time.monotonic()
            body = await post("/voice/process", params(
                sid, number, SpeechResult=QUESTIONS[turn % len(QUESTIONS)], Confidence="0.9"))
            said = re.findall(r"<Say[^>]*>(.*?)</Say>", body)
            # A streamed reply: its first sentence, then Twilio follows the <Redirect> for the
            # rest (on whichever machine the balancer picks).
            while redirect := re.search(r"<Redirect[^>]*>(.*?)</Redirect>", body):
                path = html.unescape(redirect.group(1)).removeprefix(PUBLIC)
                body = await post(path, params(sid, number))
                said += re.findall(r"<Say[^>]*>(.*?)</Say>", body)
            times.append(time.monotonic() - started)
            if "You said" not in " ".join(said):
                errors.append(f"turn answered without Claude: {' '.join(said)[:120]}")
        await post("/voice/status", params(sid, number, CallStatus="completed",
                                           CallDuration="60"))
    except (TimeoutError, aiohttp.ClientError, RuntimeError) as error:
        errors.append(f"{type(error).__name__}: {error}")


async def crm_time_per_turn(config: bot.Config, calls: int) -> float:
    """The mean time of one turn's CRM work (call_context, then save_turn), `calls` at once,
    measured from here against the same database."""
    crm = await bot.open_crm(config)
    try:
        customer = await crm.customer_for("+14155550000")
        sids = [call_sid() for _ in range(calls)]
        for sid in sids:
            await crm.open_call(sid, customer["id"], "inbound")
        spent: list[float] = []

        async def turn(sid: str) -> None:
            started = time.monotonic()
            context = await crm.call_context(sid)
            assert context is not None
            await crm.save_turn(sid, "What are your hours?", "We open at nine.", context.state)
            spent.append(time.monotonic() - started)

        for _ in range(3):
            await asyncio.gather(*(turn(sid) for sid in sids))
        return statistics.mean(spent)
    finally:
        await crm.close()


async def run_setup(name: str, count: int, config: bot.Config, env: dict[str, str],
                    args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    processes = [start_machine({**env, "SPOOL_FILE": str(scratch / f"{name}-{count}-{i}.spool")},
                               scratch / f"{name}-{count}-{i}.log") for i in range(count)]
    machines = [url for _, url in processes]
    times: list[float] = []
    errors: list[str] = []
    try:
        connector = aiohttp.TCPConnector(limit=0)
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
            started = time.monotonic()
            await asyncio.gather(*(one_call(http, machines, i, args.turns, times, errors)
                                   for i in range(args.calls)))
            wall = time.monotonic() - started
    finally:
        for process, _ in processes:
            process.terminate()
        for process, _ in processes:
            process.wait(timeout=30)
    crm = await crm_time_per_turn(config, args.calls)
    ordered = sorted(times) or [float("nan")]
    return {
        "setup": name if count == 1 else f"{count} x {name}", "wall": wall,
        "p50": ordered[len(ordered) // 2], "p99": ordered[int(len(ordered) * 0.99) - 1],
        "errors": len(errors), "crm": crm, "first_error": errors[0] if errors else "",
    }


async def bench(args: argparse.Namespace) -> int:
    from tests.postgres import PostgresServer

    fake = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes", "claude", "--port", "0", "--latency",
         str(args.claude)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    server = None
    results = []
    try:
        assert fake.stdout is not None
        claude = fake.stdout.readline().strip().removeprefix("FAKE_CLAUDE_URL=")
        with tempfile.TemporaryDirectory(prefix="bench-machines-") as scratch_dir:
            scratch = Path(scratch_dir)
            base = {k: v for k, v in os.environ.items() if not k.startswith(
                ("ANTHROPIC_", "TWILIO_", "CLAUDE_", "CRM_", "PUBLIC_", "VALIDATE_"))}
            base.update(ANTHROPIC_API_KEY="sk-ant-bench-0123456789", ANTHROPIC_BASE_URL=claude,
                        TWILIO_AUTH_TOKEN=TOKEN, PUBLIC_BASE_URL=PUBLIC, LOG_LEVEL="WARNING",
                        TWILIO_PHONE_NUMBER="+15005550006",
                        # Fake tokens spent freely: the budgets would hand over to the offline
                        # receptionist part way (see the README's "Limits and cost").
                        CLAUDE_DAILY_BUDGET="0", CLAUDE_MONTHLY_BUDGET="0")
            for setup in args.setups:
                backend, _, count_text = setup.partition(":")
                count = int(count_text or "1")
                if backend == "sqlite":
                    path = scratch / f"crm-{count}.sqlite"
                    config = bot.Config(crm_db=path)
                    env = {**base, "CRM_DB": str(path)}
                else:
                    server = server or await asyncio.to_thread(PostgresServer)
                    url = server.database()
                    config = bot.Config(crm_url=url)
                    env = {**base, "CRM_DB": url}
                results.append(await run_setup(backend, count, config, env, args, scratch))
                print(f"done: {results[-1]}", file=sys.stderr, flush=True)
    finally:
        fake.terminate()
        fake.wait(timeout=10)
        if server is not None:
            server.stop()
    print(f"{args.calls} concurrent calls x {args.turns} turns, fake Claude at "
          f"{args.claude * 1000:.0f} ms a reply; Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs\n")
    print("| setup | wall time | turn p50 | turn p99 | errors | CRM time per turn |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['setup']} | {r['wall']:.1f} s | {r['p50'] * 1000:.0f} ms | "
              f"{r['p99'] * 1000:.0f} ms | {r['errors']} | {r['crm'] * 1000:.1f} ms |")
    for r in results:
        if r["first_error"]:
            print(f"{r['setup']}: first error: {r['first_error']}")
    return 1 if any(r["errors"] for r in results) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=100, help="concurrent calls (default 100)")
    parser.add_argument("--turns", type=int, default=5, help="turns per call (default 5)")
    parser.add_argument("--claude", type=float, default=0.3,
                        help="seconds the fake Claude takes per reply (default 0.3)")
    parser.add_argument("--setups", nargs="+",
                        default=["sqlite", "postgresql", "postgresql:2", "postgresql:4"],
                        help="backend[:machines] (default: sqlite postgresql postgresql:2 "
                             "postgresql:4)")
    return asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
