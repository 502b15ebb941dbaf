"""Reading the bot's CRM (``crm.sqlite``) without ever writing to it.

The schema still evolves, so every query selects whole rows and tolerates a missing file, table
or column: the harness shows what is there and an empty list for what is not.
"""

from __future__ import annotations

import sqlite3
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Row = dict[str, Any]


def business_zone(profile: Path | None) -> ZoneInfo | None:
    """The time zone a business profile names (its ``timezone``), or None when the profile
    or its zone cannot be read (the bot itself says why; the harness then shows UTC)."""
    if profile is None:
        return None
    try:
        name = tomllib.loads(profile.read_text(encoding="utf-8")).get("timezone")
        return ZoneInfo(name) if isinstance(name, str) and name else None
    except (OSError, ValueError, ZoneInfoNotFoundError, tomllib.TOMLDecodeError):
        return None


def local_stamp(value: object, zone: tzinfo | None, *, seconds: bool = False) -> str:
    """A CRM timestamp (ISO 8601, stored in UTC) in the business's local time, for people:
    ``2026-11-24 21:30``, or with seconds and the zone's abbreviation. Anything that is not a
    timestamp is shown as it is."""
    text = str(value or "")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(zone or UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M")


class CrmReader:
    """Read-only queries over the CRM file the bot writes."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection | None]:
        if not self.path.is_file():
            yield None
            return
        try:
            # mode=ro: the harness must never change the CRM, even by accident.
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=2.0)
        except sqlite3.Error:
            yield None
            return
        conn.row_factory = sqlite3.Row
        try:
            yield conn
        finally:
            conn.close()

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Row]:
        """Rows as dicts; no rows when the file, a table or a column is not there (yet)."""
        with self._connect() as conn:
            if conn is None:
                return []
            try:
                return [dict(row) for row in conn.execute(sql, params)]
            except sqlite3.Error:
                return []

    def customers(self) -> list[Row]:
        """Every customer, the most recently seen first."""
        return self.query("SELECT * FROM customers ORDER BY rowid DESC")

    def customer_by_phone(self, phone: str) -> Row | None:
        """The customer with this number, if the CRM knows them."""
        rows = self.query("SELECT * FROM customers WHERE phone = ?", (phone,))
        return rows[0] if rows else None

    def calls(self, limit: int = 100) -> list[Row]:
        """The latest calls, newest first, with the caller's phone and name when known."""
        rows = self.query(
            "SELECT calls.*, customers.phone AS phone, customers.name AS name FROM calls "
            "LEFT JOIN customers ON customers.id = calls.customer_id "
            "ORDER BY calls.rowid DESC LIMIT ?",
            (limit,),
        )
        return rows or self.query("SELECT * FROM calls ORDER BY rowid DESC LIMIT ?", (limit,))

    def call(self, sid: str) -> Row | None:
        """One call by CallSid."""
        rows = self.query("SELECT * FROM calls WHERE sid = ?", (sid,))
        return rows[0] if rows else None

    def turns(self, call_sid: str) -> list[Row]:
        """A call's transcript, oldest first."""
        return self.query("SELECT * FROM turns WHERE call_sid = ? ORDER BY rowid", (call_sid,))

    def notes(self, customer_id: int | None = None) -> list[Row]:
        """Notes, oldest first: one customer's, or everyone's."""
        if customer_id is None:
            return self.query("SELECT * FROM notes ORDER BY rowid")
        return self.query(
            "SELECT * FROM notes WHERE customer_id = ? ORDER BY rowid", (customer_id,)
        )

    def notes_for_call(self, call_sid: str) -> list[Row]:
        """The notes written during or after one call."""
        return self.query("SELECT * FROM notes WHERE call_sid = ? ORDER BY rowid", (call_sid,))

    def sms(self, customer_id: int) -> list[Row]:
        """One customer's texts, oldest first."""
        return self.query("SELECT * FROM sms WHERE customer_id = ? ORDER BY rowid", (customer_id,))

    def outbox(self) -> list[Row]:
        """Texts and calls the bot sent or kept for sending (owner alerts), oldest first."""
        return self.query("SELECT * FROM outbox ORDER BY rowid")

    def appointments(self, customer_id: int | None = None) -> list[Row]:
        """Appointments, oldest first."""
        if customer_id is None:
            return self.query("SELECT * FROM appointments ORDER BY rowid")
        return self.query(
            "SELECT * FROM appointments WHERE customer_id = ? ORDER BY rowid", (customer_id,)
        )
