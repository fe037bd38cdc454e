"""Numbered SQL migrations, applied in order at start.

Each file `NNN_name.sql` runs inside one transaction together with its bookkeeping, so a migration
that fails leaves the previous schema (and its version) intact and usable.

Which migrations a database has is recorded in `schema_migrations` (one row per applied file), and
`PRAGMA user_version` holds the highest applied number (what `schema_version()` reports). Why a table
and not only the version: several people add migrations at once, and a file numbered 005 can land
after a database already went to 006. A version number alone would skip it for ever, silently; with
the table it is applied at the next open (with a warning that it came late). Databases from before the
table count every packaged migration up to their `user_version` as applied.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import aiosqlite

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")

_BOOKKEEPING = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


class MigrationError(sqlite3.DatabaseError):
    """A migration failed, or the database is newer than this code; it keeps its previous schema.

    A `sqlite3.DatabaseError`, so every caller that reports a database it cannot use ("cannot open
    ...: <reason>") reports this one the same way instead of a traceback."""


def load_migrations() -> list[Migration]:
    """The packaged migrations, sorted by version; two files with one number are a bug."""
    found: list[Migration] = []
    for entry in resources.files("bot.store.migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migrations share a number: {[m.name for m in found]}")
    return found


async def schema_version(conn: aiosqlite.Connection) -> int:
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def applied_versions(conn: aiosqlite.Connection, known: list[Migration] | None = None) -> set[int]:
    """The migrations this database has. Creates the bookkeeping table on first use, counting every
    known migration up to `user_version` as applied (that is what the version meant before)."""
    async with conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") as cursor:
        exists = await cursor.fetchone() is not None
    if exists:
        async with conn.execute("SELECT version FROM schema_migrations") as cursor:
            return {int(r[0]) for r in await cursor.fetchall()}
    current = await schema_version(conn)
    if current == 0:
        return set()  # a new database: the table is created with the first migration
    known = load_migrations() if known is None else known
    done = {m.version for m in known if m.version <= current}
    await conn.execute("BEGIN IMMEDIATE")
    try:
        await conn.execute(_BOOKKEEPING)
        await conn.executemany(
            "INSERT OR IGNORE INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            [(m.version, m.name, "before schema_migrations") for m in known if m.version in done],
        )
        await conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            await conn.execute("ROLLBACK")
        raise
    return done


async def apply_migrations(conn: aiosqlite.Connection, migrations: list[Migration] | None = None) -> int:
    """Bring the schema up to date; returns the resulting version (the highest applied).

    The connection must be in autocommit mode (isolation_level=None): we issue BEGIN ourselves so the
    DDL, its `schema_migrations` row and the version bump commit or roll back together.
    """
    migrations = load_migrations() if migrations is None else migrations
    current = await schema_version(conn)
    latest = migrations[-1].version if migrations else 0
    if current > latest:
        raise MigrationError(
            f"database schema version {current} is newer than this readout-watch knows ({latest}); upgrade it"
        )
    applied = await applied_versions(conn, migrations)
    for migration in migrations:
        if migration.version in applied:
            continue
        if migration.version < current:
            log.warning("applying migration %s after the database reached schema %d (it was added late)",
                        migration.name, current)
        try:
            await conn.execute("BEGIN IMMEDIATE")
            await conn.execute(_BOOKKEEPING)
            for statement in split_sql(migration.sql):
                await conn.execute(statement)
            await conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
            )
            current = max(current, migration.version)
            await conn.execute(f"PRAGMA user_version = {current:d}")
            await conn.execute("COMMIT")
        except Exception as exc:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise MigrationError(f"migration {migration.name} failed: {' '.join(str(exc).split())}") from exc
        applied.add(migration.version)
    return current


def split_sql(script: str) -> list[str]:
    """Split a migration script into statements (CREATE TRIGGER bodies contain `;`).

    sqlite3.complete_statement knows where a statement ends, triggers included.
    """
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            if statement and statement != ";":
                statements.append(statement)
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
