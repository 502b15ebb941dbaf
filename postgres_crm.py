"""The CRM on PostgreSQL: several bot machines, one database (CRM_DB=postgresql://...).

An optional part beside bot.py, as the owner's dashboard is: bot.py imports it only when
CRM_DB names a PostgreSQL database (`bot.postgres_part()`), so a bot on SQLite never loads it
nor its driver (psycopg 3 and its pool: `pip install -r requirements-postgres.txt -c
requirements.lock`). It runs the CRM's methods exactly as bot.py writes them (bot.CRM: one
body of statements each); only what PostgreSQL says differently is here (PostgresDialect),
with how a pooled connection runs a body (PostgresSession). It uses only
bot.CRM_BACKEND_SURFACE, and bot.py names nothing in it but PostgresCRM, url_problem,
reachability and Error.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar
from urllib.parse import urlsplit

import psycopg
import psycopg.conninfo
import psycopg.rows
import psycopg_pool

from bot import (
    CLAIM_ANSWER,
    COUNT_UP,
    CRM,
    FORGET_EXPIRED_COUNTERS,
    POSTGRES_MIGRATIONS,
    Body,
    CallContext,
    CRMUnavailable,
    Dialect,
    Row,
    Statement,
    Steps,
    all_rows,
    changes,
    iso,
    one_row,
    utcnow,
)

log = logging.getLogger("bot")
R = TypeVar("R")
# What bot.py catches from this driver where a command reports a CRM it cannot use.
Error = psycopg.Error


def url_problem(url: str) -> str | None:
    """What is wrong with a postgresql:// URL, if anything (checked without connecting)."""
    try:
        psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return ("is not a PostgreSQL URL libpq understands "
                "(example: CRM_DB=postgresql://bot:secret@db.example.com/receptionist)")
    return None


@functools.cache
def postgres_sql(sql: str) -> str:
    """The CRM's SQL, written with SQLite's ? placeholders, for psycopg: each ? outside a
    quoted literal becomes %s, and every literal % is doubled."""
    return re.sub(
        r"'[^']*'|\?|%",
        lambda m: "%s" if m[0] == "?" else m[0].replace("%", "%%"),
        sql,
    )


def postgres_params(params: Iterable[Any]) -> list[Any]:
    """Parameters as SQLite would store them: a bool is the integer 0 or 1."""
    return [int(p) if isinstance(p, bool) else p for p in params]


# call_context's columns: read by one statement, so one round trip to the server and one
# snapshot (the parts agree). `this` is the call; the parameters are sid, sid, notes.
CONTEXT_COLUMNS = (
    "(SELECT row_to_json(this) FROM this) AS call, "
    "(SELECT row_to_json(c) FROM customers c, this WHERE c.id = this.customer_id) "
    "AS customer, "
    "(SELECT state FROM dialogue WHERE key = ?) AS state, "
    "(SELECT COALESCE(json_agg(t ORDER BY t.id), '[]') FROM turns t "
    "WHERE t.call_sid = ?) AS turns, "
    "(SELECT COALESCE(json_agg(n ORDER BY n.id DESC), '[]') FROM (SELECT notes.* "
    "FROM notes, this WHERE notes.customer_id = this.customer_id "
    "ORDER BY notes.id DESC LIMIT ?) n) AS notes")


def context_of(row: Row | None) -> CallContext | None:
    """A CallContext from a row of CONTEXT_COLUMNS (None when the call is unknown)."""
    if row is None or row["call"] is None:
        return None
    return CallContext(
        call=row["call"],
        customer=row["customer"],
        state=json.loads(row["state"]) if row["state"] else {},
        turns=row["turns"],
        notes=row["notes"] if row["customer"] else [],
    )


class PostgresDialect(Dialect):
    """PostgreSQL's words where the CRM's SQL differs from SQLite's."""

    # Several machines write at once: rows are locked, and sweepers skip each other's.
    for_update = " FOR UPDATE"
    skip_locked = " FOR UPDATE SKIP LOCKED"
    greatest = "GREATEST"
    like = "ILIKE"
    instr = "strpos"
    # Bookings on every machine take turns: a clash check cannot lock rows not yet there.
    bookings_lock = "SELECT pg_advisory_xact_lock(hashtext('receptionist bookings'))"
    # Ids come from a sequence when a row is inserted, but rows become visible when their
    # transaction commits: without this, id 11 could be seen before id 10 was.
    outbox_lock = "SELECT pg_advisory_xact_lock(hashtext('receptionist outbox'))"
    erase_before = erase_after = ()  # (VACUUM reclaims deleted rows' space in its own time)
    tables_sql = ("SELECT table_name AS name FROM information_schema.tables WHERE "
                  "table_schema = current_schema() AND table_type = 'BASE TABLE' "
                  "AND table_name != 'schema_migrations' ORDER BY table_name")

    @staticmethod
    def among(values: Sequence[Any]) -> tuple[str, list[Any]]:
        return "= ANY(?)", [list(values)]

    @staticmethod
    def search(words: str) -> tuple[str, str]:
        # Every word, as SQLite's FTS5 query asks (the turns_search index serves it).
        return ("calls.sid IN (SELECT call_sid FROM turns WHERE "
                "to_tsvector('simple', text) @@ plainto_tsquery('simple', ?))", words)

    @staticmethod
    def ids_go_on(table: str) -> str | None:
        return (f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))")

    def context(self, sid: str, notes: int = 5) -> Body[CallContext | None]:
        return context_of((yield one_row(
            f"WITH this AS (SELECT * FROM calls WHERE sid = ?) SELECT {CONTEXT_COLUMNS}",
            [sid, sid, sid, notes])))

    def claim(
        self, key: str, call_sid: str | None, now: str, context: bool,
    ) -> Body[tuple[int | None, CallContext | None]]:
        # The INSERT and the context's read are one statement: one exchange with the server.
        context = context and bool(call_sid)
        row = yield one_row(
            f"WITH claimed AS ({CLAIM_ANSWER})"
            + (", this AS (SELECT * FROM calls WHERE sid = ?)" if context else "")
            + " SELECT (SELECT id FROM claimed) AS claimed"
            + (f", {CONTEXT_COLUMNS}" if context else ""),
            [key, call_sid, now] + ([call_sid] * 3 + [5] if context else []))
        return row["claimed"], context_of(row) if context else None

    def count(self, key: str, expires: str) -> Body[int]:
        # One statement, one round trip: the row lock of the upsert makes concurrent counts
        # on any machine add up.
        row = yield one_row(f"WITH gone AS ({FORGET_EXPIRED_COUNTERS}) {COUNT_UP}",
                            [iso(utcnow()), key, key, expires])
        return int(row["count"])


class PostgresSession:
    """One pooled connection running a method's body: its statements, and the transaction
    the body asks for (pipelined if it says so: sent at once, one round trip)."""

    def __init__(self, conn: psycopg.AsyncConnection[Row]) -> None:
        self.conn = conn
        self.began = False  # whether the body began a transaction of its own

    async def drive(self, body: Body[R]) -> R:
        async with contextlib.AsyncExitStack() as transaction:
            steps = Steps(body)
            try:
                for statement in steps:
                    steps.answer = await self.run(statement, transaction)
                return steps.result
            finally:
                body.close()

    async def run(self, statement: Statement, transaction: contextlib.AsyncExitStack) -> Any:
        """Run one statement; what the body wants back."""
        if statement.want == "begin":
            if self.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
                if statement.pipelined:
                    await transaction.enter_async_context(self.conn.pipeline())
                await transaction.enter_async_context(self.conn.transaction())
                self.began = True
            return None
        if statement.want == "commit":
            await transaction.aclose()
            return None
        if statement.want == "script":  # DDL, several statements, no parameters
            await self.conn.execute(statement.sql.encode())
            return None
        if statement.want == "many":
            async with self.conn.cursor() as cursor:
                await cursor.executemany(postgres_sql(statement.sql),
                                         [postgres_params(row) for row in statement.params])
            return None
        cursor = await self.conn.execute(postgres_sql(statement.sql),
                                         postgres_params(statement.params))
        if statement.want == "changed":
            return cursor.rowcount
        if statement.want == "one":
            return await cursor.fetchone() if cursor.description else None
        return await cursor.fetchall() if cursor.description else []


class PostgresCRM(CRM):
    """The CRM in a PostgreSQL database, shared by any number of bot machines. The same
    schema, methods and meaning as SQLiteCRM; an async driver (psycopg 3) and a connection
    pool, so nothing waits on the database but the request that needs it. Whatever must
    happen once (a summary, a booking, a text) is claimed in the database, never in one
    machine's memory."""

    CONNECT_SECONDS = 5.0  # how long a request waits for a pooled connection
    dialect = PostgresDialect()

    def __init__(self, url: str, min_size: int = 1, max_size: int = 10) -> None:
        self.url = url
        self.pool: psycopg_pool.AsyncConnectionPool[psycopg.AsyncConnection[Row]]
        self.pool = psycopg_pool.AsyncConnectionPool(
            url, min_size=min_size, max_size=max_size, open=False, timeout=self.CONNECT_SECONDS,
            kwargs={"autocommit": True, "row_factory": psycopg.rows.dict_row},
            name="crm",
        )
        self._opening = asyncio.Lock()
        self._ready = False

    async def open(self) -> None:
        """Open the pool and apply pending migrations (once; again after a failure)."""
        async with self._opening:
            if self._ready:
                return
            if self.pool.closed:
                await self.pool.open(wait=False)
            async with self.pool.connection() as conn, conn.transaction():
                await PostgresSession(conn).drive(self._migrate())
            self._ready = True

    @staticmethod
    def _migrate() -> Body[None]:
        """Apply the migrations this database lacks, in one transaction, one machine at a time
        (the others wait on the advisory lock, then find nothing left to do)."""
        yield one_row("SELECT pg_advisory_xact_lock(hashtext('receptionist migrations'))")
        yield changes("CREATE TABLE IF NOT EXISTS schema_migrations "
                      "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied = {r["name"] for r in (yield all_rows("SELECT name FROM schema_migrations"))}
        for name, sql in POSTGRES_MIGRATIONS.items():
            if name not in applied:
                yield Statement("script", sql)
                yield changes("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                              [name, iso(utcnow())])

    async def run(self, kind: str, body: Body[R], write: bool, atomic: bool) -> R:
        """Run a body on one pooled connection (inside one transaction if `atomic`). A
        database that cannot be reached, or a connection lost on the way, raises
        CRMUnavailable."""
        session: PostgresSession | None = None
        try:
            if not self._ready:
                await self.open()
            async with self.pool.connection() as conn:
                session = PostgresSession(conn)
                if atomic:
                    async with conn.transaction():
                        result = await session.drive(body)
                else:
                    result = await session.drive(body)
        except psycopg.OperationalError as error:  # unreachable, pool timeout, server gone
            # A write that failed inside its transaction (the disk full) is cleared only by
            # a write that succeeds; a lost connection by any query that gets through.
            reason = str(error).strip() or type(error).__name__
            in_transaction = atomic or (session is not None and session.began)
            self.write_failed("write" if in_transaction and self._ready else "connection",
                              reason)
            raise CRMUnavailable(reason) from error
        self.write_succeeded("connection")
        if atomic or session.began:
            self.write_succeeded("write")
        return result

    async def ping(self) -> bool:
        try:
            return await super().ping()
        except (CRMUnavailable, psycopg.Error, OSError, TimeoutError) as error:
            log.warning("the CRM's PostgreSQL does not answer: %s", error)
            return False

    async def close(self) -> None:
        await self.pool.close()


async def reachability(url: str) -> str:
    """Whether the database answers, for `check`: 'yes', or 'NO: why' (never the password).
    It only looks: nothing is migrated."""
    try:
        async with await psycopg.AsyncConnection.connect(
                url, connect_timeout=int(PostgresCRM.CONNECT_SECONDS)) as conn:
            await conn.execute("SELECT 1")
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if password := urlsplit(url).password:
            reason = reason.replace(password, "***")
        return f"NO: {reason}"
    return "yes"
