"""What it costs the bot to read Claude's streamed reply: the SDK's accumulating MessageStream
(`messages.stream(...)` + `text_stream` + `get_final_message()`, as bot.py did first), the SDK's
typed events of `messages.create(stream=True)` (a model object per event, as bot.py did next)
and the API's JSON of each event from `messages.with_streaming_response.create(stream=True)`
read by bot.py's `claude_events` (what bot.py does now).

Starts the fake Claude (tests/fakes.py) as its own process, so only the client's work is
measured, then reads the same streamed reply N times each way and prints the client's CPU time
per reply; with --profile, the top functions of each under cProfile.

    python bench/bench_stream.py               # 300 replies each way
    python bench/bench_stream.py -n 100 --profile
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import platform
import pstats
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import anthropic

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench_support import fake_claude  # noqa: E402

import bot  # noqa: E402

MODEL = "claude-haiku-4-5"
# About the length of a receptionist's reply: 40 words, i.e. 40 text deltas.
ASK = [{"role": "user", "content": " ".join(["Tell me about your tune-up prices"] * 7)}]


async def accumulating(client: anthropic.AsyncAnthropic) -> str:
    """The SDK's MessageStream: builds a snapshot of the whole message on every event."""
    text = ""
    async with client.messages.stream(model=MODEL, max_tokens=400, messages=ASK) as stream:
        async for delta in stream.text_stream:
            text += delta
        await stream.get_final_message()
    return text


async def typed_events(client: anthropic.AsyncAnthropic) -> str:
    """The SDK's typed events: a model object made of every server-sent event."""
    text = ""
    events = await client.messages.create(model=MODEL, max_tokens=400, messages=ASK,
                                          stream=True)
    async with events:
        async for event in events:
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                text += event.delta.text
    return text


async def json_events(client: anthropic.AsyncAnthropic) -> str:
    """The API's JSON of each event, read as bot.py's ClaudeReceptionist.pieces reads them."""
    text = ""
    async with client.messages.with_streaming_response.create(
            model=MODEL, max_tokens=400, messages=ASK, stream=True) as response:
        async for event in bot.claude_events(response.http_response):
            if event["type"] == "content_block_delta" and event["delta"]["type"] == "text_delta":
                text += event["delta"]["text"]
    return text


async def measure(
    url: str, read: Callable[[anthropic.AsyncAnthropic], Awaitable[str]], count: int,
    profile: bool,
) -> tuple[float, str]:
    """CPU seconds per reply (this process only), and a cProfile summary if asked for."""
    client = anthropic.AsyncAnthropic(api_key="bench-key", base_url=url, max_retries=0)
    await read(client)  # warm up: connection, imports, caches
    profiler = cProfile.Profile() if profile else None
    start = time.process_time()
    if profiler:
        profiler.enable()
    for _ in range(count):
        await read(client)
    if profiler:
        profiler.disable()
    spent = (time.process_time() - start) / count
    await client.close()
    summary = ""
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(12)
        summary = out.getvalue()
    return spent, summary


def main() -> int:
    """Run both readers against one fake and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="replies read each way")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    args = parser.parse_args()
    with fake_claude() as url:
        print(f"Python {platform.python_version()}, anthropic {anthropic.__version__}, "
              f"{platform.machine()}; {args.n} streamed replies of 40 text deltas each way")
        results = {}
        for name, read in (("MessageStream (accumulating)", accumulating),
                           ("typed events", typed_events),
                           ("JSON events (bot.py)", json_events)):
            spent, summary = asyncio.run(measure(url, read, args.n, args.profile))
            results[name] = spent
            print(f"{name:30} {spent * 1000:6.2f} ms CPU per reply")
            if summary:
                print(summary)
        accumulated, typed, now = results.values()
        print(f"JSON events save {(typed - now) * 1000:.2f} ms CPU per reply against typed "
              f"events ({(1 - now / typed) * 100:.0f}%), {(accumulated - now) * 1000:.2f} ms "
              f"against MessageStream ({(1 - now / accumulated) * 100:.0f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
