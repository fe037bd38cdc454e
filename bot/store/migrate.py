"""Numbered SQL migrations, applied in order at start; `PRAGMA user_version` is the schema version.

Each file `NNN_name.sql` runs inside one transaction together with the version bump, so a migration
that fails leaves the previous schema (and its version) intact and usable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import aiosqlite

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


class MigrationError(RuntimeError):
    """A migration failed; the database keeps its previous schema version."""


def load_migrations() -> list[Migration]:
    """The packaged migrations, sorted by version; numbering gaps or duplicates are a bug."""
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


async def apply_migrations(conn: aiosqlite.Connection, migrations: list[Migration] | None = None) -> int:
    """Bring the schema up to date; returns the resulting version.

    The connection must be in autocommit mode (isolation_level=None): we issue BEGIN ourselves so the
    DDL and the version bump commit or roll back together.
    """
    migrations = load_migrations() if migrations is None else migrations
    current = await schema_version(conn)
    latest = migrations[-1].version if migrations else 0
    if current > latest:
        raise MigrationError(
            f"database schema version {current} is newer than this readout-watch knows ({latest}); upgrade it"
        )
    for migration in migrations:
        if migration.version <= current:
            continue
        try:
            await conn.execute("BEGIN IMMEDIATE")
            for statement in split_sql(migration.sql):
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {migration.version:d}")
            await conn.execute("COMMIT")
        except Exception as exc:
            await conn.execute("ROLLBACK")
            raise MigrationError(f"migration {migration.name} failed: {exc}") from exc
        current = migration.version
    return current


def split_sql(script: str) -> list[str]:
    """Split a migration script into statements (CREATE TRIGGER bodies contain `;`).

    sqlite3.complete_statement knows where a statement ends, triggers included.
    """
    import sqlite3

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
