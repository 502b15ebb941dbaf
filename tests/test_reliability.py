"""Faults the bot must survive without losing what a caller said: the CRM locked by another
process, a full disk, the database unreachable (the fallback URLs), a kill mid-call."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Any

from conftest import call_sid
from twiml import listening

import bot

HOURS = ("We're open Monday to Friday, 9 AM to 5:30 PM; Saturday, 10 AM to 2 PM; "
         "closed Sunday. We're open right now.")


async def test_health_and_reads_do_not_wait_for_a_blocked_write(
    make_bot: Callable[..., Any], config: bot.Config
) -> None:
    """Another process holds the write lock: a turn's write waits for it, but /health and
    reads answer at once (issue 7 item 20: all CRM work queued on one thread)."""
    async with make_bot() as running:
        sid = call_sid()
        await running.call(sid)
        blocker = sqlite3.connect(config.crm_db, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            turn = asyncio.ensure_future(running.say(sid, "What are your hours?"))
            await asyncio.sleep(0.3)  # the turn is now waiting for the write lock
            response = await running.client.get("/health")
            assert response.status_code == 200
            assert (await running.crm.call(sid))["turn_count"] == 0
            assert not turn.done()
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert await turn == listening(HOURS)
        assert (await running.crm.call(sid))["turn_count"] == 1
