"""Many rows into one table with few statement executions (`insert_rows`), and many keys into
`IN (...)` lists SQLite accepts (`in_chunks`).

Kept apart from `bot.store.sqlite`: `bot.store.documents` uses it, and the import's pool workers
load that module (for `AnalysisRows`) without the store's aiosqlite and asyncio.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any, TypeVar

_V = TypeVar("_V")

# Rows one multi-row INSERT holds at most (`insert_rows`), and the parameters it may use: 999 was
# SQLite's limit before 3.32, so the statements stay valid on any SQLite this runs on.
ROWS_PER_INSERT = 64
MAX_PARAMETERS = 999


def in_chunks(values: Sequence[_V], size: int = 500) -> list[Sequence[_V]]:
    """Slices small enough for one `IN (...)` list each (SQLite's parameter limit)."""
    return [values[i: i + size] for i in range(0, len(values), size)]


async def insert_rows(conn: Any, sql: str, rows: Sequence[Any]) -> None:
    """`conn.executemany(sql, rows)` for a one-row `INSERT ... VALUES (?, ...)`, run as INSERTs of
    up to ROWS_PER_INSERT rows each (`VALUES (...), (...), ...`), in the same order.

    Why: every execution of a statement costs SQLite a statement journal opened and closed (the
    tables have foreign keys and triggers), a step, a reset, and Python's sqlite3 a release and
    re-acquire of the GIL; an import stores ~75 rows a document. Measured (callgrind, the 56,943
    mention rows of a 2,000-document import): 1.02 G instructions one row at a time, 0.69 G in
    statements of 64 rows (128: the same; 32: 0.72 G). The rows, their order and their row ids are the same
    (tests/store/test_speed_paths_inserts.py); a failing row fails the batch's transaction either way."""
    head, values = _values_group(sql)
    width = values.count("?")
    per = max(1, min(ROWS_PER_INSERT, MAX_PARAMETERS // max(1, width)))
    cut = len(rows) - len(rows) % per if per > 1 else 0
    if cut:
        flat = chain.from_iterable
        await conn.executemany(f"{head} VALUES {', '.join([values] * per)}",
                               [tuple(flat(rows[i: i + per])) for i in range(0, cut, per)])
    if cut < len(rows):
        await conn.executemany(sql, rows[cut:])


def _values_group(sql: str) -> tuple[str, str]:
    """("INSERT INTO t (a, b)", "(?, ?)") of "INSERT INTO t (a, b) VALUES (?, ?)"."""
    head, found, values = sql.rpartition(" VALUES ")
    values = values.strip()
    if not found or not (values.startswith("(") and values.endswith(")")) or values.count("(") != 1:
        raise ValueError(f"not a one-row INSERT ... VALUES (...): {sql!r}")
    return head, values
