"""The load driver: many simulated calls at once, and each webhook's latency.

It places calls with the same ``Call`` interpreter as the simulator and the scenarios, so every
request is signed and shaped as Twilio's, and the bot's TwiML is followed as Twilio would.
Loopback only, and bounded in calls, turns and time.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from harness.twilio_sim import Account, Exchange, WebhookClient
from harness.twiml import (
    INCOMING_CALL_PATH,
    STATUS_CALLBACK_PATH,
    Call,
    CallState,
    Event,
    EventKind,
    TextThread,
)

MAX_CALLS = 100_000
MAX_CONCURRENCY = 1_000
MAX_TURNS = 50
# Questions a receptionist answers all day; none of them ends the call.
CALLER_LINES = (
    "What are your opening hours?",
    "Where are you located?",
    "What services do you offer?",
    "How much does it cost?",
    "Are you open on Saturday?",
    "Can I make an appointment?",
)


def percentile(sorted_values: list[float], percent: float) -> float:
    """The nearest-rank percentile of values sorted ascending."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(percent / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass
class LoadReport:
    """Latencies and errors per webhook over a run."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    calls: int = 0
    calls_failed: int = 0
    texts: int = 0
    seconds: float = 0.0
    concurrency: int = 0
    stopped_early: bool = False

    def add(self, exchange: Exchange, twilio_error: str | None = None) -> None:
        """Count one request: its latency, and its error if it failed."""
        name = f"{exchange.method} {exchange.path}"
        self.latencies[name].append(exchange.latency)
        if exchange.error is not None:
            self.errors[name][exchange.error] += 1
        elif not exchange.ok:
            self.errors[name][f"HTTP {exchange.status}"] += 1
        elif twilio_error is not None:
            self.errors[name][twilio_error] += 1

    @property
    def error_count(self) -> int:
        """Failed requests over the whole run."""
        return sum(sum(counter.values()) for counter in self.errors.values())

    def table(self) -> str:
        """The report as a plain-text table, one row per webhook and one for all."""
        header = f"{'webhook':<24} {'requests':>8} {'errors':>6} " + " ".join(
            f"{name:>8}" for name in ("p50", "p90", "p99", "max")
        )
        rows = [header, "-" * len(header)]
        everything: list[float] = []
        for name in sorted(self.latencies):
            values = sorted(self.latencies[name])
            everything += values
            rows.append(self._row(name, values, sum(self.errors[name].values())))
        rows.append(self._row("all", sorted(everything), self.error_count))
        rate = len(everything) / self.seconds if self.seconds else 0.0
        rows.append("")
        rows.append(
            f"{self.calls} calls ({self.calls_failed} failed), {self.texts} texts in "
            f"{self.seconds:.1f} s at concurrency {self.concurrency}: {rate:.0f} requests/s"
            + (" — stopped at the time limit" if self.stopped_early else "")
        )
        for name in sorted(self.errors):
            for reason, count in self.errors[name].most_common():
                rows.append(f"error: {name}: {reason} ×{count}")
        return "\n".join(rows)

    @staticmethod
    def _row(name: str, values: list[float], errors: int) -> str:
        cells = " ".join(f"{percentile(values, p) * 1000:6.1f}ms" for p in (50, 90, 99, 100))
        return f"{name:<24} {len(values):>8} {errors:>6} {cells}"


def caller_number(index: int) -> str:
    """A distinct, well-formed caller number for each simulated call."""
    return f"+1415{5550000 + index % 10_000:07d}"


async def place_call(
    client: WebhookClient,
    account: Account,
    index: int,
    turns: int,
    report: LoadReport,
    *,
    incoming_path: str = INCOMING_CALL_PATH,
    status_path: str | None = STATUS_CALLBACK_PATH,
) -> None:
    """One simulated call: the greeting, up to ``turns`` questions, then hang up."""
    call = Call(client, account, caller_number(index), incoming_path=incoming_path,
                status_path=status_path)
    await call.start()
    for turn in range(turns):
        if call.state is not CallState.LISTENING:
            break
        await call.say(CALLER_LINES[(index + turn) % len(CALLER_LINES)])
    if call.state is not CallState.ENDED:
        await call.hang_up()
    _count(report, call.events)
    failed = any(e.kind is EventKind.ERROR for e in call.events)
    report.calls += 1
    report.calls_failed += int(failed)


def _count(report: LoadReport, events: list[Event]) -> None:
    pending: Exchange | None = None
    for event in events:
        if event.kind is EventKind.SAID and event.attrs.get("first_token_ms"):
            # A turn over ConversationRelay's socket: no webhook, so time its tokens.
            for row, attr in (("WS prompt → 1st token", "first_token_ms"),
                              ("WS prompt → last token", "last_token_ms")):
                report.latencies[row].append(float(event.attrs[attr]) / 1000)
        if event.kind is EventKind.REQUEST and event.exchange is not None:
            if pending is not None:
                report.add(pending)
            pending = event.exchange
        elif event.kind is EventKind.ERROR and pending is not None:
            # A Twilio error (bad TwiML, wrong content type) belongs to the request before it.
            report.add(pending, event.text if pending.ok else None)
            pending = None
    if pending is not None:
        report.add(pending)


async def send_text(
    client: WebhookClient, account: Account, index: int, report: LoadReport
) -> None:
    """One simulated text and the bot's reply."""
    thread = TextThread(client, account, caller_number(index))
    _count(report, await thread.send(CALLER_LINES[index % len(CALLER_LINES)]))
    report.texts += 1


async def run_load(
    client: WebhookClient,
    account: Account,
    *,
    calls: int,
    concurrency: int,
    turns: int,
    texts: int = 0,
    time_limit: float = 300.0,
    incoming_path: str = INCOMING_CALL_PATH,
    status_path: str | None = STATUS_CALLBACK_PATH,
) -> LoadReport:
    """Place ``calls`` calls (and send ``texts`` texts), ``concurrency`` at a time. The calls
    ring ``incoming_path`` and end with a status callback to ``status_path`` (None: none, as
    for a number without one)."""
    if not is_bounded(calls, concurrency, turns, texts):
        raise ValueError(
            f"calls and texts must be 0..{MAX_CALLS}, concurrency 1..{MAX_CONCURRENCY}, "
            f"turns 0..{MAX_TURNS}"
        )
    report = LoadReport(concurrency=concurrency)
    jobs: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
    for index in range(calls):
        jobs.put_nowait(("call", index))
    for index in range(texts):
        jobs.put_nowait(("text", index))

    async def worker() -> None:
        while not jobs.empty():
            kind, index = jobs.get_nowait()
            if kind == "call":
                await place_call(client, account, index, turns, report,
                                 incoming_path=incoming_path, status_path=status_path)
            else:
                await send_text(client, account, index, report)

    started = time.perf_counter()
    try:
        async with asyncio.timeout(time_limit):
            await asyncio.gather(*(worker() for _ in range(min(concurrency, calls + texts))))
    except TimeoutError:
        report.stopped_early = True
    report.seconds = time.perf_counter() - started
    return report


def is_bounded(calls: int, concurrency: int, turns: int, texts: int = 0) -> bool:
    """Whether a run's size is within the driver's limits."""
    return (
        0 <= calls <= MAX_CALLS
        and 0 <= texts <= MAX_CALLS
        and 1 <= concurrency <= MAX_CONCURRENCY
        and 0 <= turns <= MAX_TURNS
    )
