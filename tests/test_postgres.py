"""The CRM on PostgreSQL: choosing it, seeing it, and the same schema as SQLite's.

Everything else the CRM promises is tested on both backends by the rest of the suite, through
the parametrized `crm_url` fixture in conftest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import run_bot

import bot
import postgres_crm
from tests.postgres import PostgresServer

pytestmark = pytest.mark.both_backends  # the PostgreSQL backend beside SQLite


async def test_a_postgresql_url_selects_the_postgres_crm(tmp_path: Path) -> None:
    url = "postgresql://bot:hunter2@db.example.com:5433/receptionist?sslmode=require"
    config = bot.load_config({"CRM_DB": url})
    assert (config.crm_url, bot.crm_backend(config)) == (url, "postgresql")
    crm = await bot.open_crm(config)
    assert isinstance(crm, postgres_crm.PostgresCRM)
    await crm.close()
    assert bot.crm_description(config) == (
        "PostgreSQL postgresql://bot:***@db.example.com:5433/receptionist?sslmode=require")
    sqlite = bot.load_config({"CRM_DB": str(tmp_path / "crm.sqlite")})
    assert (sqlite.crm_url, sqlite.crm_db, bot.crm_backend(sqlite)) == (
        None, tmp_path / "crm.sqlite", "sqlite")


def test_a_url_libpq_cannot_read_is_one_line_without_the_password() -> None:
    with pytest.raises(bot.ConfigError) as error:
        bot.load_config({"CRM_DB": "postgresql://bot:hunter2@db/x?nonsense=1"})
    assert error.value.problems == [
        "CRM_DB='postgresql://bot:***@db/x?nonsense=1': is not a PostgreSQL URL libpq "
        "understands (example: CRM_DB=postgresql://bot:secret@db.example.com/receptionist)"]


def test_check_says_whether_postgresql_answers_never_showing_the_password(
    postgres_server: PostgresServer,
) -> None:
    url = postgres_server.database().replace("postgres@", "postgres:hunter2@")
    try:
        result = run_bot("check", CRM_DB=url)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert f"crm              PostgreSQL {url.replace('hunter2', '***')}" in lines
        assert "crm reachable    yes" in lines
        assert "hunter2" not in result.stdout + result.stderr
    finally:
        postgres_server.release(url)

    nowhere = "postgresql://bot:hunter2@127.0.0.1:1/receptionist?connect_timeout=2"
    result = run_bot("check", CRM_DB=nowhere)
    assert result.returncode == 0, result.stderr
    reachable = [line for line in result.stdout.splitlines() if line.startswith("crm reachable")]
    assert len(reachable) == 1 and reachable[0].startswith("crm reachable    NO: "), reachable
    assert "hunter2" not in result.stdout + result.stderr


async def test_health_says_unavailable_when_postgresql_does_not_answer(make_bot) -> None:  # type: ignore[no-untyped-def]
    async with make_bot(crm_url="postgresql://bot:pw@127.0.0.1:1/x?connect_timeout=1") as running:
        response = await running.client.get("/health")
        assert response.status_code == 503
        assert await response.get_json() == {
            "status": "degraded", "database": "unavailable", "spooled": 0, "backend": "postgresql",
            "mode": "offline", "version": bot.__version__}


def test_both_backends_have_the_same_migrations() -> None:
    assert list(bot.POSTGRES_MIGRATIONS) == bot.migration_names()


async def test_both_backends_have_the_same_tables_and_columns(
    postgres_server: PostgresServer, tmp_path: Path,
) -> None:
    sqlite = bot.SQLiteCRM(tmp_path / "crm.sqlite")
    postgres = postgres_crm.PostgresCRM(postgres_server.database())
    try:
        tables = [r["name"] for r in await sqlite.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' "
            "ESCAPE '\\' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'turns_fts%' "
            "ORDER BY name")]  # (FTS5's tables: PostgreSQL searches with an index instead)
        sqlite_columns = {t: [r["name"] for r in await sqlite.rows(f"PRAGMA table_info({t})")]
                          for t in tables}
        postgres_columns: dict[str, list[str]] = {}
        for row in await postgres.rows(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name != 'schema_migrations' "
                "ORDER BY table_name, ordinal_position"):
            postgres_columns.setdefault(row["table_name"], []).append(row["column_name"])
        assert postgres_columns == sqlite_columns
        assert "appointments" in tables and "customers" in tables
    finally:
        await sqlite.close()
        await postgres.close()


def test_postgresqls_crm_is_a_part_beside_bot_py_on_its_surface() -> None:
    """Issue 19: the PostgreSQL backend is postgres_crm.py beside bot.py, imported only when
    configured (bot.postgres_part, never at bot.py's top: no import circle), and it takes
    only bot.CRM_BACKEND_SURFACE from bot.py, nothing private."""
    import ast

    used: set[str] = set()
    for node in ast.walk(ast.parse((bot.HERE / "postgres_crm.py").read_text())):
        if isinstance(node, ast.ImportFrom) and node.module == "bot":
            used |= {alias.name for alias in node.names}
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "bot":
            used.add(node.attr)
    assert used == bot.CRM_BACKEND_SURFACE
    assert all(hasattr(bot, name) for name in bot.CRM_BACKEND_SURFACE)
    top = ast.parse((bot.HERE / "bot.py").read_text()).body
    imported = {alias.name for node in top if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in node.names} | {
        node.module for node in top if isinstance(node, ast.ImportFrom)}
    assert not {"postgres_crm", "psycopg", "psycopg_pool", "dashboard"} & imported


async def test_an_alert_whose_transaction_commits_late_is_still_news(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PostgreSQL hands out ids when rows are inserted but shows them when their transaction
    commits: a worker that queued alert 10 and is still in its transaction, and another that
    queued alert 11 and committed, must not let the dashboard's check see 11, move past it and
    never see 10. Outbox rows take turns (a lock held to the end of each transaction)."""
    import asyncio

    owner = "+13125550100"
    inserted, release = asyncio.Event(), asyncio.Event()
    held: list[bool] = []

    class FirstInsertWaits(postgres_crm.PostgresSession):
        """The first worker's session: after its outbox row, its transaction stays open
        until the test lets it end (a worker still writing the rest of a call)."""

        async def run(self, statement, transaction):  # type: ignore[no-untyped-def]
            answer = await super().run(statement, transaction)
            if statement.sql == bot.Outgoing.OUTBOX_SQL and not held:
                held.append(True)
                inserted.set()
                await release.wait()
            return answer

    monkeypatch.setattr(postgres_crm, "PostgresSession", FirstInsertWaits)
    url = postgres_server.database()
    first, second, dashboard = (postgres_crm.PostgresCRM(url) for _ in range(3))
    try:
        seen, _ = await dashboard.alerts_after(None, "sms", owner)
        slow = asyncio.create_task(first.add_outbox("sms", owner, "first", status="offline"))
        await asyncio.wait_for(inserted.wait(), 10)
        quick = asyncio.create_task(second.add_outbox("sms", owner, "second", status="offline"))
        await asyncio.sleep(0.5)  # the second worker's commit, were it not made to wait
        latest, answer = await dashboard.alerts_after(seen, "sms", owner)
        release.set()
        await asyncio.wait_for(asyncio.gather(slow, quick), 10)
        _, next_answer = await dashboard.alerts_after(latest, "sms", owner)
        assert [row["body"] for row in answer + next_answer] == ["first", "second"]
    finally:
        release.set()
        for crm in (first, second, dashboard):
            await crm.close()
