"""The conversation eval: a score per intent over scenario turns, and the failures.

    python -m harness eval                 # scenarios/eval/, against bot.py (offline or Claude)
    python -m harness eval --offline       # the built-in offline receptionist

Each caller turn in scenarios/eval/ (``say``/``text`` and the ``expect`` lines after it) is one
graded item, counted under the ``intent`` line above it. A turn passes when every expectation
holds: what the bot said and what landed in the CRM (a booking, a note, an alert). A failed
``expect not "…"`` is a false statement: the bot said something the scenario rules out.

Harm is reported apart from the score, and its goal is zero (harness.scenarios.harm_of):
- a false booking: ``expect not appointment [booked] "…"`` failed (the turn booked what the
  caller had not agreed to: a booking before their yes), or an expected booking failed while
  the turn booked something else (another service);
- a wrong date or time stored: an expected booking naming its day and time ("Filling
  2026-12-10 14:00", at the scenario clock's offset) failed while the turn booked another;
- an invented fact: a failed ``expect not "…"`` on what the bot said;
- an emergency not escalated: any failed expectation of a turn under ``intent emergency``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from harness.scenarios import HARMS, TurnResult


@dataclass
class Score:
    """Passed and total turns of one intent."""

    intent: str
    passed: int
    total: int

    @property
    def ratio(self) -> float:
        """The share passed (1.0 for an intent with no turns)."""
        return self.passed / self.total if self.total else 1.0


def scores(results: list[TurnResult]) -> list[Score]:
    """The score of each intent, in alphabetical order, then the whole."""
    passed = Counter(r.intent for r in results if r.passed)
    total = Counter(r.intent for r in results)
    rows = [Score(intent, passed[intent], total[intent]) for intent in sorted(total)]
    return [*rows, Score("all", sum(passed.values()), sum(total.values()))]


def file_scores(results: list[TurnResult]) -> list[tuple[str, Score, int, int]]:
    """Each scenario file's score, false statements and harmful turns, in file-name order:
    one run of the whole eval gives the figures of every set in it (the stranger-written
    sets' scores without running them again)."""
    files: dict[str, list[TurnResult]] = {}
    for result in results:
        files.setdefault(Path(result.scenario.source).name, []).append(result)
    return [(name, scores(turns)[-1], sum(r.false_statement for r in turns),
             sum(1 for r in turns if r.harms))
            for name, turns in sorted(files.items())]


def harm_counts(results: list[TurnResult]) -> Counter[str]:
    """How many turns did each harm (every kind in HARMS, 0 when none)."""
    counts: Counter[str] = Counter({harm: 0 for harm in HARMS})
    counts.update(harm for r in results for harm in r.harms)
    return counts


def harm_line(results: list[TurnResult]) -> str:
    """'harm: 0 (goal 0): false booking 0, wrong date or time 0, …'."""
    counts = harm_counts(results)
    kinds = ", ".join(f"{harm} {counts[harm]}" for harm in HARMS)
    harmful = sum(1 for r in results if r.harms)
    return f"harm: {harmful} turns (goal 0): {kinds}"


def report(results: list[TurnResult]) -> str:
    """The table of scores, the count of false statements, each file's score, and each
    failed turn."""
    rows = scores(results)
    width = max([len(r.intent) for r in rows] + [6])
    lines = [f"{'intent':<{width}}  passed / total", f"{'-' * width}  --------------"]
    for row in rows:
        if row.intent == "all":
            lines.append(f"{'-' * width}  --------------")
        lines.append(f"{row.intent:<{width}}  {row.passed:>6} / {row.total:<5} "
                     f"{row.ratio:6.1%}")
    false = [r for r in results if r.false_statement]
    scenarios = len({(r.scenario.source, r.scenario.name) for r in results})
    lines.append(f"{len(results)} turns in {scenarios} scenarios; false statements: {len(false)}")
    lines.append(harm_line(results))
    unjudged = sum(r.unjudged for r in results)
    if unjudged:
        lines.append(f"{unjudged} 'expect judge' lines not graded (run with --judge to grade "
                     "them)")
    judged = sum(r.judged for r in results)
    if judged:
        lines.append(f"{judged} expectations passed by the judge where the words differed")
    per_file = file_scores(results)
    name_width = max(len(name) for name, *_ in per_file) if per_file else 4
    lines += ["", f"{'file':<{name_width}}  passed / total          false statements  harm"]
    for name, score, false_statements, harmful in per_file:
        lines.append(f"{name:<{name_width}}  {score.passed:>6} / {score.total:<5} "
                     f"{score.ratio:6.1%}  {false_statements:>16}  {harmful:>4}")
    failed = [r for r in results if not r.passed]
    if failed:
        lines.append("")
        lines.append("Failures:")
    for result in failed:
        where = f"{result.scenario.source} › {result.scenario.name}"
        harm = f" HARM: {', '.join(result.harms)}" if result.harms else ""
        lines.append(f"  [{result.intent}] {where}: {result.action}{harm}")
        lines += [f"      {reason}" for reason in result.reasons]
    return "\n".join(lines)
