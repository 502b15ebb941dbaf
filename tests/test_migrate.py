"""`python bot.py migrate-crm --to ...`: a shop moves its CRM to PostgreSQL (and back) without
losing anything, checked by counts."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from test_cli import run_bot

import bot
import postgres_crm
from tests.postgres import PostgresServer


async def everything_in(crm: bot.CRM) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, in id (or key) order."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in await crm.tables():
        rows = await crm.rows(f"SELECT * FROM {table}")
        key = "id" if rows and "id" in rows[0] else next(iter(rows[0])) if rows else ""
        tables[table] = sorted(rows, key=lambda r: r[key]) if key else rows
    return tables


@pytest.fixture(scope="module")
def scenario_crm(tmp_path_factory: pytest.TempPathFactory, shipped_play: dict[str, Any]) -> Path:
    """A CRM made by playing every shipped scenario against the real bot.py, offline (the
    session's one play of them, shared with test_harness_scenarios): a copy of its own."""
    copy = tmp_path_factory.mktemp("scenarios") / "crm.sqlite"
    with sqlite3.connect(shipped_play["crm"]) as played, sqlite3.connect(copy) as kept:
        played.backup(kept)
    return copy


async def test_migrate_crm_round_trips_the_scenarios_crm_with_nothing_lost(
    scenario_crm: Path, postgres_server: PostgresServer, tmp_path: Path,
) -> None:
    url = postgres_server.url("crm_migrated")
    with postgres_server.admin() as conn:
        conn.execute("CREATE DATABASE crm_migrated")  # empty: migrate-crm creates the schema
    try:
        there = run_bot("migrate-crm", "--to", url, CRM_DB=str(scenario_crm))
        assert (there.returncode, there.stderr) == (0, "")
        back_file = tmp_path / "back.sqlite"
        back = run_bot("migrate-crm", "--to", str(back_file), CRM_DB=url)
        assert (back.returncode, back.stderr) == (0, "")

        original = await bot.SQLiteCRM.open(scenario_crm)
        migrated = postgres_crm.PostgresCRM(url)
        returned = await bot.SQLiteCRM.open(back_file)
        try:
            before = await everything_in(original)
            assert sum(len(rows) for rows in before.values()) > 50  # the scenarios made a CRM
            assert all(before[t] for t in ("customers", "calls", "turns", "notes", "sms"))
            assert await everything_in(migrated) == before
            assert await everything_in(returned) == before
            counts = ", ".join(f"{len(before[t])} {t}" for t in sorted(
                before, key=lambda t: (t != "customers", t != "calls", t)))
            assert there.stdout == (
                f"Copied SQLite {scenario_crm} into PostgreSQL {bot.mask_url(url)}: {counts}. "
                "Every table's count matches.\n")
            # Both go on working: new ids follow the copied ones, and the search finds words.
            customer = await migrated.customer_for("+16175559876")  # a new number
            assert customer["id"] == max(r["id"] for r in before["customers"]) + 1
            word = before["turns"][1]["text"].split()[0]
            assert await migrated.find_calls(words=word) != []
            assert await returned.find_calls(words=word) != []
        finally:
            await original.close()
            await migrated.close()
            await returned.close()

        again = run_bot("migrate-crm", "--to", url, CRM_DB=str(scenario_crm))
        assert (again.returncode, again.stderr) == (1, (
            "bot.py: migrate-crm: the target already holds data (table answers): "
            "migrate-crm only copies into an empty CRM\n"))
    finally:
        postgres_server.drop(url)


def test_migrate_crm_refuses_the_crm_in_use_and_says_so_in_one_line(tmp_path: Path) -> None:
    crm = str(tmp_path / "crm.sqlite")
    same = run_bot("migrate-crm", "--to", crm, CRM_DB=crm)
    assert (same.returncode, same.stderr) == (
        2, "bot.py: --to names the CRM in use (CRM_DB): give another one\n")
    nowhere = run_bot("migrate-crm", "--to", "postgresql://bot:hunter2@127.0.0.1:1/x"
                      "?connect_timeout=1", CRM_DB=crm)
    assert nowhere.returncode == 1
    assert nowhere.stderr.startswith("bot.py: migrate-crm: ") and "hunter2" not in nowhere.stderr
    assert len(nowhere.stderr.splitlines()) == 1 and "Traceback" not in nowhere.stderr
