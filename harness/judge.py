"""An LLM judge for the conversation eval: does a reply meet what the scenario asks of it?

    python -m harness eval --judge       # Claude mode, graded with the judge (ANTHROPIC_API_KEY)

Claude words its replies differently from call to call, so a scenario's quoted words
(``expect "booked"``) can miss a reply that is right ("You're all set for Friday at 10").
With ``--judge`` the eval asks a model, through the same anthropic SDK the bot uses, whether
the reply meets the expectation:

- ``expect judge "offers another day, since Thursday is a holiday"`` states what a good reply
  does in plain words; it is graded only with ``--judge`` (without it, it is counted as not
  judged and the turn is graded on its other lines).
- a quoted ``expect "words"`` on what the bot said that fails word for word is asked of the
  judge: does the reply say that, in any wording? ``expect not "…"`` is never softened: a
  false statement stays a failure whatever the judge thinks.

One request per judged expectation, forced to answer through a ``verdict`` tool (a yes or no
and one line why), on ``JUDGE_MODEL`` (default claude-haiku-4-5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import anthropic

DEFAULT_JUDGE_MODEL = "claude-haiku-4-5"
JUDGE_MAX_TOKENS = 200
VERDICT_TOOL: dict[str, Any] = {
    "name": "verdict",
    "description": "Record whether the receptionist's reply meets the expectation.",
    "input_schema": {
        "type": "object",
        "properties": {
            "meets": {"type": "boolean", "description": "true if the reply meets it"},
            "why": {"type": "string", "description": "one short sentence"},
        },
        "required": ["meets", "why"],
    },
}
INSTRUCTIONS = (
    "You grade a phone receptionist for a small business. You get what the caller said, the "
    "receptionist's reply, and an expectation the reply should meet. Judge the meaning, not "
    "the wording: the reply meets the expectation when a caller would understand from it what "
    "the expectation asks for. Be strict: a reply that only promises to do something, hedges "
    "where the expectation wants a fact, or says something else does not meet it. Answer with "
    "the verdict tool."
)


class JudgeUnavailable(Exception):
    """The judge cannot be asked: no key, or the API refused or failed; the message says why."""


@dataclass(frozen=True)
class Verdict:
    """What the judge decided about one reply, and why in a line."""

    meets: bool
    why: str


@dataclass
class Judge:
    """Asks a model whether replies meet their scenarios' stated expectations; counts the
    requests and tokens it spent."""

    client: anthropic.AsyncAnthropic
    model: str = DEFAULT_JUDGE_MODEL
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0

    async def verdict(self, expectation: str, caller: str, reply: str) -> Verdict:
        """Whether `reply` (to the caller's `caller`) meets `expectation`."""
        import anthropic

        import bot

        prompt = (
            f"The caller said: {caller or '(the call started)'}\n"
            f"The receptionist replied: {reply or '(nothing)'}\n"
            f"Expectation: {expectation}\n"
            "Does the reply meet the expectation?"
        )
        request: dict[str, Any] = {
            "model": self.model,
            "max_tokens": JUDGE_MAX_TOKENS,
            "system": INSTRUCTIONS,
            "tools": [VERDICT_TOOL],
            "tool_choice": {"type": "tool", "name": "verdict"},
            "messages": [{"role": "user", "content": prompt}],
        }
        try:
            message = await self.client.messages.create(**request)
        except anthropic.APIError as error:
            # In the owner's words, as the bot says it: the SDK's own text of an error
            # changes between releases (2.17 dropped "Error code: 401 - {...}").
            raise JudgeUnavailable(
                f"the judge's request failed: {bot.describe_claude_error(error)}") from error
        self.requests += 1
        self.input_tokens += message.usage.input_tokens
        self.output_tokens += message.usage.output_tokens
        for block in message.content:
            if block.type == "tool_use" and block.name == "verdict":
                found: Any = block.input
                if isinstance(found, dict) and isinstance(found.get("meets"), bool):
                    return Verdict(found["meets"], str(found.get("why", "")).strip())
        # A verdict that cannot be read passes nothing.
        return Verdict(False, "the judge gave no readable verdict")

    async def aclose(self) -> None:
        """Close the judge's HTTP client."""
        await self.client.close()

    def cost_line(self) -> str:
        """What the judging spent, for the end of the report."""
        return (
            f"judge ({self.model}): {self.requests} requests, {self.input_tokens} input and "
            f"{self.output_tokens} output tokens"
        )


def judge_from(env: Mapping[str, str]) -> Judge:
    """A judge on the key and base URL of this environment (the .env and the real one, as
    the bot reads them); JudgeUnavailable when there is no key."""
    key = env.get("ANTHROPIC_API_KEY", "").strip()
    if not key:
        raise JudgeUnavailable(
            "--judge asks Claude: set ANTHROPIC_API_KEY in .env or the environment"
        )
    import anthropic

    client = anthropic.AsyncAnthropic(
        api_key=key, base_url=env.get("ANTHROPIC_BASE_URL") or None, max_retries=2, timeout=60
    )
    return Judge(client, env.get("JUDGE_MODEL") or DEFAULT_JUDGE_MODEL)
