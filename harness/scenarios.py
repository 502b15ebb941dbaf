"""Scripted calls and texts: a small line-based format, and the runner that plays it.

A scenario file reads like the call it describes::

    # Opening hours, then goodbye
    call from +14155550123
    expect "help"
    say What are your opening hours?
    expect "hours" or "open"
    say Goodbye
    expect hangup
    expect summary "hours"

One step per line; ``#`` starts a comment line. ``docs/harness.md`` lists every step. A line
``profile FILE`` runs a file's scenarios against a bot started with that business profile
(``play_scenarios`` starts one bot per profile). The runner drives the same ``Call`` and
``TextThread`` as the simulator's screen, so a scenario sees exactly what a person at the
keyboard would.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import re
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from harness.crm import CrmReader, Row
from harness.judge import Judge
from harness.twilio_sim import (
    ATTESTATIONS,
    ATTESTED,
    Account,
    Settings,
    WebhookClient,
    connect,
    is_phone_number,
)
from harness.twiml import (
    BOT_KINDS,
    Call,
    CallState,
    DialOutcome,
    Event,
    EventKind,
    TextThread,
    is_keypad,
)

SCENARIO_SUFFIX = ".scenario"
NOTE_KINDS = ("summary", "message", "voicemail", "question", "note")
APPOINTMENT_STATUSES = ("booked", "cancelled")
DIAL_STATUSES = {
    "answered": "completed",
    "not-taken": "completed",
    "busy": "busy",
    "no-answer": "no-answer",
    "failed": "failed",
}
_QUOTED = re.compile(r'"([^"]*)"')
# ``say (confidence 0.41) it's dana ortiz``: the Confidence Twilio posts with the words.
_CONFIDENCE = re.compile(r"\(confidence\s+([0-9]*\.?[0-9]+)\)", re.IGNORECASE)
ACTIONS = ("from", "attestation", "call", "say", "press", "silence", "hang up", "text",
           "transfer")
EXPECTATIONS = (
    '"words"',
    'not "words"',
    "hangup",
    "listening",
    "transfer [to NUMBER]",
    "not transfer",
    "recording",
    'reply "words"',
    "no reply",
    'note [KIND] "words"',
    'appointment [booked|cancelled] "words"',
    'not appointment [booked|cancelled] "words"',
    'summary "words"',
    'transcript "words"',
    'outbox "words"',
    'judge "what a good reply does"',
)


class ScenarioSyntaxError(Exception):
    """A scenario file that cannot be read; the message names the file and line."""


class ScenarioFailure(Exception):
    """A step did not go as the scenario expects; the message says what happened instead."""


# The eval's harm: what a receptionist must never do, counted apart from the score (goal 0).
HARMS = ("false booking", "wrong date or time", "invented fact", "emergency not escalated")


class Harmful(ScenarioFailure):
    """A failed expectation that shows harm done (one of HARMS), not only a miss."""

    def __init__(self, message: str, harm: str) -> None:
        super().__init__(message)
        self.harm = harm


@dataclass
class Step:
    """One line of a scenario: an action (``say``) or an expectation (``expect``)."""

    line: int
    verb: str
    argument: str = ""
    subject: str = ""
    kind: str = ""
    phrases: list[str] = field(default_factory=list)
    negated: bool = False
    confidence: float | None = None  # ``say (confidence 0.4) …``: how sure Twilio's ASR was

    def describe(self) -> str:
        """The step as written, for messages."""
        return f"{self.verb} {self.argument}".strip()


@dataclass
class Scenario:
    """A named list of steps from a file, and the business profile its bot needs, if any."""

    name: str
    source: str
    steps: list[Step] = field(default_factory=list)
    profile: Path | None = None
    clock: str | None = None  # the bot's fixed start time (ISO 8601), from a ``clock`` line


@dataclass
class ScenarioResult:
    """How a scenario went: passed or the reason it failed, and everything that happened."""

    scenario: Scenario
    passed: bool
    reason: str = ""
    events: list[Event] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        """The one-line verdict printed per scenario."""
        where = f"{self.scenario.source} › {self.scenario.name}"
        if self.passed:
            steps = len(self.scenario.steps)
            return f"PASS  {where}  ({steps} steps, {self.seconds:.1f} s)"
        return f"FAIL  {where} — {self.reason}"


TURN_VERBS = ("say", "text", "press", "silence", "hang up")


@dataclass
class TurnResult:
    """One caller turn graded by the eval: what was done, for which intent, and how it went.
    A failed ``expect not "…"`` on what the bot said is a false statement."""

    scenario: Scenario
    intent: str
    action: str
    passed: bool = True
    reasons: list[str] = field(default_factory=list)
    false_statement: bool = False
    harms: list[str] = field(default_factory=list)  # HARMS this turn did
    unjudged: int = 0  # ``expect judge`` lines left ungraded (no --judge)
    judged: int = 0  # expectations the judge passed that the words alone did not

    def fail(self, reason: str, false_statement: bool = False, harm: str = "") -> None:
        """Mark the turn failed, keeping why (and the harm it did, if any)."""
        self.passed = False
        self.reasons.append(reason)
        self.false_statement = self.false_statement or false_statement
        if harm and harm not in self.harms:
            self.harms.append(harm)


def harm_of(failure: ScenarioFailure, step: Step, intent: str) -> str:
    """The harm a failed expectation shows, or "": a booking not asked for (or of another
    service), another date or time stored, a statement the scenario rules out (an invented
    fact), or any miss on an emergency (it was not escalated as it must be)."""
    if isinstance(failure, Harmful):
        return failure.harm
    if step.negated and step.subject in ("said", "transfer"):
        return "invented fact"  # or a caller put through whom the scenario rules out
    if intent == "emergency":
        return "emergency not escalated"
    return ""


# ---------------------------------------------------------------- Reading scenario files


def _phrases(text: str, where: str) -> list[str]:
    """The phrases of an expectation: one or more "quoted" ones joined by 'or', or bare words."""
    text = text.strip()
    if '"' not in text:
        if not text:
            raise ScenarioSyntaxError(f"{where}: say what to look for, in quotes")
        return [text]
    phrases = _QUOTED.findall(text)
    leftover = _QUOTED.sub(" ", text).replace(",", " ").split()
    if text.count('"') % 2 or any(word.lower() != "or" for word in leftover):
        raise ScenarioSyntaxError(f'{where}: write phrases as "one" or "another"')
    return phrases


def _expectation(line: int, text: str, where: str) -> Step:
    words = text.split(maxsplit=1)
    head = words[0].lower() if words else ""
    rest = words[1] if len(words) > 1 else ""
    if head in ("hangup", "hung") or text.lower() in ("hang up", "call ended", "ended"):
        return Step(line, "expect", text, subject="hangup")
    if head in ("listening", "recording") and not rest:
        return Step(line, "expect", text, subject=head)
    if head == "transfer":
        number = rest[3:].strip() if rest.lower().startswith("to ") else rest.strip()
        if number and not is_phone_number(number):
            raise ScenarioSyntaxError(f"{where}: {number!r} is not a number like +14155550123")
        return Step(line, "expect", text, subject="transfer", phrases=[number] if number else [])
    if text.lower() in ("no reply", "no answer"):
        return Step(line, "expect", text, subject="reply", negated=True)
    if head == "not" and rest.lower() == "transfer":
        # "expect not transfer": the last turn put nobody through (a sales call, a wrong number).
        return Step(line, "expect", text, subject="transfer", negated=True)
    if head == "not" and rest.split(maxsplit=1)[:1] == ["appointment"]:
        # "expect not appointment booked "Filling"": nothing of the kind was booked.
        step = _expectation(line, rest, where)
        return dataclasses.replace(step, argument=text, negated=True)
    if head == "not":
        return Step(
            line, "expect", text, subject="said", phrases=_phrases(rest, where), negated=True
        )
    if head in ("reply", "summary", "transcript", "outbox"):
        return Step(line, "expect", text, subject=head, phrases=_phrases(rest, where))
    if head == "judge":
        if not rest.startswith('"'):
            raise ScenarioSyntaxError(
                f'{where}: write expect judge "what a good reply does", in quotes')
        return Step(line, "expect", text, subject="judge", phrases=[" ".join(
            _phrases(rest, where))])
    if head in ("note", "appointment"):
        kind = rest.split(maxsplit=1)[0].lower() if rest and not rest.startswith('"') else ""
        if kind:
            kinds = NOTE_KINDS if head == "note" else APPOINTMENT_STATUSES
            if kind not in kinds:
                raise ScenarioSyntaxError(
                    f"{where}: {head} kinds are {', '.join(kinds)}, not {kind!r}"
                )
            rest = rest.split(maxsplit=1)[1] if len(rest.split(maxsplit=1)) > 1 else ""
        return Step(line, "expect", text, subject=head, kind=kind, phrases=_phrases(rest, where))
    if text.startswith('"'):
        return Step(line, "expect", text, subject="said", phrases=_phrases(text, where))
    if text:
        raise ScenarioSyntaxError(
            f'{where}: put the words to look for in quotes: expect "{text}" '
            f"(or expect one of: {', '.join(EXPECTATIONS[2:])})"
        )
    raise ScenarioSyntaxError(f"{where}: expect what? One of: " + ", ".join(EXPECTATIONS))


def _step(line: int, text: str, where: str) -> Step:
    lowered = text.lower()
    verb, _, argument = text.partition(" ")
    verb, argument = verb.lower(), argument.strip()
    if lowered in ("hang up", "hangup"):
        return Step(line, "hang up")
    if verb == "expect":
        return _expectation(line, argument, where)
    if verb == "from" or (verb == "call" and argument):
        number = argument[5:].strip() if verb == "call" else argument
        if verb == "call" and not argument.lower().startswith("from "):
            raise ScenarioSyntaxError(f"{where}: write 'call' or 'call from +14155550123'")
        if not is_phone_number(number):
            raise ScenarioSyntaxError(f"{where}: {number!r} is not a number like +14155550123")
        return Step(line, verb, number)
    if verb in ("call", "silence") and not argument:
        return Step(line, verb)
    if verb in ("say", "text"):
        confidence = None
        heard = _CONFIDENCE.match(argument) if verb == "say" else None
        if heard:
            confidence = float(heard.group(1))
            if not 0 <= confidence <= 1:
                raise ScenarioSyntaxError(f"{where}: a confidence is between 0 and 1")
            argument = argument[heard.end() :].strip()
        if not argument:
            raise ScenarioSyntaxError(f"{where}: {verb} what? (for no words, write 'silence')")
        return Step(line, verb, argument, confidence=confidence)
    if verb == "attestation":
        if argument not in ATTESTATIONS:
            raise ScenarioSyntaxError(
                f"{where}: attestation takes one of {', '.join(ATTESTATIONS)} (the caller ID's "
                "SHAKEN/STIR verdict on the calls that follow; A is the default)")
        return Step(line, verb, argument)
    if verb == "intent":
        if not re.fullmatch(r"[a-z][a-z_-]*", argument):
            raise ScenarioSyntaxError(f"{where}: intent takes one name, like intent booking")
        return Step(line, verb, argument)
    if verb == "press":
        if not is_keypad(argument):
            raise ScenarioSyntaxError(f"{where}: press takes keypad keys 0-9, * and #")
        return Step(line, verb, argument.strip())
    if verb == "transfer":
        outcome, _, seconds = argument.partition(" ")
        if outcome not in DIAL_STATUSES or (seconds and not seconds.strip().isdigit()):
            raise ScenarioSyntaxError(
                f"{where}: write transfer answered [SECONDS], not-taken, busy, no-answer or "
                "failed"
            )
        return Step(line, verb, argument)
    raise ScenarioSyntaxError(
        f"{where}: unknown step {verb!r}; steps are: " + ", ".join(ACTIONS) + ", expect …"
    )


EVAL_FOLDER = "eval"  # the conversation eval's scenarios, in any folder of scenarios


def _profile(argument: str, source: str, where: str) -> Path:
    """The business profile a ``profile FILE`` line names, relative to the scenario file."""
    if not argument:
        raise ScenarioSyntaxError(f"{where}: profile which file? (e.g. profile profiles/x.toml)")
    path = (Path(source).parent / argument).resolve()
    if not path.is_file():
        raise ScenarioSyntaxError(
            f"{where}: profile {argument!r}: no such file (the path is relative to "
            "the scenario file)"
        )
    return path


def _clock(argument: str, where: str) -> str:
    """The moment a ``clock`` line sets, as ISO 8601 with its UTC offset."""
    try:
        moment = datetime.fromisoformat(argument)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ScenarioSyntaxError(
            f"{where}: clock takes a moment with its UTC offset "
            "(example: clock 2026-11-24T10:00-06:00)"
        )
    return moment.isoformat()


def parse_scenarios(text: str, source: str) -> list[Scenario]:
    """The scenarios in a file. ``scenario NAME`` starts one; without it the file is one."""
    scenarios: list[Scenario] = []
    current: Scenario | None = None
    title = ""
    profile: Path | None = None
    clock: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        where = f"{source}:{number}"
        if not line:
            continue
        if line.startswith("#"):
            # The first comment names a file's only scenario.
            title = title or line.lstrip("# ").strip()
            continue
        if re.match(r"(?i)profile\b", line):
            # One bot serves all of a file's scenarios, so the profile is the file's.
            if scenarios or profile is not None:
                raise ScenarioSyntaxError(
                    f"{where}: a profile is for the whole file: one 'profile' line, before "
                    "the first step"
                )
            profile = _profile(line[len("profile") :].strip(), source, where)
            continue
        if re.match(r"(?i)clock\b", line):
            # Like the profile, the bot's clock is the file's: one bot plays all its scenarios.
            if scenarios or clock is not None:
                raise ScenarioSyntaxError(
                    f"{where}: a clock is for the whole file: one 'clock' line, before the "
                    "first step"
                )
            clock = _clock(line[len("clock") :].strip(), where)
            continue
        if re.match(r"(?i)scenario\b", line):
            name = line[len("scenario") :].strip(" :") or f"scenario at line {number}"
            current = Scenario(name, source, profile=profile, clock=clock)
            scenarios.append(current)
            continue
        if current is None:
            current = Scenario(title or Path(source).stem, source, profile=profile, clock=clock)
            scenarios.append(current)
        current.steps.append(_step(number, line, where))
    if not scenarios or not any(s.steps for s in scenarios):
        raise ScenarioSyntaxError(f"{source}: no steps")
    return scenarios


def scenario_files(paths: Iterable[Path], *, without_eval: bool = False) -> list[Path]:
    """Files to run: each file given, and every ``*.scenario`` in each folder given and in
    the folders below it. With `without_eval`, a folder's ``eval/`` folder below it is left
    out: the eval's scenarios are a measurement, graded turn by turn against a pass mark by
    ``python -m harness eval`` (some of their turns are known misses), not passed or failed
    one by one."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                file for file in sorted(path.rglob(f"*{SCENARIO_SUFFIX}"))
                if not (without_eval and EVAL_FOLDER in file.relative_to(path).parts[:-1])
            )
        else:
            files.append(path)
    return files


def load_scenarios(paths: Iterable[Path], *, without_eval: bool = False) -> list[Scenario]:
    """Every scenario in these files and folders (without_eval: see scenario_files)."""
    scenarios: list[Scenario] = []
    for path in scenario_files(paths, without_eval=without_eval):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ScenarioSyntaxError(f"{path}: {error.strerror}") from None
        scenarios.extend(parse_scenarios(text, str(path)))
    return scenarios


# ---------------------------------------------------------------- Playing scenarios


def _normalize(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as found in a text: a number in it is a whole number, so "10" is not found in
    "$100" or "2010" and "1" is not found in "11" (it is in "10:30" and "1st")."""
    words = _normalize(phrase)
    before = r"(?<!\d)" if words[:1].isdigit() else ""
    after = r"(?!\d)" if words[-1:].isdigit() else ""
    return re.compile(before + re.escape(words) + after)


def contains_any(text: str, phrases: list[str]) -> bool:
    """Whether a text holds any of the phrases (case and spacing ignored, numbers whole)."""
    haystack = _normalize(text)
    return any(_phrase_pattern(phrase).search(haystack) for phrase in phrases)


_DATED = re.compile(r"^(?P<words>.*?)\s*(?P<when>\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?)$")


def booked_as(held: list[str], phrases: list[str]) -> bool:
    """Whether an appointment, said as 'Dry eye evaluation 2027-01-25 11:00', is one the
    phrases name: a phrase that ends in a date (and time) names the service by any of its
    words in order ("Dry eye 2027-01-25 11:00") and that start; any other phrase is found in
    the whole line, as `expect "words"` is."""
    for line in held:
        booked = _DATED.match(line)
        for phrase in phrases:
            named = _DATED.match(phrase.strip())
            if named is None or booked is None:
                if contains_any(line, [phrase]):
                    return True
            elif (_normalize(named["words"]) in _normalize(booked["words"])
                  and booked["when"].startswith(named["when"])):
                return True
    return False


def _quote_list(phrases: list[str]) -> str:
    return " or ".join(f'"{p}"' for p in phrases)


class ScenarioRunner:
    """Plays scenarios against one bot, as Twilio and the caller."""

    def __init__(
        self,
        client: WebhookClient,
        account: Account,
        crm: CrmReader | None,
        caller: str,
        *,
        wait: float = 5.0,
        judge: Judge | None = None,
    ) -> None:
        self.client = client
        self.account = account
        self.crm = crm
        self.default_caller = caller
        self.wait = wait
        self.judge = judge

    async def run(self, scenario: Scenario) -> ScenarioResult:
        """Play one scenario to its end or its first failure."""
        play = _Playthrough(self, scenario)
        started = time.monotonic()
        try:
            for step in scenario.steps:
                try:
                    await play.step(step)
                except ScenarioFailure as failure:
                    return ScenarioResult(
                        scenario,
                        False,
                        f"line {step.line}: {failure}",
                        play.events,
                        time.monotonic() - started,
                    )
        finally:
            await play.finish()
        return ScenarioResult(scenario, True, "", play.events, time.monotonic() - started)

    async def evaluate(self, scenario: Scenario) -> list[TurnResult]:
        """Play one scenario to its end, grading each caller turn (an action and the
        expectations after it) instead of stopping at the first failure. A turn fails when any
        of its expectations does; once an action fails, the turns after it fail too."""
        play = _Playthrough(self, scenario)
        turns: list[TurnResult] = []
        broken = ""
        try:
            for step in scenario.steps:
                if step.verb in TURN_VERBS:
                    turns.append(TurnResult(scenario, play.intent, step.describe()))
                elif step.verb == "expect" and not turns:
                    turns.append(TurnResult(scenario, play.intent, "(the call starts)"))
                current = turns[-1] if turns else None
                if broken:
                    if current is not None and current.passed:
                        current.fail(broken)
                    continue
                play.turn = current
                try:
                    await play.step(step)
                except ScenarioFailure as failure:
                    reason = f"line {step.line}: {failure}"
                    if step.verb != "expect":
                        broken = reason
                    if current is not None:
                        current.fail(reason, step.negated and step.subject == "said",
                                     harm_of(failure, step, current.intent))
        finally:
            await play.finish()
        return turns

    async def run_all(
        self,
        scenarios: Iterable[Scenario],
        report: Callable[[ScenarioResult], None] | None = None,
    ) -> list[ScenarioResult]:
        """Play scenarios one after another, reporting each verdict as it comes."""
        results = []
        for scenario in scenarios:
            result = await self.run(scenario)
            if report is not None:
                report(result)
            results.append(result)
        return results


def by_profile(scenarios: Iterable[Scenario]) -> dict[Path | None, list[Scenario]]:
    """Scenarios grouped by the business profile their bot needs (None: the user's own), in
    the order each profile first appears."""
    groups: dict[Path | None, list[Scenario]] = {}
    for scenario in scenarios:
        groups.setdefault(scenario.profile, []).append(scenario)
    return groups


def by_bot(scenarios: Iterable[Scenario]) -> dict[tuple[Path | None, str | None], list[Scenario]]:
    """Scenarios grouped by the bot they need: its business profile and its clock."""
    groups: dict[tuple[Path | None, str | None], list[Scenario]] = {}
    for scenario in scenarios:
        groups.setdefault((scenario.profile, scenario.clock), []).append(scenario)
    return groups


def with_profile(settings: Settings, profile: Path | None, clock: str | None = None) -> Settings:
    """Settings whose bot answers for this business profile (None: as configured), with its
    clock set to a fixed start (None: the real time)."""
    env = dict(settings.child_env)
    if profile is not None:
        env["BUSINESS_PROFILE"] = str(profile)
    if clock is not None:
        env["HARNESS_CLOCK"] = clock
    if env == settings.child_env:
        return settings
    return dataclasses.replace(settings, child_env=env)


def bot_settings(
    settings: Settings, index: int, profile: Path | None, clock: str | None
) -> Settings:
    """Settings for the bot of the index-th group of scenarios: its business profile and
    clock, and, when the harness starts it, its own CRM (the first group's is the one given,
    the others' sit beside it: crm-1.sqlite, ...). Each business gets its own CRM, as it would
    have: one shop's bookings must not take another's slots."""
    chosen = with_profile(settings, profile, clock)
    if settings.crm_path is None or settings.remote or index == 0:
        return chosen
    crm = settings.crm_path
    path = crm.with_name(f"{crm.stem}-{index}{crm.suffix or '.sqlite'}")
    return dataclasses.replace(chosen, crm_path=path,
                               child_env={**chosen.child_env, "CRM_DB": str(path)})


# How many of the eval's bots play at once. Each spends much of its time waiting (on its
# own start-up, and on the summaries and notes a bot writes after a call, which a failing
# check waits for), so a few side by side take half the time of one after another.
EVAL_BOTS_AT_ONCE = 3


async def evaluate_scenarios(
    settings: Settings,
    scenarios: Iterable[Scenario],
    *,
    wait: float = 2.0,
    judge: Judge | None = None,
) -> list[TurnResult]:
    """Grade every turn of these scenarios against bot.py (one bot per profile and clock, a
    few bots at once), with the LLM judge for replies that have no single right wording when
    one is given. The results come in the scenarios' order whatever order the bots end in."""
    groups = list(by_bot(scenarios).items())
    if settings.remote and any(p is not None or c is not None for (p, c), _ in groups):
        raise ScenarioSyntaxError(
            "the eval's scenarios set their own profile and clock: run them without --url"
        )
    # Bots start one at a time: each takes a free port that is only known to be free until
    # something binds it, so a second bot starting beside the first could be handed the same.
    starting = asyncio.Lock()
    playing = asyncio.Semaphore(1 if settings.remote else EVAL_BOTS_AT_ONCE)

    async def grade(index: int, profile: Path | None, clock: str | None,
                    group: list[Scenario]) -> list[TurnResult]:
        chosen = bot_settings(settings, index, profile, clock)
        crm = CrmReader(chosen.crm_path) if chosen.crm_path else None
        graded: list[TurnResult] = []
        async with playing, contextlib.AsyncExitStack() as stack:
            async with starting:
                bot = await stack.enter_async_context(connect(chosen))
            runner = ScenarioRunner(
                bot.client, settings.account, crm, settings.caller_number, wait=wait, judge=judge
            )
            for scenario in group:
                graded += await runner.evaluate(scenario)
        return graded

    try:
        async with asyncio.TaskGroup() as tasks:
            graded = [tasks.create_task(grade(index, profile, clock, group))
                      for index, ((profile, clock), group) in enumerate(groups)]
    except ExceptionGroup as failed:
        # The first bot that failed (the others are stopped): its error, as one bot's would be.
        raise failed.exceptions[0] from None
    return [turn for task in graded for turn in task.result()]


async def play_scenarios(
    settings: Settings,
    scenarios: Iterable[Scenario],
    report: Callable[[ScenarioResult], None] | None = None,
    *,
    wait: float = 5.0,
) -> list[ScenarioResult]:
    """Play scenarios against bot.py, started once per business profile and clock, with its
    own CRM, and reused by every scenario that needs it; or against the bot at ``--url``
    (where a profile cannot apply)."""
    results: list[ScenarioResult] = []

    def done(result: ScenarioResult) -> None:
        if report is not None:
            report(result)
        results.append(result)

    for index, ((profile, clock), group) in enumerate(by_bot(scenarios).items()):
        if (profile is not None or clock is not None) and settings.remote:
            # A bot elsewhere answers with its own profile: running these against it would
            # check the wrong business.
            for scenario in group:
                done(
                    ScenarioResult(
                        scenario,
                        False,
                        f"'profile {profile.name}' cannot apply to the bot at --url, which "
                        "has its own business profile; run this file without --url"
                        if profile is not None
                        else "'clock' cannot apply to the bot at --url, which keeps its own "
                        "time; run this file without --url",
                    )
                )
            continue
        chosen = bot_settings(settings, index, profile, clock)
        async with connect(chosen) as bot:
            runner = ScenarioRunner(
                bot.client, settings.account,
                CrmReader(chosen.crm_path) if chosen.crm_path else None,
                settings.caller_number, wait=wait,
            )
            await runner.run_all(group, done)
    return results


class _Playthrough:
    """The state of one scenario being played: its caller, call, texts and what happened."""

    def __init__(self, runner: ScenarioRunner, scenario: Scenario) -> None:
        self.runner = runner
        self.scenario = scenario
        self.caller = runner.default_caller
        self.call: Call | None = None
        self.call_sids: list[str] = []
        self.threads: dict[str, TextThread] = {}
        self.events: list[Event] = []
        self.last: list[Event] = []
        self.last_verb = ""
        self.dial = DialOutcome()
        self.outbox_seen: int | None = None
        self.intent = "general"
        self.caller_said = ""  # the caller's last words, for the judge
        self.turn: TurnResult | None = None  # the eval's turn being graded, if any
        self.stir_verstat: str | None = ATTESTED
        self.booked_before: set[object] = set()  # appointments there before the caller's turn

    async def step(self, step: Step) -> None:
        if self.outbox_seen is None:
            self.outbox_seen = max((r.get("id", 0) for r in await self._read("outbox")), default=0)
        if step.verb == "expect":
            await self.check(step)
            return
        if step.verb in TURN_VERBS and self.runner.crm is not None:
            # What this turn books is told apart from what was booked before it (harm).
            self.booked_before = {a.get("id") for a in await self._own("appointments")}
        if step.verb in ("say", "text"):
            self.caller_said = step.argument
        if step.verb == "intent":
            self.intent = step.argument
        elif step.verb == "from":
            self.caller = step.argument
        elif step.verb == "attestation":
            self.stir_verstat = ATTESTATIONS[step.argument]
        elif step.verb == "transfer":
            outcome, _, seconds = step.argument.partition(" ")
            # "not-taken": the phone is answered, but nobody presses 1 in the whisper.
            self.dial = DialOutcome(DIAL_STATUSES[outcome], int(seconds or 60),
                                    keys=None if outcome == "not-taken" else "1")
        elif step.verb == "call":
            if self.call is not None and self.call.state is not CallState.ENDED:
                raise ScenarioFailure("a call is already in progress (hang up first)")
            self.caller = step.argument or self.caller
            self.call = Call(self.runner.client, self.runner.account, self.caller,
                             stir_verstat=self.stir_verstat)
            self.call_sids.append(self.call.sid)
            await self._record(step, self.call.start())
        elif step.verb == "text":
            thread = self.threads.setdefault(
                self.caller, TextThread(self.runner.client, self.runner.account, self.caller)
            )
            await self._record(step, thread.send(step.argument))
        else:
            call = self._live_call(step)
            if step.verb == "say":
                if step.confidence is None:
                    await self._record(step, call.say(step.argument))
                else:
                    await self._record(step, call.say(step.argument, step.confidence))
            elif step.verb == "press":
                await self._record(step, call.press(step.argument))
            elif step.verb == "silence":
                await self._record(step, call.stay_silent())
            elif step.verb == "hang up" and call.state is not CallState.ENDED:
                await self._record(step, call.hang_up())

    def _live_call(self, step: Step) -> Call:
        if self.call is None:
            raise ScenarioFailure(f"{step.describe()}: there is no call (write 'call' first)")
        if step.verb == "hang up" and self.call.state is CallState.ENDED and \
                self._ending() in ("bot hung up", "end of TwiML: Twilio hangs up"):
            # The caller said goodbye and the bot hung up first: the caller's own hang-up has
            # nothing left to end (Twilio ignores it too). Words the bot cut off would be a
            # `say` after it, and fail there; an error's hang-up still fails here.
            return self.call
        if self.call.state is CallState.ENDED:
            raise ScenarioFailure(
                f"{step.describe()}: the call has ended ({self._ending()}); "
                f"the bot last said: {self._quote(self.last)}"
            )
        if step.verb != "hang up" and self.call.state not in (
            CallState.LISTENING,
            CallState.RECORDING,
        ):
            raise ScenarioFailure(f"{step.describe()}: the bot is not listening")
        return self.call

    async def _record(self, step: Step, action: Awaitable[list[Event]]) -> None:
        events = await action
        if self.call is not None and self.call.state is CallState.DIALING:
            events += await self.call.finish_dial(self.dial)
        self.events += events
        self.last, self.last_verb = events, step.verb
        for event in events:
            if event.kind is EventKind.ERROR:
                raise ScenarioFailure(event.text)
            if event.exchange is not None and not event.exchange.ok:
                raise ScenarioFailure(f"{event.exchange.summary()}")

    async def finish(self) -> None:
        """Hang up a call left open, so the bot hears the end of it as it would from Twilio."""
        if self.call is not None and self.call.state not in (CallState.ENDED, CallState.IDLE):
            self.events += await self.call.hang_up()

    # ------------------------------------------------------------ Expectations

    async def check(self, step: Step) -> None:
        subject = step.subject
        if subject == "judge":
            await self.judged(step)
            return
        if subject == "said":
            said = " ".join(e.text for e in self.last if e.kind in BOT_KINDS)
            found = contains_any(said, step.phrases)
            if found == step.negated:
                if not step.negated and await self.judge_passes(step, said):
                    return
                wanted = "not to say" if step.negated else "to say"
                raise ScenarioFailure(
                    f"expected the bot {wanted} {_quote_list(step.phrases)}; "
                    f"it said: {self._quote(self.last)}"
                )
        elif subject == "reply":
            replies = [e.text for e in self.last if e.kind is EventKind.SMS_REPLY]
            if self.last_verb != "text":
                raise ScenarioFailure("expect reply follows a 'text' step")
            if step.negated:
                if replies:
                    raise ScenarioFailure(f"expected no reply; the bot replied: {replies[0]!r}")
            elif not contains_any(" ".join(replies), step.phrases) and not (
                    await self.judge_passes(step, " ".join(replies))):
                raise ScenarioFailure(
                    f"expected a reply with {_quote_list(step.phrases)}; "
                    + (f"the reply was: {' '.join(replies)!r}" if replies else "there was none")
                )
        elif subject == "hangup":
            if self.call is None or self.call.state is not CallState.ENDED:
                raise ScenarioFailure(
                    f"expected the call to be over; the bot is {self._call_state()}, "
                    f"having said: {self._quote(self.last)}"
                )
        elif subject in ("listening", "recording"):
            state = CallState.LISTENING if subject == "listening" else CallState.RECORDING
            if self.call is None or self.call.state is not state:
                raise ScenarioFailure(
                    f"expected the call to be {subject}; it is {self._call_state()}"
                )
        elif subject == "transfer":
            dials = [e for e in self.last if e.kind is EventKind.DIALING]
            if step.negated:
                if dials:
                    raise ScenarioFailure(
                        f"expected no transfer; it dialled {dials[-1].attrs.get('to', '?')}")
                return
            if not dials:
                raise ScenarioFailure(
                    f"expected a transfer; the bot said: {self._quote(self.last)}"
                )
            if step.phrases and not contains_any(dials[-1].attrs.get("to", ""), step.phrases):
                raise ScenarioFailure(
                    f"expected a transfer to {step.phrases[0]}; it dialled "
                    f"{dials[-1].attrs.get('to', '?')}"
                )
        else:
            await self._check_crm(step)

    async def judged(self, step: Step) -> None:
        """``expect judge "…"``: the judge's verdict on the last reply (counted as not judged
        when the eval runs without one)."""
        judge = self.runner.judge
        if judge is None:
            if self.turn is not None:
                self.turn.unjudged += 1
            return
        said = " ".join(e.text for e in self.last if e.kind in BOT_KINDS)
        verdict = await judge.verdict(step.phrases[0], self.caller_said, said)
        if not verdict.meets:
            raise ScenarioFailure(
                f"the judge found the reply does not meet {step.phrases[0]!r} ({verdict.why}); "
                f"it said: {self._quote(self.last)}"
            )

    async def judge_passes(self, step: Step, said: str) -> bool:
        """Whether the judge finds that a reply missing the quoted words says them in other
        words (False without a judge)."""
        judge = self.runner.judge
        if judge is None or not said:
            return False
        wanted = " or ".join(f'"{p}"' for p in step.phrases)
        verdict = await judge.verdict(f"The reply says {wanted}, in any wording.",
                                      self.caller_said, said)
        if verdict.meets and self.turn is not None:
            self.turn.judged += 1
        return verdict.meets

    async def _check_crm(self, step: Step) -> None:
        if self.runner.crm is None:
            raise ScenarioFailure(
                f"expect {step.subject}: no CRM to read (give --crm PATH with --url)"
            )
        if step.negated:
            # "expect not appointment": this turn booked nothing of the kind (the booking, if
            # any, is written before the answer).
            texts = await self._new_appointments(step)
            if booked_as(texts, step.phrases):
                raise Harmful(f"expected no {step.kind or ''} appointment with "
                              f"{_quote_list(step.phrases)} in the CRM; it holds: "
                              + "; ".join(repr(t) for t in texts[-3:]), "false booking")
            return
        # Summaries and notes are written after the status callback, in the background:
        # look again for a few seconds before failing. A booking or a cancellation is written
        # before the words that tell of it (as the negated check above relies on): it is
        # there at once or not at all, and a missing one fails without waiting.
        wait = 0.0 if step.subject == "appointment" else self.runner.wait
        deadline = time.monotonic() + wait
        while True:
            texts = await self._crm_texts(step)
            if (booked_as(texts, step.phrases) if step.subject == "appointment"
                    else contains_any("\n".join(texts), step.phrases)):
                return
            if time.monotonic() >= deadline:
                what = f"{step.kind} {step.subject}" if step.kind else step.subject
                article = "an" if what[0] in "aeiou" else "a"
                held = "; ".join(repr(t[:120]) for t in texts[-3:]) or "nothing"
                message = (f"expected {article} {what} with {_quote_list(step.phrases)} in the "
                           f"CRM; it holds: {held}")
                if step.subject == "appointment" and await self._new_appointments(step):
                    # Something was booked this turn, but not what the caller asked for.
                    dated = any(re.search(r"\d", p) for p in step.phrases)
                    raise Harmful(message, "wrong date or time" if dated else "false booking")
                raise ScenarioFailure(message)
            await asyncio.sleep(0.1)

    async def _crm_texts(self, step: Step) -> list[str]:
        if step.subject == "outbox":
            return [
                str(r.get("body", ""))
                for r in await self._read("outbox")
                if r.get("id", 0) > (self.outbox_seen or 0)
            ]
        if step.subject == "transcript":
            if not self.call_sids:
                raise ScenarioFailure("expect transcript: there has been no call")
            return [str(r.get("text", "")) for r in await self._read("turns", self.call_sids[-1])]
        if step.subject == "summary":
            texts = []
            for sid in self.call_sids:
                call = await self._read_one(sid)
                if call and call.get("summary"):
                    texts.append(str(call["summary"]))
            return texts
        if step.subject == "appointment":
            # The service and, in the scenario's clock's time zone, its start ("Filling
            # 2026-12-10 14:00"): an expectation may name the day and time as well.
            return [
                f"{a.get('service', '')} {self._local(str(a.get('starts_at', '')))}".strip()
                for a in await self._own("appointments")
                if not step.kind or a.get("status") == step.kind
            ]
        return [
            str(n.get("body", ""))
            for n in await self._own("notes")
            if not step.kind or n.get("kind") == step.kind
        ]

    async def _new_appointments(self, step: Step) -> list[str]:
        """The appointments (of the step's kind) this turn made: as _crm_texts says them."""
        return [
            f"{a.get('service', '')} {self._local(str(a.get('starts_at', '')))}".strip()
            for a in await self._own("appointments")
            if a.get("id") not in self.booked_before
            and (not step.kind or a.get("status") == step.kind)
        ]

    def _local(self, starts_at: str) -> str:
        """An appointment's start as 'YYYY-MM-DD HH:MM' at the scenario clock's UTC offset
        (UTC without a clock)."""
        try:
            moment = datetime.fromisoformat(starts_at)
        except ValueError:
            return ""
        if self.scenario.clock:
            offset = datetime.fromisoformat(self.scenario.clock).utcoffset()
            if offset is not None:
                moment = moment.astimezone(timezone(offset))
        return f"{moment:%Y-%m-%d %H:%M}"

    async def _own(self, table: str) -> list[Row]:
        """This scenario's notes or appointments: those its calls wrote (or cancelled), and
        call-less ones (texts) of its callers."""
        crm = self.runner.crm
        assert crm is not None
        customers = {self.caller} | {call.caller for call in [self.call] if call is not None}
        customers |= set(self.threads)

        def read() -> list[Row]:
            sids = set(self.call_sids)
            ids = {c["id"] for p in customers if (c := crm.customer_by_phone(p)) is not None}
            return [
                row
                for row in getattr(crm, table)()
                if row.get("call_sid") in sids
                or row.get("cancelled_call_sid") in sids
                or (not row.get("call_sid") and row.get("customer_id") in ids)
            ]

        return await asyncio.to_thread(read)

    async def _read(self, what: str, *args: str) -> list[Row]:
        crm = self.runner.crm
        if crm is None:
            return []
        return await asyncio.to_thread(getattr(crm, what), *args)

    async def _read_one(self, sid: str) -> Row | None:
        crm = self.runner.crm
        return None if crm is None else await asyncio.to_thread(crm.call, sid)

    def _call_state(self) -> str:
        if self.call is None:
            return "not on a call"
        if self.call.state is CallState.ENDED:
            return f"off the call ({self._ending()})"
        return str(self.call.state)

    def _ending(self) -> str:
        hung_up = [
            e for e in (self.call.events if self.call else []) if e.kind is EventKind.HUNG_UP
        ]
        return hung_up[-1].text if hung_up else "ended"

    @staticmethod
    def _quote(events: list[Event]) -> str:
        said = " ".join(e.text for e in events if e.kind in BOT_KINDS)
        return f'"{said}"' if said else "nothing"
