"""The README's examples work as written: its curl lines, replayed with curl's own encoding
rules against the bot, reach it with the numbers and words they show."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlsplit

from conftest import ROOT

README = ROOT / "README.md"


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
    commands = curl_commands(README.read_text())
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
        for words in curl_commands(README.read_text()):
            url, body = as_curl_sends(words)
            answer = await running.client.post(
                urlsplit(url).path, data=body,
                headers={"Content-Type": "application/x-www-form-urlencoded"})
            assert answer.status_code == 200
        customers = await running.crm.find_customers()
    assert [c["phone"] for c in customers] == ["+14155550123"]
