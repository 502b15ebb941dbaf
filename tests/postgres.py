"""A real PostgreSQL server for the tests: one per test session, a fresh database per test.

The server comes from Debian's `postgresql` package (tests/system.py installs it under CI). It
runs from a temp dir, listening only on a unix socket in that dir, tuned for tests (no fsync).
PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the package's
own `postgres` user. Each test gets a database holding the CRM's schema and nothing else: the
first ones copied from a template that already holds the schema (CREATE DATABASE ... TEMPLATE),
each given back after its test emptied (its connections ended, its rows deleted, its sequences
restarted) for the next test: 22 ms of CPU where a copy and a DROP took 172 ms.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo

import postgres_crm
from tests.system import program

TEMPLATE = "crm_template"


class PostgresServer:
    """initdb + postgres in a temp dir; `database()` hands out fresh CRM databases."""

    def __init__(self) -> None:
        postgres = Path(program("postgresql", "/usr/lib/postgresql/*/bin/postgres"))
        self.dir = Path(tempfile.mkdtemp(prefix="crm-postgres-"))
        data = self.dir / "data"
        as_user: dict[str, Any] = {}
        if os.geteuid() == 0:
            # PostgreSQL will not run as root: run it as Debian's own postgres user (no
            # wrapper process in between, so signals reach the server itself).
            owner = pwd.getpwnam("postgres")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
            as_user = {"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []}
        subprocess.run(
            [str(postgres.parent / "initdb"), "-D", str(data), "-U", "postgres",
             "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
            check=True, capture_output=True, timeout=120, **as_user)
        self.log = (self.dir / "postgres.log").open("wb")
        self.process = subprocess.Popen(
            [str(postgres), "-D", str(data), "-k", str(self.dir),
             "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=300"],
            stdout=self.log, stderr=subprocess.STDOUT, **as_user)
        self.names = itertools.count(1)
        self.made: set[str] = set()  # the databases handed out by database()
        self.free: list[str] = []  # those given back emptied, ready for the next test
        self._wait_until_up()
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        asyncio.run(self._migrate(self.url(TEMPLATE)))
        with psycopg.connect(self.url(TEMPLATE)) as conn:
            # What emptying a database deletes and restarts: every table the tests write (the
            # migrations' own record is the template's, and no test writes it).
            self.tables = [name for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'schema_migrations' ORDER BY tablename")]
            self.sequences = [name for (name,) in conn.execute(
                "SELECT schemaname || '.' || sequencename FROM pg_sequences ORDER BY 1")]

    def url(self, database: str) -> str:
        """The URL of one database on this server (through the socket in the temp dir)."""
        return f"postgresql://postgres@/{database}?host={self.dir}"

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        """A connection for creating and dropping databases."""
        return psycopg.connect(self.url("postgres"), autocommit=True)

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                with self.admin():
                    return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "PostgreSQL did not start: "
                        + (self.dir / "postgres.log").read_text(errors="replace")[-2000:]
                    ) from None
                time.sleep(0.05)

    @staticmethod
    async def _migrate(url: str) -> None:
        crm = postgres_crm.PostgresCRM(url)
        await crm.open()
        await crm.close()

    def database(self) -> str:
        """A database holding the CRM's schema and nothing else; its URL. Give it back with
        `release` when the test is done."""
        if self.free:
            return self.url(self.free.pop())
        name = f"crm_{os.getpid()}_{next(self.names)}"
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        self.made.add(name)
        return self.url(name)

    def release(self, url: str) -> None:
        """Give back a database handed out by `database()`: whoever is still connected is
        cut off (as DROP ... WITH (FORCE) would), then its rows are deleted and its sequences
        restarted, so the next test finds it as the template made it. One that cannot be
        emptied is dropped instead."""
        name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
        if name not in self.made:
            self.drop(url)
            return
        try:
            with psycopg.connect(self.url(name), autocommit=True) as conn:
                # Wait (up to 10 s) for each to end, so that no lock it held is left behind.
                conn.execute("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
                             "WHERE datname = current_database() AND pid <> pg_backend_pid()")
                with conn.transaction():
                    # As the table owner's replica: no foreign key trigger fires, so the order
                    # of the deletes does not matter.
                    conn.execute("SET LOCAL session_replication_role = replica")
                    for table in self.tables:
                        conn.execute(f"DELETE FROM {table}")
                    conn.execute("SELECT " + ", ".join(
                        f"setval('{sequence}', 1, false)" for sequence in self.sequences))
        except psycopg.Error:
            self.made.discard(name)
            self.drop(url)
            return
        self.free.append(name)

    def drop(self, url: str) -> None:
        """Drop a database on this server, whoever is still connected."""
        name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
        with self.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its files."""
        self.process.send_signal(signal.SIGINT)  # fast shutdown: no waiting for clients
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)
