"""Fast inserts: one DB-API ``executemany`` of plain tuples per table.

SQLAlchemy's per-parameter processing costs more than SQLite's insert itself on large
batches; here values are converted once, in the same storage formats SQLAlchemy's SQLite
dialect uses (so the ORM reads them back unchanged). Search indexing is paused for the batch
and done set-based afterwards (see ``search_index``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, DateTime, Table, text

from liaison_app.db import search_index

PAUSE_INDEX_FROM = 50  # rows; below this the triggers are as cheap as the bookkeeping


def _datetime(value: datetime | None) -> str | None:
    # isoformat is several times faster than strftime and gives the same text here.
    return None if value is None else value.isoformat(" ", "microseconds")


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _json_default(value: Any) -> str:
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


_encode = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode


def json_text(value: Any) -> str | None:
    """JSON text as SQLAlchemy's JSON type stores it; dates become ISO text."""
    return None if value is None else _encode(value)


def _bool(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def _converter(column_type: Any) -> Callable[[Any], Any] | None:
    if isinstance(column_type, DateTime):
        return _datetime
    if isinstance(column_type, Date):
        return _date
    if isinstance(column_type, JSON):
        return json_text
    if isinstance(column_type, Boolean):
        return _bool
    return None


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts keyed by column name; missing keys are NULL)."""
    if not rows:
        return
    names = [c.name for c in table.columns]
    converted = [(i, conv) for i, c in enumerate(table.columns) if (conv := _converter(c.type))]
    tuples = []
    for row in rows:
        values = [row.get(name) for name in names]
        for i, conv in converted:
            values[i] = conv(values[i])
        tuples.append(tuple(values))
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    conn.exec_driver_sql(sql, tuples)


def insert_indexed(
    conn: Connection, entity: str, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Insert rows of a searchable table, indexing them set-based when there are many."""
    if len(rows) < PAUSE_INDEX_FROM:
        insert_rows(conn, table, rows)
        return
    last = conn.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {table.name}")).scalar_one()
    conn.exec_driver_sql(search_index.pause_statement())
    insert_rows(conn, table, rows)
    search_index.index_new_rows(conn, entity, last)
    conn.exec_driver_sql(search_index.resume_statement())
