"""Engine setup for the local SQLite file: WAL, foreign keys, a busy timeout.

pysqlite's own transaction handling is switched off so that we emit BEGIN ourselves: reads
use a deferred BEGIN, writes ``BEGIN IMMEDIATE`` (via ``Store.write``), which takes the write
lock up front and so waits on the busy timeout instead of failing half-way through a save.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 64 * 1024


def _pragmas(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")  # a saved record survives a power cut
        # The default 2 MB page cache thrashes once the file outgrows it (random UUID keys);
        # 64 MB keeps the indexes of a few hundred thousand records in memory.
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()

    return on_connect


def _on_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(
    path: Path, *, echo: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Engine:
    """An engine on ``path``; pooled connections may move between threads, one at a time."""
    engine = create_engine(
        f"sqlite:///{path}",
        echo=echo,
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _pragmas(busy_timeout_ms))
    event.listen(engine, "begin", _on_begin)
    return engine
