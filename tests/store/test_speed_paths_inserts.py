"""`bot.store.rows.insert_rows` (rows in multi-row INSERTs) against one `executemany` of the one-row
statement: the same rows, in the same order, with the same row ids, for every count of rows around
the statement size; and an import stores exactly what it stored one row at a time."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import bot.store.events as store_events
from bench.generate import write_corpus
from bot.store import documents
from bot.store.rows import ROWS_PER_INSERT, _values_group, insert_rows
from tests.ingest.test_import_pool import _import, _tables

_SQL = "INSERT INTO t (a, b, c) VALUES (?, ?, ?)"


class _Direct:
    """The one call of a connection `insert_rows` makes, on a plain sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.executions = 0

    async def executemany(self, sql: str, rows: Any) -> None:
        rows = list(rows)
        self.executions += len(rows)
        self.conn.executemany(sql, rows)


def _table() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c TEXT)")
    return conn


def _rows(rng: random.Random, n: int) -> list[tuple[Any, ...]]:
    return [(rng.randrange(10**6), rng.choice(["x", "é", "", "w" * 50]), rng.choice([None, "y", "ключ"])) for _ in range(n)]


async def test_the_same_rows_in_the_same_order_for_every_count() -> None:
    rng = random.Random(3)
    per = ROWS_PER_INSERT
    for n in [0, 1, 2, per - 1, per, per + 1, 2 * per, 2 * per + 5, *(rng.randrange(1, 700) for _ in range(20))]:
        rows = _rows(rng, n)
        plain, fast = _table(), _table()
        plain.executemany(_SQL, rows)
        direct = _Direct(fast)
        await insert_rows(direct, _SQL, rows)
        assert fast.execute("SELECT * FROM t ORDER BY id").fetchall() == plain.execute("SELECT * FROM t ORDER BY id").fetchall()
        assert direct.executions == n // per + n % per  # full statements, then the rest one by one


async def test_wide_rows_stay_within_the_parameter_limit() -> None:
    width = 40
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE w ({', '.join(f'c{i}' for i in range(width))})")
    sql = f"INSERT INTO w ({', '.join(f'c{i}' for i in range(width))}) VALUES ({', '.join(['?'] * width)})"
    rows = [tuple(range(i, i + width)) for i in range(100)]
    direct = _Direct(conn)
    await insert_rows(direct, sql, rows)
    assert conn.execute("SELECT * FROM w ORDER BY rowid").fetchall() == rows
    assert direct.executions == 100 // (999 // width) + 100 % (999 // width)


def test_only_one_row_inserts_are_accepted() -> None:
    assert _values_group(_SQL) == ("INSERT INTO t (a, b, c)", "(?, ?, ?)")
    for sql in ["INSERT INTO t (a) SELECT 1", "INSERT INTO t (a) VALUES (?), (?)", "INSERT INTO t (a) VALUES (lower(?))"]:
        with pytest.raises(ValueError):
            _values_group(sql)


@pytest.mark.slow
async def test_an_import_stores_what_it_stored_one_row_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 120, seed=11)
    fast = await _import(tmp_path / "fast.db", corpus, workers=1, batch_size=50)

    async def one_at_a_time(conn: Any, sql: str, rows: Any) -> None:
        await conn.executemany(sql, rows)

    monkeypatch.setattr(documents, "insert_rows", one_at_a_time)
    monkeypatch.setattr(store_events, "insert_rows", one_at_a_time)
    plain = await _import(tmp_path / "plain.db", corpus, workers=1, batch_size=50)
    assert fast.imported == plain.imported > 100
    fast_tables, plain_tables = _tables(tmp_path / "fast.db"), _tables(tmp_path / "plain.db")
    assert fast_tables == plain_tables
    assert len(fast_tables["mentions"]) > ROWS_PER_INSERT and len(fast_tables["findings"]) > 0
    ids = "SELECT id FROM {} ORDER BY id"
    for table in ["sentences", "statements", "quotations", "mentions", "findings"]:  # row ids too
        with sqlite3.connect(tmp_path / "fast.db") as a, sqlite3.connect(tmp_path / "plain.db") as b:
            assert a.execute(ids.format(table)).fetchall() == b.execute(ids.format(table)).fetchall()
