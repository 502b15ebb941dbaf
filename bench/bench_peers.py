"""Our bot beside two public peers, in one run: CPU per turn, memory, start-up, first audio
and 100 calls at once, as one markdown table for the README's Benchmarks table.

    python bench/bench_peers.py --peer seed=/tmp/peers/seed \\
        --peer thomassonger=/tmp/peers/thomassonger          # about 20 minutes
    python bench/bench_peers.py --peer ... --calls 10 --load-calls 10 --passes 1   # a trial

The peers are public repositories we never commit: qvidal01/ai-phone-assistant ("seed",
FastAPI) and thomassonger-ui/ai-phone-system (Flask). Give each one's checkout with --peer; the
script copies it into a temporary folder, installs its own requirements into a venv of its own
there (from the package registry), and starts it on loopback with its Claude client pointed at
the project's fake Claude (tests/fakes.py: 300 ms to the first token, 30 ms a token). What each
peer needs (its variables, its webhooks, what its code does not cope with) is in PEERS below,
written from reading its code. Our bot runs three ways: streamed Gather with Claude, relay
(ConversationRelay) with Claude, and offline.

Each pass starts every system afresh, one after the other (the order turns each pass), and
measures it alone; the table gives the median of the passes. Figures measure this machine with
everything else that runs on it: compare columns of one run only.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from bench_latency import (  # noqa: E402
    NO_LIMITS,
    concurrent_calls,
    model_first_sentence,
    ms,
    start_fake_claude,
)

from harness.load import percentile, run_load  # noqa: E402
from harness.twilio_sim import (  # noqa: E402
    Account,
    WebhookClient,
    call_params,
    free_port,
    new_sid,
)

TTFT, PER_TOKEN = 0.3, 0.03  # the fake Claude: a fast model, as in issue 21
# Every Claude system asks for the same model: ours by default, and the peers' own, which the
# fake Claude answers with a 404 (see install_peer), swapped for it.
CLAUDE_MODEL = "claude-haiku-4-5"
# Questions per call in the sequential calls: thomassonger answers only two with the model
# (the third escalates to a voicemail), so every system gets two, and calls alike.
TURNS_PER_CALL = 2
LOAD_TURNS = 5
START_TIMEOUT = 90.0  # seconds from starting a system to its first answered call, at most
IDLE_SETTLE = 2.0  # seconds after the first call before "idle" memory is read
FIRST_AUDIO_FROM_RELAY = "WS prompt → 1st token"  # the load driver's row for relay turns


class NotMeasured(Exception):
    """A system could not be measured; the message is the one line the table says why."""


# ---------------------------------------------------------------------------------------------
# The systems under test
# ---------------------------------------------------------------------------------------------


@dataclass
class Launch:
    """How to start one system on a loopback port, and where its webhooks are."""

    argv: list[str]
    env: dict[str, str]
    cwd: Path
    incoming_path: str = "/voice/incoming"
    status_path: str | None = "/voice/status"  # None: the system has no status callback
    turn_path: str | None = "/voice/process"  # None: turns go over the relay socket
    # What a turn's first answer carries: the model's "first sentence" (streamed), its "whole
    # reply", or None without a model (offline).
    first_audio: str | None = "first sentence"


@dataclass(frozen=True)
class Peer:
    """A public receptionist we compare with: how to install and start it, from its code."""

    title: str
    requirements: str  # the file its README installs from
    extra_packages: tuple[str, ...]  # what its code imports and its requirements forget
    retired_model: tuple[str, str]  # (file, model name) it asks Claude for
    launch: Callable[[Path, Path, int, str], Launch]  # (source, venv, port, Claude's URL)
    notes: tuple[str, ...] = ()


def base_env(claude_url: str) -> dict[str, str]:
    """What every system inherits: no variable of this shell, so no real key leaks in."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
            "HOME": os.environ.get("HOME", "/tmp"), "ANTHROPIC_API_KEY": "bench-key",
            "ANTHROPIC_BASE_URL": claude_url}


def thomassonger(source: Path, venv: Path, port: int, claude_url: str) -> Launch:
    """Flask under waitress (its Procfile's `python run.py`, with waitress's defaults), bound
    to loopback instead of 0.0.0.0. BASE_URL makes its <Gather action> absolute, as it asks.
    No Gmail or Google credentials: its e-mails, Sheets and Calendar calls fail fast inside
    its own try blocks, without reaching the network."""
    return Launch(
        argv=[str(venv / "bin" / "waitress-serve"), f"--listen=127.0.0.1:{port}",
              "ai_phone_answering_system:app"],
        env=base_env(claude_url) | {"BASE_URL": f"http://127.0.0.1:{port}"},
        cwd=source, incoming_path="/voice", status_path=None, turn_path="/process_speech",
        first_audio="whole reply")


def seed(source: Path, venv: Path, port: int, claude_url: str) -> Launch:
    """FastAPI under uvicorn (`main.py --server`). Its settings insist on Twilio credentials
    (made-up ones: its REST client is only used to text, which no webhook here does), and its
    router asks Ollama for its health on every turn: OLLAMA_URL points at a loopback port
    nothing listens on (its default is a LAN address), as on a machine without Ollama."""
    return Launch(
        argv=[str(venv / "bin" / "python"), "main.py", "--server", "--host", "127.0.0.1",
              "--port", str(port)],
        env=base_env(claude_url) | {
            "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "0" * 32,
            "TWILIO_PHONE_NUMBER": "+14155550100",
            "OLLAMA_URL": f"http://127.0.0.1:{free_port()}", "AI_GATEWAY_ENABLED": "false"},
        cwd=source, first_audio="whole reply")


PEERS = {
    "seed": Peer(
        title="seed (FastAPI)", requirements="requirements.lock",
        extra_packages=("python-multipart",), launch=seed,
        retired_model=("src/assistant/claude_handler.py", "claude-3-5-sonnet-20241022"),
        notes=("does not start from its own requirements: FastAPI's Form() needs "
               "python-multipart, added here",
               "calls the synchronous Claude client inside async routes: one turn at a time "
               "for the whole server",
               "keeps one conversation for all callers (reset at every incoming call), and asks "
               "Claude for a summary at every hang-up",
               "validates no Twilio signature")),
    "thomassonger": Peer(
        title="thomassonger (Flask)", requirements="requirements.txt", extra_packages=(),
        launch=thomassonger,
        retired_model=("ai_phone_answering_system.py", "claude-sonnet-4-5-20250929"),
        notes=("escalates at the third question (voicemail or booking, no Claude): its calls "
               "under load are 2 Claude turns and an escalation, not 5 turns",
               "validates no Twilio signature; has no status callback")),
}


def ours(mode: str, scratch: Path, port: int, claude_url: str, *, token: str) -> Launch:
    """bot.py as an owner runs it: signatures checked, a fresh CRM, no per-number limits
    (the benchmark calls from the same numbers again and again)."""
    env = base_env(claude_url) | NO_LIMITS | {
        "HOST": "127.0.0.1", "PORT": str(port), "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "TWILIO_AUTH_TOKEN": token, "CRM_DB": str(scratch / "crm.sqlite"), "SIMULATOR": "1",
        "CLAUDE_MODEL": CLAUDE_MODEL}
    if mode == "offline":
        env["ANTHROPIC_API_KEY"] = ""
    if mode == "relay":
        env["VOICE_MODE"] = "relay"
    return Launch(argv=[sys.executable, str(REPO / "bot.py")], env=env, cwd=REPO,
                  turn_path=None if mode == "relay" else "/voice/process",
                  first_audio=None if mode == "offline" else "first sentence")


def peer_launch(peer: Peer, source: Path, venv: Path, scratch: Path, port: int,
                claude_url: str) -> Launch:
    """A peer's Launch (it keeps no files of its own in `scratch`: it has no database)."""
    return peer.launch(source, venv, port, claude_url)


OURS = {"gather": "ours, streamed Gather", "relay": "ours, relay", "offline": "ours, offline"}


# ---------------------------------------------------------------------------------------------
# Installing a peer
# ---------------------------------------------------------------------------------------------


def install_peer(name: str, checkout: Path, work: Path) -> tuple[Path, Path, list[str]]:
    """Copy a peer's checkout into `work`, swap its retired model, install its requirements
    into its own venv (kept and reused when `work` is kept and they did not change). Returns
    its source folder, its venv and what was changed."""
    peer = PEERS[name]
    if not (checkout / peer.requirements).is_file():
        raise NotMeasured(f"{checkout} has no {peer.requirements}: is it {peer.title}'s checkout?")
    source, venv = work / name / "source", work / name / "venv"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(checkout, source, ignore=shutil.ignore_patterns(".git", "__pycache__", ".env"))
    changed = []
    path, model = peer.retired_model
    code = (source / path).read_text()
    if model in code:
        # The fake answers 404 for a model the installed anthropic SDK does not list, as the
        # API does for a retired one (REFERENCE.md): as shipped, every turn would be the
        # peer's apology and no Claude turn would be measured.
        (source / path).write_text(code.replace(model, CLAUDE_MODEL))
        changed.append(f"its model {model} (404 from the fake: not among the SDK's models) "
                       f"replaced by {CLAUDE_MODEL}")
    wanted = ((source / peer.requirements).read_text() + "\n".join(peer.extra_packages)).encode()
    stamp = venv / "bench-requirements.sha256"
    if stamp.is_file() and stamp.read_text() == hashlib.sha256(wanted).hexdigest():
        return source, venv, changed
    shutil.rmtree(venv, ignore_errors=True)
    run_quietly([sys.executable, "-m", "venv", str(venv)], f"{name}: python -m venv")
    run_quietly([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                 "--disable-pip-version-check", "-r", str(source / peer.requirements),
                 *peer.extra_packages], f"{name}: pip install -r {peer.requirements}")
    stamp.write_text(hashlib.sha256(wanted).hexdigest())
    return source, venv, changed


def run_quietly(argv: list[str], what: str) -> None:
    """Run a command; on failure, NotMeasured with its last line of error."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        raise NotMeasured(f"{what} took over 15 minutes") from None
    if done.returncode:
        lines = [line for line in (done.stderr + done.stdout).splitlines()
                 if line.strip() and not line.startswith("WARNING: Location")]
        raise NotMeasured(f"{what} failed: {lines[-1] if lines else f'exit {done.returncode}'}")


# ---------------------------------------------------------------------------------------------
# A running system: its process tree's CPU and memory (Linux /proc)
# ---------------------------------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    pids, index = [pid], 0
    while index < len(pids):
        for task in Path(f"/proc/{pids[index]}/task").glob("*"):
            try:
                pids += [int(child) for child in (task / "children").read_text().split()]
            except OSError:  # the thread or process ended meanwhile
                pass
        index += 1
    return pids


def tree_cpu(pid: int) -> float:
    """User and system CPU seconds of the tree so far (children it reaped included)."""
    ticks = 0
    for each in process_tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(fields[n]) for n in (11, 12, 13, 14))  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of the tree now (VmRSS), in MB."""
    kb = 0
    for each in process_tree(pid):
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except OSError:
            continue
        kb += next((int(line.split()[1]) for line in status.splitlines()
                    if line.startswith("VmRSS:")), 0)
    return kb / 1024


class Server:
    """One system's process, started in a session of its own so its whole tree stops."""

    def __init__(self, launch: Launch, port: int, log: Path) -> None:
        self.launch, self.port, self.log = launch, port, log
        self.started = time.perf_counter()
        with log.open("w") as out:
            self.process = subprocess.Popen(
                launch.argv, cwd=launch.cwd, env=launch.env, stdin=subprocess.DEVNULL,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self.process.pid

    def last_words(self) -> str:
        """What it printed last, to say why it stopped: a traceback's exception line if
        there is one (advice printed after it would say less), else its last line."""
        lines = [line for line in self.log.read_text(errors="replace").splitlines() if line]
        errors = [line for line in lines if re.match(r"[\w.]*(Error|Exception)\b", line)]
        return (errors or lines or ["(it printed nothing)"])[-1][:200]

    def stop(self) -> None:
        """SIGTERM to its session, then SIGKILL."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


async def first_answered_call(server: Server, client: WebhookClient,
                              account: Account) -> tuple[float, float]:
    """Ring the system until it answers with TwiML: the wall time since it was started, and
    the CPU its tree used until then."""
    url = client.url_for(server.launch.incoming_path)
    params = call_params(account, new_sid("CA"), "+14155550100", "ringing")
    while True:
        exchange = await client.request(url, params)
        if exchange.ok and "<Response" in exchange.body:
            return time.perf_counter() - server.started, tree_cpu(server.pid)
        if server.process.poll() is not None:
            raise NotMeasured(f"exited with code {server.process.returncode} at start: "
                              f"{server.last_words()}")
        if time.perf_counter() - server.started > START_TIMEOUT:
            raise NotMeasured(f"answered no call within {START_TIMEOUT:g} s "
                              f"({exchange.error or exchange.status}): {server.last_words()}")
        await asyncio.sleep(0.01)


# ---------------------------------------------------------------------------------------------
# Measuring one system once
# ---------------------------------------------------------------------------------------------


@dataclass
class Figures:
    """What one pass measured of one system."""

    cpu_per_turn: float
    cpu_per_call: float
    idle_mb: float
    after_mb: float
    start_wall: float
    start_cpu: float
    first_response: float | None  # p50 from the caller's words to the first reply heard
    first_audio: str | None  # what that first reply carries (Launch.first_audio)
    load_wall: float
    load_errors: int
    load_reasons: list[str] = field(default_factory=list)
    sequential_errors: int = 0


async def measure(launch: Launch, scratch: Path, token: str, args: argparse.Namespace,
                  port: int) -> Figures:
    """Start the system, then: its first answered call, memory idle, `args.calls` calls one
    at a time (half hang up after the greeting, half ask TURNS_PER_CALL questions) for CPU,
    first audio and memory, then `args.load_calls` calls at once; stop it."""
    server = Server(launch, port, scratch / "server.log")
    account = Account()
    client = WebhookClient(f"http://127.0.0.1:{port}", token)
    try:
        start_wall, start_cpu = await first_answered_call(server, client, account)
        await asyncio.sleep(IDLE_SETTLE)
        idle = tree_rss_mb(server.pid)
        # One call with turns first, not counted: what a system does once, at its first turn
        # (our bot imports the Claude SDK then), is not a turn's cost.
        await run_load(client, account, calls=1, concurrency=1, turns=TURNS_PER_CALL,
                       incoming_path=launch.incoming_path, status_path=launch.status_path)

        # A call costs its greeting and hang-up plus its turns: calls without a turn measure
        # the first, and what calls with turns cost beyond that is the turns'.
        greetings = max(1, args.calls // 2)
        with_turns = max(1, args.calls - greetings)
        cpu = tree_cpu(server.pid)
        bare = await run_load(client, account, calls=greetings, concurrency=1, turns=0,
                              incoming_path=launch.incoming_path, status_path=launch.status_path)
        cpu_bare = tree_cpu(server.pid) - cpu
        cpu = tree_cpu(server.pid)
        talked = await run_load(client, account, calls=with_turns, concurrency=1,
                                turns=TURNS_PER_CALL, incoming_path=launch.incoming_path,
                                status_path=launch.status_path)
        cpu_talked = tree_cpu(server.pid) - cpu
        after = tree_rss_mb(server.pid)
        per_call = cpu_bare / greetings
        per_turn = (cpu_talked - per_call * with_turns) / (with_turns * TURNS_PER_CALL)
        row = f"POST {launch.turn_path}" if launch.turn_path else FIRST_AUDIO_FROM_RELAY
        firsts = sorted(talked.latencies.get(row, []))
        first = percentile(firsts, 50) if firsts and launch.first_audio else None

        wall, _, errors, reasons = await asyncio.to_thread(
            concurrent_calls, client.base_url, token, account, args.load_calls, LOAD_TURNS,
            launch.incoming_path, launch.status_path)
        if server.process.poll() is not None:
            raise NotMeasured(f"died under load: {server.last_words()}")
        return Figures(per_turn, per_call, idle, after, start_wall, start_cpu, first,
                       launch.first_audio, wall, errors, reasons,
                       bare.error_count + talked.error_count)
    finally:
        await client.close()
        server.stop()


# ---------------------------------------------------------------------------------------------
# The run and its table
# ---------------------------------------------------------------------------------------------


@dataclass
class Column:
    """One system's column: how to launch it, each pass's figures, why it was not measured."""

    title: str
    make: Callable[[Path, int, str], Launch]  # (scratch, port, Claude's URL)
    passes: list[Figures] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def span(values: list[int]) -> str:
    """A count over the passes: one number, or its range."""
    low, high = min(values), max(values)
    return f"{low}" if low == high else f"{low}–{high}"


def cells(column: Column, model_first: float) -> list[str]:
    """The column's cells: medians over its passes."""
    if not column.passes:
        return ["not measured"] + [""] * 5

    def median(name: str) -> float:
        return statistics.median(getattr(f, name) for f in column.passes)

    firsts = [f.first_response for f in column.passes if f.first_response is not None]
    first = "—"
    if firsts:
        delay = statistics.median(firsts) - model_first
        kind = column.passes[0].first_audio
        first = f"{delay * 1000:+.0f} ms" + (f" ({kind})" if kind == "whole reply" else "")
    errors = [f.load_errors for f in column.passes]
    return [
        ms(median("cpu_per_turn")),
        ms(median("cpu_per_call")),
        f"{median('idle_mb'):.0f} / {median('after_mb'):.0f} MB",
        f"{median('start_wall'):.1f} s ({median('start_cpu'):.1f} s CPU)",
        first,
        f"{median('load_wall'):.1f} s, {span(errors)} errors",
    ]


def table(columns: list[Column], model_first: float, args: argparse.Namespace,
          load_start: tuple[float, ...], command: str, notes: list[str]) -> str:
    """The markdown the lead pastes: a heading line, the table, then the notes."""
    cpu_model = next((line.split(":", 1)[1].strip() for line in
                      Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), platform.processor() or "?")
    rows = [
        "server CPU per full turn",
        "server CPU per call: greeting and hang-up",
        f"resident memory idle / after {args.calls} calls",
        "start to the first answered call",
        "first audio after the model's first sentence",
        f"{args.load_calls} calls × {LOAD_TURNS} turns at once: wall, errors",
    ]
    body = [cells(c, model_first) for c in columns]
    load_end = os.getloadavg()
    lines = [
        f"{datetime.now(UTC):%d %B %Y, %H:%M} UTC, {cpu_model} ({os.cpu_count()} cores), "
        f"Python {platform.python_version()} for every system; load average "
        f"{', '.join(f'{x:.2f}' for x in load_start)} at the start, "
        f"{', '.join(f'{x:.2f}' for x in load_end)} at the end; median of {args.passes} "
        f"interleaved passes; fake Claude {TTFT * 1000:.0f} ms to the first token and "
        f"{PER_TOKEN * 1000:.0f} ms a token (its first sentence alone: {ms(model_first)}).",
        "",
        f"`{command}`",
        "",
        "| | " + " | ".join(c.title for c in columns) + " |",
        "|---" * (len(columns) + 1) + "|",
    ]
    for index, name in enumerate(rows):
        lines.append(f"| {name} | " + " | ".join(b[index] for b in body) + " |")
    lines.append("")
    lines += [f"- {note}" for note in notes]
    for column in columns:
        seen = sorted(set(column.failures))
        lines += [f"- {column.title}: not measured in a pass: {why}" for why in seen]
        # concurrent_calls says "webhook: reason ×count" per client process: added up here.
        errors: Counter[str] = Counter()
        for reason in (r for f in column.passes for r in f.load_reasons):
            text, _, count = reason.rpartition(" ×")
            errors[text] += int(count)
        lines += [f"- {column.title} under load, all passes together: {text} ×{count}"
                  for text, count in errors.most_common(4)]
        sequential = sum(f.sequential_errors for f in column.passes)
        if sequential:
            lines.append(f"- {column.title}: {sequential} errors in the calls one at a time")
    return "\n".join(lines)


async def bench(args: argparse.Namespace, command: str) -> int:
    """Install the peers, run the passes, print the table."""
    load_start = os.getloadavg()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bench-peers-"))
    token = secrets.token_hex(16)
    columns = [Column(OURS[mode], partial(ours, mode, token=token)) for mode in args.ours]
    notes: list[str] = []
    try:
        for name, checkout in args.peer:
            peer = PEERS[name]
            say(f"installing {name} from {checkout} into {work / name}")
            try:
                source, venv, changed = install_peer(name, checkout, work)
            except NotMeasured as why:
                notes.append(f"{peer.title}: not measured: {why}")
                continue
            notes += [f"{peer.title}: {line}" for line in changed + list(peer.notes)]
            columns.append(Column(peer.title, partial(peer_launch, peer, source, venv)))
        for name in sorted(set(PEERS) - {n for n, _ in args.peer}):
            notes.append(f"{PEERS[name].title}: not measured: no --peer {name}=PATH given")

        fake, url = start_fake_claude(TTFT, PER_TOKEN)
        try:
            model_first = await model_first_sentence(url, 5)
            for number in range(args.passes):
                turn = number % len(columns)
                for column in columns[turn:] + columns[:turn]:
                    say(f"pass {number + 1}/{args.passes}: {column.title}")
                    with tempfile.TemporaryDirectory(prefix="bench-peers-run-") as scratch:
                        port = free_port()
                        try:
                            launch = column.make(Path(scratch), port, url)
                            column.passes.append(
                                await measure(launch, Path(scratch), token, args, port))
                        except NotMeasured as why:
                            column.failures.append(str(why))
                            say(f"  not measured: {why}")
                        except Exception as error:  # noqa: BLE001 - one system, not the run
                            column.failures.append(f"{type(error).__name__}: {error}")
                            say(f"  not measured: {type(error).__name__}: {error}")
        finally:
            fake.terminate()
            fake.wait(timeout=10)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(table(columns, model_first, args, load_start, command, notes))
    return 0 if all(c.passes for c in columns) else 1


def say(line: str) -> None:
    """Progress, on stderr: stdout holds only the table."""
    print(line, file=sys.stderr, flush=True)


def peer_option(text: str) -> tuple[str, Path]:
    """--peer NAME=PATH."""
    name, _, path = text.partition("=")
    if name not in PEERS or not path:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give NAME=PATH with NAME one of {', '.join(sorted(PEERS))}")
    if not Path(path).is_dir():
        raise argparse.ArgumentTypeError(f"{path}: no such folder (the peer's checkout)")
    return name, Path(path).resolve()


def main() -> int:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peer", type=peer_option, action="append", default=[],
                        metavar="NAME=PATH",
                        help="a peer's checkout: seed=PATH, thomassonger=PATH (repeat)")
    parser.add_argument("--ours", nargs="*", choices=list(OURS), default=list(OURS),
                        help="which of our modes (default: all three)")
    parser.add_argument("--calls", type=int, default=50,
                        help="calls one at a time per system and pass (default 50)")
    parser.add_argument("--load-calls", type=int, default=100,
                        help=f"calls at once, {LOAD_TURNS} turns each (default 100)")
    parser.add_argument("--passes", type=int, default=3, help="interleaved passes (default 3)")
    parser.add_argument("--work", metavar="DIR",
                        help="keep the peers' copies and venvs here, and reuse them next time "
                             "(default: a temporary folder, removed at the end)")
    args = parser.parse_args()
    if args.calls < 2 or args.load_calls < 1 or args.passes < 1:
        parser.error("--calls must be at least 2, --load-calls and --passes at least 1")
    command = shlex.join(["python", "bench/bench_peers.py", *sys.argv[1:]])
    try:
        return asyncio.run(bench(args, command))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
