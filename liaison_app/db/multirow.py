"""Multi-row ``INSERT ... VALUES`` statements: one ``sqlite3_step`` per few hundred rows.

``executemany`` steps once per row, and Python's sqlite3 releases the GIL around every step.
A load that runs beside other Python work (the import's planner, on the other thread) then
waits for the GIL once per row, up to the interpreter's switch interval each time; here it
waits once per statement, and SQLite inserts the statement's rows with the GIL released.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

from sqlalchemy import Connection

ROWS_PER_STATEMENT = 2000
MAX_VARIABLES = 32_766  # SQLite's default SQLITE_MAX_VARIABLE_NUMBER (3.32 and later)


def insert_values(conn: Connection, target: str, tuples: Sequence[Sequence[Any]]) -> None:
    """``INSERT INTO target VALUES`` every tuple (all of one width), in multi-row statements
    (the SQL of a full statement is the same each time: prepared once, from the cache)."""
    if not tuples:
        return
    width = len(tuples[0])
    per = max(1, min(ROWS_PER_STATEMENT, MAX_VARIABLES // width))
    one = f"({', '.join('?' * width)})"
    head = f"INSERT INTO {target} VALUES "
    full = head + ", ".join([one] * per)
    for start in range(0, len(tuples), per):
        part = tuples[start : start + per]
        sql = full if len(part) == per else head + ", ".join([one] * len(part))
        conn.exec_driver_sql(sql, tuple(chain.from_iterable(part)))
