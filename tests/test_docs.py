"""The README's examples work as written: its curl lines, replayed with curl's own encoding
rules against the bot, reach it with the numbers and words they show, and its harness
commands run as written."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlsplit

import pytest
from conftest import ROOT, documented_harness, eval_file_scores

from harness.scenarios import load_scenarios

README = ROOT / "README.md"


def documentation() -> str:
    """The README and every page of docs/ it links to, as one text."""
    return "\n".join(p.read_text() for p in [README, *sorted((ROOT / "docs").glob("*.md"))])


def curl_commands(markdown: str) -> list[list[str]]:
    """Every curl command in the README's shell blocks, split into words as the shell would
    (backslash continuations joined)."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", markdown, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "curl":
                commands.append(words)
    return commands


def as_curl_sends(words: list[str]) -> tuple[str, bytes]:
    """The URL and the form body curl posts for these words: ``-d``/``--data`` goes as it is
    (a ``+`` stays a ``+``, which a form decoder reads as a space); ``--data-urlencode
    name=value`` encodes the value."""
    parts, url, rest = [], "", iter(words[1:])
    for word in rest:
        if word in ("-d", "--data", "--data-raw"):
            parts.append(next(rest))
        elif word == "--data-urlencode":
            name, _, value = next(rest).partition("=")
            parts.append(f"{name}={quote_plus(value)}")
        elif word.startswith("http"):
            url = word
    return url, "&".join(parts).encode()


def test_the_readme_curl_lines_keep_the_plus_of_a_phone_number() -> None:
    commands = curl_commands(documentation())
    assert len(commands) >= 2
    for words in commands:
        _, body = as_curl_sends(words)
        sent = dict(parse_qsl(body.decode()))
        for field in ("From", "To", "Caller", "Called"):
            if field in sent:
                assert re.fullmatch(r"\+[1-9]\d{6,14}", sent[field]), (field, sent[field], words)


async def test_the_readme_curl_call_reaches_the_bot_as_the_number_shown(
    make_bot: Callable[..., Any],
) -> None:
    async with make_bot(validate_twilio_requests=False) as running:
        for words in curl_commands(documentation()):
            url, body = as_curl_sends(words)
            answer = await running.client.post(
                urlsplit(url).path, data=body,
                headers={"Content-Type": "application/x-www-form-urlencoded"})
            assert answer.status_code == 200
        customers = await running.crm.find_customers()
    assert [c["phone"] for c in customers] == ["+14155550123"]


# The documentation's harness commands (README and docs/) that cannot run in a test, and why.
# Every other one is run as written: a command added is run here, or added below with a reason.
NOT_RUN_HERE = {
    "python -m harness": "the interactive simulator (tests/test_harness_app.py drives it)",
    "python -m harness --url https://bot.example.com": "drives a bot on another machine",
    "python -m harness --relay --offline": "the interactive simulator",
    "python -m harness --relay": "the interactive simulator, with Claude",
    "python -m harness eval": "needs ANTHROPIC_API_KEY (real Claude)",
    "python -m harness eval --judge": "needs ANTHROPIC_API_KEY (real Claude)",
    "python -m harness run": "named in prose; its forms with files are run",
    "python -m harness.clocked": "named in prose: the module that moves the clock",
    "python -m harness screenshot docs/harness.svg": "would rewrite the shipped picture",
    "python -m harness load --calls 100 --concurrency 10 --turns 3": "a benchmark; `load` runs",
}


def harness_commands(markdown: str) -> list[str]:
    """Every `python -m harness ...` command the documentation shows, in inline code (which may run
    over a line break) or in a shell block, without comments or a venv's path."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", markdown, re.S)
    prose = re.sub(r"```[a-z]*\n.*?```", "", markdown, flags=re.S)
    found = re.findall(r"`[^`]*?(python -m harness[^`]*)`", prose.replace("\n", " "))
    for block in blocks:
        found += re.findall(r"(python -m harness[^#\n]*)", block)
    commands: list[str] = []
    for command in (" ".join(text.split()) for text in found if "`" not in text):
        if command not in commands:
            commands.append(command)
    return commands


def runnable_harness_commands() -> list[str]:
    """The README's harness commands a test can run: offline, headless, on this machine."""
    return [c for c in harness_commands(documentation()) if c not in NOT_RUN_HERE]


def test_every_harness_command_of_the_readme_is_run_or_says_why_not() -> None:
    commands = harness_commands(documentation())
    assert "python -m harness run scenarios/" in commands
    assert set(NOT_RUN_HERE) <= set(commands)  # no reason kept for a command now gone


def same_work_as_the_whole_eval(words: list[str]) -> bool:
    """Whether an eval command grades a part of the whole offline eval as the whole run
    grades it: the same option, files of scenarios/eval named by globs, and none of their
    bots shared with a file left out (each file's profile and clock start its own bot and
    CRM, so a file's turns go the same way alone or among the others)."""
    if words[3:5] != ["eval", "--offline"] or not words[5:] or any("*" not in w for w in words[5:]):
        return False
    chosen = {path for word in words[5:] for path in ROOT.glob(word)}
    every = sorted((ROOT / "scenarios" / "eval").glob("*.scenario"))
    if not chosen or not chosen <= set(every):
        return False
    bots = {path: {(s.profile, s.clock) for s in load_scenarios([path])} for path in every}
    inside = set().union(*(bots[path] for path in chosen))
    return all(not bots[path] & inside for path in every if path not in chosen)


WHOLE_EVAL = "python -m harness eval --offline"


def reads_the_whole_eval(command: str) -> bool:
    """Whether a command's test reads the session's one whole offline eval."""
    return command == WHOLE_EVAL or same_work_as_the_whole_eval(shlex.split(command))


@pytest.mark.parametrize("command", [
    pytest.param(command, marks=pytest.mark.whole_eval)
    if reads_the_whole_eval(command) else command
    for command in runnable_harness_commands()
])
def test_the_readmes_harness_commands_work_as_written(
    command: str, request: pytest.FixtureRequest
) -> None:
    # From the repository, as the README says (see conftest.documented_harness).
    words = shlex.split(command)
    if command == WHOLE_EVAL:
        result = request.getfixturevalue("offline_eval")  # run once, shared with test_eval
    elif same_work_as_the_whole_eval(words):
        # A set of the eval (the stranger-written ones): its files are graded in the whole
        # run exactly as this command grades them, so their rows in its table per file are
        # this command's figures; running them again would only take another minute. (The
        # eval command given files by name: test_eval's test of the command's output.)
        whole = request.getfixturevalue("offline_eval")
        assert whole.returncode in (0, 1) and not whole.stderr, whole.stderr[-2000:]
        rows = eval_file_scores(whole.stdout)
        assert sum(row.total for row in rows.values()) == int(
            re.search(r"^all +\d+ / (\d+) ", whole.stdout, re.M).group(1))  # every file a row
        files = sorted({path.name for word in words[5:] for path in ROOT.glob(word)})
        assert files and all(rows[name].total > 0 for name in files), (files, rows)
        return
    else:
        result = documented_harness(command)
    if words[3] == "eval":
        # The eval is a measurement: exit status 1 says the score is below the pass mark
        # (the stranger-written sets are, as the README says); it must still grade every turn.
        assert result.returncode in (0, 1) and not result.stderr, result.stderr[-2000:]
        assert re.search(r"^all +\d+ / \d+ ", result.stdout, re.M), result.stdout[-4000:]
    else:
        assert result.returncode == 0, (result.stdout[-4000:], result.stderr[-2000:])
