"""Helpers for the dashboard's tests: an owner's browser on the test client, and a CRM seeded
with calls, texts, notes and bookings at known times."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import bot
from tests.fakes import call_sid

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
# The fixed clock is Tuesday 24 November 2026, 10:00 in Chicago (OPEN_NOW).
YESTERDAY_2PM = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)  # Monday 14:00 in Chicago
TODAY_9AM = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 09:00 in Chicago


class Owner:
    """The owner in a browser: the test client keeps the session cookie; forms carry the
    CSRF token the last page gave."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.csrf = ""

    async def get(self, path: str, **kwargs: Any) -> tuple[int, str, Any]:
        response = await self.client.get(path, scheme="https", **kwargs)
        body = await response.get_data(as_text=True)
        if found := CSRF.search(body):
            self.csrf = found.group(1)
        return response.status_code, body, response

    async def post(self, path: str, form: dict[str, str], *, csrf: bool = True,
                   **kwargs: Any) -> tuple[int, str, Any]:
        data = {**form, "csrf": self.csrf} if csrf else form
        response = await self.client.post(path, form=data, scheme="https", **kwargs)
        return response.status_code, await response.get_data(as_text=True), response

    async def login(self, password: str = PASSWORD) -> int:
        await self.get("/owner/login")
        status, _, _ = await self.post("/owner/login", {"password": password})
        if status == 303:
            await self.get("/owner/")
        return status


async def seed_call(
    crm: bot.SQLiteCRM, phone: str | None, started: datetime, turns: list[tuple[str, str]],
    *, status: str = "completed", duration: int = 42, summary: str | None = None,
    name: str | None = None, transfer_status: str | None = None,
) -> tuple[str, bot.Row]:
    """A finished call at a known time, with its transcript; the CallSid and the customer."""
    customer = await crm.customer_for(phone)
    if name:
        customer = await crm.update_customer(customer["id"], name=name)
    sid = call_sid()
    await crm.open_call(sid, customer["id"], "inbound")
    for role, text in turns:
        await crm.add_turn(sid, role, text)
    await crm.record_call_status(sid, status, duration,
                                 **({"transfer_status": transfer_status}
                                    if transfer_status else {}))
    if summary:
        await crm.save_summary(sid, summary)
    ended = started + timedelta(seconds=duration)
    await crm.execute("UPDATE calls SET started_at = ?, ended_at = ? WHERE sid = ?",
                      [bot.iso(started), bot.iso(ended), sid])
    await crm.execute("UPDATE turns SET created_at = ? WHERE call_sid = ?", [bot.iso(started), sid])
    await crm.execute("UPDATE notes SET created_at = ? WHERE call_sid = ?", [bot.iso(ended), sid])
    return sid, customer
