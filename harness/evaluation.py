"""The conversation eval: a score per intent over scenario turns, and the failures.

    python -m harness eval                 # scenarios/eval/, against bot.py (offline or Claude)
    python -m harness eval --offline       # the built-in offline receptionist

Each caller turn in scenarios/eval/ (``say``/``text`` and the ``expect`` lines after it) is one
graded item, counted under the ``intent`` line above it. A turn passes when every expectation
holds: what the bot said and what landed in the CRM (a booking, a note, an alert). A failed
``expect not "…"`` is a false statement: the bot said something the scenario rules out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from harness.scenarios import TurnResult


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


def report(results: list[TurnResult]) -> str:
    """The table of scores, the count of false statements, and each failed turn."""
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
    unjudged = sum(r.unjudged for r in results)
    if unjudged:
        lines.append(f"{unjudged} 'expect judge' lines not graded (run with --judge to grade "
                     "them)")
    judged = sum(r.judged for r in results)
    if judged:
        lines.append(f"{judged} expectations passed by the judge where the words differed")
    failed = [r for r in results if not r.passed]
    if failed:
        lines.append("")
        lines.append("Failures:")
    for result in failed:
        where = f"{result.scenario.source} › {result.scenario.name}"
        lines.append(f"  [{result.intent}] {where}: {result.action}")
        lines += [f"      {reason}" for reason in result.reasons]
    return "\n".join(lines)
