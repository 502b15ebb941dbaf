"""LOCAL_MODEL_URL (issue 20, item 10): call summaries, the digest's opening and the alert's
gist written by the owner's own model server (Ollama, llama.cpp), through its OpenAI-compatible
API, against tests.fakes.FakeLocalModel; anything it fails at is done as without it."""

from __future__ import annotations

import json
import logging
import socket
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
import time_machine
from conftest import CALLER, OPEN_NOW, Bot, call_sid, claude_client

import bot
from tests.fakes import (
    Completion,
    FakeClaude,
    FakeLocalModel,
    Garbage,
    HangUp,
    Refusal,
    Slow,
    Text,
    answered_in_pieces,
)

OWNER = "+15005550001"
PLAIN = "A caller asked about our hours."  # the offline receptionist's summary
SUMMARY = "Dana asked when the shop opens and was told 9 AM."
TRANSCRIPT = ("The call:\nReceptionist: Thanks for calling Maple Street Bikes. How can I help "
              "you today?\nCaller: When do you open?\nReceptionist: We're open Monday to "
              "Friday, 9 AM to 5:30 PM; Saturday, 10 AM to 2 PM; closed Sunday. We're open "
              "right now.")


@pytest.fixture
def local() -> Iterator[FakeLocalModel]:
    """An Ollama server with llama3.2 pulled."""
    with FakeLocalModel() as fake:
        yield fake


@pytest.fixture
async def local_bot(make_bot: Any, local: FakeLocalModel) -> AsyncIterator[Bot]:
    """The offline receptionist, with the local model writing the after-call work."""
    async with make_bot(local_model_url=local.url) as running:
        running.assistant.receptionist.local.timeout = 2.0
        yield running


async def finished_call(running: Bot, *lines: str) -> str:
    """A call that says `lines`, hung up and summarised: its sid."""
    sid = call_sid()
    await running.call(sid)
    for line in lines:
        await running.say(sid, line)
    await running.hang_up(sid)
    await running.background_done()
    return sid


async def summary_of(running: Bot, sid: str) -> str:
    return (await running.crm.call(sid))["summary"]


def closed_port() -> int:
    """A port nothing listens on (the model server is not running)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def model_down(make_bot: Any) -> AsyncIterator[tuple[Bot, str]]:
    """A bot whose LOCAL_MODEL_URL nothing answers; and the model as its log lines name it."""
    port = closed_port()
    async with make_bot(local_model_url=f"http://127.0.0.1:{port}") as running:
        yield running, f"the local model (llama3.2 at 127.0.0.1:{port})"


def plain_alert(sid: str) -> str:
    """The owner's alert of a call where the caller asked about kids' bikes, with no gist."""
    return (f'Call from {CALLER}. Asked: "Do you have any kids bikes in stock?" Details: '
            f"https://bot.example.com/owner/calls/{sid}")


# -- The summary --


@time_machine.travel(OPEN_NOW)  # when the call's turns are stored
async def test_the_local_model_writes_the_summary(
    local_bot: Bot, local: FakeLocalModel
) -> None:
    local.queue(SUMMARY)
    sid = await finished_call(local_bot, "When do you open?")
    assert await summary_of(local_bot, sid) == SUMMARY
    assert local.requests == [{
        "model": "llama3.2", "max_tokens": 200, "temperature": 0.2,
        "messages": [{"role": "system", "content": bot.SUMMARY_INSTRUCTIONS},
                     {"role": "user", "content": (
                         "The call began on Tuesday 24 November 2026 at 10:00, the business's "
                         "time (America/Chicago): its today was Tue 24 Nov.\n" + TRANSCRIPT)}]}]


async def test_with_claude_the_transcript_goes_to_the_local_model_not_claude(
    make_bot: Any, local: FakeLocalModel, fake_claude: FakeClaude
) -> None:
    """Live turns stay with Claude; the summary is the local model's."""
    fake_claude.queue(Text("We open at nine."))
    local.queue(SUMMARY)
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client, local_model_url=local.url) as running:
        sid = await finished_call(running, "When do you open?")
        assert await summary_of(running, sid) == SUMMARY
    await client.close()
    assert len(fake_claude.requests) == 1 and fake_claude.requests[0]["stream"] is True
    assert local.requests[0]["messages"][1]["content"].endswith(
        "Caller: When do you open?\nReceptionist: We open at nine.")


@pytest.mark.parametrize(("answer", "why"), [
    (Refusal(500, "llama runner process has terminated: signal: killed"),
     "HTTP 500: llama runner process has terminated: signal: killed"),
    (Slow(5, SUMMARY), "no answer in 2 s"),
    (Garbage(b"<html><body>502 Bad Gateway</body></html>"),
     "its answer is not an OpenAI-style chat completion"),
    (Garbage(b'{"choices": []}'), "its answer is not an OpenAI-style chat completion"),
    (HangUp(), "the connection failed (ServerDisconnectedError)"),
    ("   ", "it wrote nothing"),
    ("<think>The caller asked about hours.</think>", "it wrote nothing"),
    (Completion("word " * 300), "its answer was cut off at 200 tokens"),
    (Completion("Dana. " * 190), "it wrote 1139 characters"),
], ids=["error", "slow", "html", "no-choices", "hang-up", "empty", "only-thinking",
        "cut-off", "rambling"])
async def test_a_local_model_that_fails_leaves_the_plain_summary_and_one_log_line(
    local_bot: Bot, local: FakeLocalModel, caplog: pytest.LogCaptureFixture, answer: Any,
    why: str,
) -> None:
    local.queue(answer)
    with caplog.at_level(logging.WARNING, logger="bot"):
        sid = await finished_call(local_bot, "When do you open?")
    assert await summary_of(local_bot, sid) == PLAIN
    assert [r.getMessage() for r in caplog.records] == [
        f"call {sid}: the local model (llama3.2 at 127.0.0.1:{local.url.rsplit(':', 1)[1]}) "
        f"wrote no summary: {why}"]
    assert [t["text"] for t in await local_bot.crm.turns(sid) if t["role"] == "caller"] == [
        "When do you open?"]


async def test_a_model_that_is_not_pulled_falls_back_to_claudes_summary(
    make_bot: Any, fake_claude: FakeClaude, caplog: pytest.LogCaptureFixture
) -> None:
    """Ollama answers 404 for a model it has not pulled: Claude writes the summary, as it
    does without a local model."""
    fake_claude.queue(Text("We open at nine."), Text("Dana asked when we open; told 9 AM."))
    client = claude_client(fake_claude)
    with FakeLocalModel(models=["qwen3:4b"]) as local:
        async with make_bot(claude_client=client, local_model_url=local.url) as running:
            with caplog.at_level(logging.WARNING, logger="bot"):
                sid = await finished_call(running, "When do you open?")
            assert await summary_of(running, sid) == "Dana asked when we open; told 9 AM."
    await client.close()
    assert 'HTTP 404: model "llama3.2" not found, try pulling it first' in caplog.text


async def test_a_model_server_that_is_down_is_left_alone_for_a_while(
    make_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Down: the summary is the plain one, and the next calls do not wait for it again."""
    async with model_down(make_bot) as (running, model):
        with caplog.at_level(logging.WARNING, logger="bot"):
            first = await finished_call(running, "When do you open?")
            second = await finished_call(running, "When do you open?")
        assert await summary_of(running, first) == PLAIN
        assert await summary_of(running, second) == PLAIN
    assert [r.getMessage() for r in caplog.records] == [
        f"call {first}: {model} wrote no summary: cannot connect to it (is it running?)",
        f"call {second}: {model} wrote no summary: it failed a few minutes ago"]


async def test_a_model_down_for_a_call_with_an_alert_is_one_log_line(
    make_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    async with model_down(make_bot) as (running, model):
        with caplog.at_level(logging.WARNING, logger="bot"):
            sid = await finished_call(running, "Do you have any kids bikes in stock?")
        rows = await running.crm.rows("SELECT body FROM outbox ORDER BY id")
    assert [r["body"] for r in rows] == [plain_alert(sid)]
    assert [r.getMessage() for r in caplog.records] == [
        f"call {sid}: {model} wrote no summary: cannot connect to it (is it running?)"]


async def test_a_call_where_nobody_spoke_never_reaches_the_model(
    local_bot: Bot, local: FakeLocalModel
) -> None:
    sid = await finished_call(local_bot)
    assert local.requests == []
    assert await summary_of(local_bot, sid)


# -- The owner's alert --


async def test_the_alert_carries_the_local_models_gist_and_the_callers_own_words(
    local_bot: Bot, local: FakeLocalModel
) -> None:
    local.queue("Dana wants a callback about her kids' bike stock. See https://evil.example",
                "Call Dana back about kids' bikes in stock.")
    sid = await finished_call(local_bot, "Do you have any kids bikes in stock?")
    rows = await local_bot.crm.rows("SELECT to_number, body FROM outbox ORDER BY id")
    assert [(r["to_number"], r["body"]) for r in rows] == [
        (OWNER, f"Call from {CALLER}: Call Dana back about kids' bikes in stock. Asked: "
                f'"Do you have any kids bikes in stock?" Details: '
                f"https://bot.example.com/owner/calls/{sid}")]
    gist = local.requests[1]
    assert (gist["max_tokens"], gist["messages"]) == (60, [
        {"role": "system", "content": bot.GIST_INSTRUCTIONS},
        {"role": "user", "content": "Dana wants a callback about her kids' bike stock. See "
                                    "https://evil.example"}])


async def test_without_a_gist_the_alert_is_as_it_always_was(
    local_bot: Bot, local: FakeLocalModel, caplog: pytest.LogCaptureFixture
) -> None:
    local.queue(SUMMARY, Refusal(500, "out of memory"))
    with caplog.at_level(logging.WARNING, logger="bot"):
        sid = await finished_call(local_bot, "Do you have any kids bikes in stock?")
    rows = await local_bot.crm.rows("SELECT body FROM outbox ORDER BY id")
    assert [r["body"] for r in rows] == [plain_alert(sid)]
    assert await summary_of(local_bot, sid) == SUMMARY
    assert "wrote no gist for the alert: HTTP 500: out of memory" in caplog.text


# -- The digest --


async def digest_day(config: bot.Config) -> tuple[bot.Config, date]:
    """A CRM with one call on 24 November 2026, summarised."""
    crm = await bot.open_crm(config)
    dana = await crm.customer_for(CALLER)
    sid = call_sid()
    await crm.open_call(sid, dana["id"], "inbound")
    await crm.execute("UPDATE calls SET started_at = '2026-11-24T16:02:00+00:00', duration = 42")
    await crm.save_summary(sid, "Dana asked about her bike.")
    await crm.close()
    return config, date(2026, 11, 24)


async def test_the_digest_opens_with_the_local_models_day_in_short(
    config: bot.Config, local: FakeLocalModel
) -> None:
    config, day = await digest_day(replace(config, local_model_url=local.url))
    local.queue("One call: Dana asked about her bike; see http://x.example")
    crm = await bot.open_crm(config)
    profile = bot.load_profile(config.business_profile)
    try:
        text = await bot.daily_digest(crm, profile, day, config)
    finally:
        await crm.close()
    lines = text.splitlines()
    assert lines[:3] == ["Maple Street Bikes: Tuesday the 24th of November",
                         "In short: One call: Dana asked about her bike; see hxxp://x(.)example",
                         "Calls (1):"]
    assert local.requests[0]["messages"][1]["content"] == "\n".join([lines[0], *lines[2:]])


async def test_a_digest_the_local_model_cannot_open_is_todays(
    config: bot.Config, caplog: pytest.LogCaptureFixture
) -> None:
    config, day = await digest_day(config)
    profile = bot.load_profile(config.business_profile)
    crm = await bot.open_crm(config)
    try:
        plain = await bot.daily_digest(crm, profile, day, config)
        down = replace(config, local_model_url=f"http://127.0.0.1:{closed_port()}")
        with caplog.at_level(logging.WARNING, logger="bot"):
            assert await bot.daily_digest(crm, profile, day, down) == plain
    finally:
        await crm.close()
    assert "wrote no opening for the digest: cannot connect to it" in caplog.text


# -- check --


async def test_check_says_in_one_line_whether_the_local_model_answers(
    local: FakeLocalModel,
) -> None:
    config = bot.Config(local_model_url=local.url)
    line = await bot.local_model_line(config)
    assert line.startswith(f"local model      llama3.2 at 127.0.0.1:{local.url.split(':')[-1]} "
                           "answers (")
    assert line.endswith(" s): it writes the summaries, the digest's opening and the alerts' "
                         "gist")
    missing = await bot.local_model_line(replace(config, local_model="mistral"))
    assert missing == (
        f"!! local model   mistral at 127.0.0.1:{local.url.split(':')[-1]} does not answer: "
        'HTTP 404: model "mistral" not found, try pulling it first; summaries are written '
        "as without it, by the offline receptionist")


@pytest.mark.parametrize(("typed", "kept"), [
    ("http://127.0.0.1:11434", "http://127.0.0.1:11434"),
    ("http://pi.local:8080/v1/", "http://pi.local:8080"),
    ("https://models.example.com/ollama", "https://models.example.com/ollama"),
])
def test_the_model_servers_address_is_kept_without_v1(typed: str, kept: str) -> None:
    assert bot.load_config({"LOCAL_MODEL_URL": typed}).local_model_url == kept


def test_an_address_that_is_not_a_server_is_refused() -> None:
    with pytest.raises(bot.ConfigError) as caught:
        bot.load_config({"LOCAL_MODEL_URL": "localhost:11434"})
    assert caught.value.problems == [
        "LOCAL_MODEL_URL='localhost:11434' is not a model server's address (example: "
        "LOCAL_MODEL_URL=http://127.0.0.1:11434 for Ollama, http://127.0.0.1:8080 for "
        "llama.cpp's llama-server)"]


# -- The fake is as strict as Ollama's and llama-server's /v1 --


def post(fake: FakeLocalModel, body: object, path: str = "/v1/chat/completions"
         ) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(fake.url + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


GOOD = {"model": "llama3.2", "messages": [{"role": "user", "content": "Hi"}]}


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"messages": GOOD["messages"]}, 400, "model is required"),
    ({"model": "llama3.2"}, 400, "messages is required"),
    ({**GOOD, "messages": []}, 400, "messages is required"),
    ({**GOOD, "messages": [{"role": "tool", "content": "x"}]}, 400,
     "invalid role 'tool' in messages[0]"),
    ({**GOOD, "messages": [{"role": "user"}]}, 400,
     "invalid message content type in messages[0]"),
    ({**GOOD, "max_tokens": 0}, 400, "max_tokens must be a positive integer"),
    ({**GOOD, "model": "llama3"}, 404, 'model "llama3" not found, try pulling it first'),
    (["not", "an", "object"], 400, "request body must be a JSON object"),
])
def test_the_fake_refuses_what_the_servers_refuse(
    local: FakeLocalModel, body: object, status: int, message: str
) -> None:
    assert post(local, body) == (status, {"error": {
        "message": message, "type": "api_error" if status == 404 else "invalid_request_error",
        "param": None, "code": None}})


def test_the_fake_answers_in_openais_shape_and_cuts_at_max_tokens(
    local: FakeLocalModel,
) -> None:
    local.queue("one two three")
    status, answer = post(local, {**GOOD, "max_tokens": 2})
    assert status == 200
    assert answer["object"] == "chat.completion" and answer["model"] == "llama3.2"
    assert answer["choices"] == [{"index": 0, "finish_reason": "length",
                                  "message": {"role": "assistant", "content": "one two"}}]
    assert answer["usage"] == {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}
    assert post(local, GOOD, "/v1/completions")[0] == 404


def test_llama_server_answers_for_any_model_name() -> None:
    with FakeLocalModel(models=None) as server:
        assert post(server, {**GOOD, "model": "whatever"})[0] == 200


async def test_an_answer_that_arrives_in_pieces_is_read_whole() -> None:
    """Over the shop's network an answer longer than one packet (about 1,450 bytes: a summary
    of 900 characters in Spanish, each accent escaped in JSON as 6 bytes, with the usage and
    ids) arrives in pieces: all are read, not the first alone (which is no JSON, and would
    rest the model for 5 minutes)."""
    summary = "Dana preguntó por la información, la dirección y los niños; " * 16
    body = json.dumps({
        "id": "chatcmpl-1", "object": "chat.completion", "model": "llama3.2",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": summary.strip()}}],
        "usage": {"prompt_tokens": 300, "completion_tokens": 200, "total_tokens": 500}},
    ).encode()

    async with answered_in_pieces(body, "application/json") as url:
        model = bot.LocalModel(url, "llama3.2")
        assert await model.summarize(TRANSCRIPT) == " ".join(summary.split())
