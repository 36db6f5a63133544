"""Fast inserts: one DB-API ``executemany`` of plain tuples per table.

SQLAlchemy's per-parameter processing costs more than SQLite's insert itself on large
batches; here values are converted once, in the same storage formats SQLAlchemy's SQLite
dialect uses (so the ORM reads them back unchanged). Search indexing is paused for the batch
and done set-based afterwards (see ``search_index``). New local records get their history
and outbox entries from ``INSERT ... SELECT`` statements over the rows just inserted
(``insert_created``): no Python tuple per entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, DateTime, Table

from liaison_app.db import outbox, search_index, visit_tally

PAUSE_INDEX_FROM = 50  # rows; below this the triggers are as cheap as the bookkeeping
REBUILD_INDEXES_FROM = 20_000  # rows; a load this large into a smaller table rebuilds them


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


def insert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    same: Mapping[str, Any] | None = None,
) -> None:
    """Insert ``rows`` (dicts keyed by column name; missing keys are NULL).

    ``same``: columns whose value every row shares (a load's time and author), converted
    once and not looked up per row.
    """
    if not rows:
        return
    same = same or {}
    columns = [c for c in table.columns if c.name not in same]
    names = [c.name for c in columns]
    converted = [(i, conv) for i, c in enumerate(columns) if (conv := _converter(c.type))]
    shared = tuple(
        conv(value) if (conv := _converter(table.columns[name].type)) else value
        for name, value in same.items()
    )
    tuples = []
    for row in rows:
        values = [row.get(name) for name in names]
        for i, conv in converted:
            values[i] = conv(values[i])
        tuples.append((*values, *shared))
    names += same
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    conn.exec_driver_sql(sql, tuples)


def last_rowid(conn: Connection, table: Table) -> int:
    """The largest rowid of ``table`` (0 when empty): rows inserted next come after it."""
    return _last_rowid_of(conn, table.name)


def insert_indexed(
    conn: Connection,
    entity: str,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    last: int | None = None,
    same: Mapping[str, Any] | None = None,
) -> None:
    """Insert rows of a searchable table, indexing them (and counting visits in the visit
    tallies) set-based when there are many: the per-row insert triggers are paused.

    ``last``: the table's ``last_rowid`` if the caller already has it; ``same`` as for
    ``insert_rows``.
    """
    if len(rows) < PAUSE_INDEX_FROM:
        insert_rows(conn, table, rows, same)
        return
    if last is None:
        last = last_rowid(conn, table)
    conn.exec_driver_sql(search_index.pause_statement())
    insert_rows(conn, table, rows, same)
    search_index.index_new_rows(conn, entity, last)
    if entity == "visit":
        visit_tally.count_new_rows(conn, last)
    conn.exec_driver_sql(search_index.resume_statement())


def insert_created(
    conn: Connection,
    entity: str,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    same: Mapping[str, Any] | None = None,
) -> None:
    """Insert new local records (``rows`` and ``same`` as for ``insert_rows``, sync columns
    filled) with their history entry (field ``*``, by ``updated_by`` at ``created_at``) and
    their outbox entry, which points at the row (op ``insert``, the row's own ``hlc``)."""
    if not rows:
        return
    last = last_rowid(conn, table)
    insert_indexed(conn, entity, table, rows, last, same)
    conn.exec_driver_sql(
        "INSERT INTO change_log (batch_id, entity, row_id, field, changed_by, changed_at) "
        f"SELECT id, ?, id, '*', updated_by, created_at FROM {table.name} "
        "WHERE rowid > ? ORDER BY rowid",
        (entity, last),
    )
    outbox.queue_inserts(conn, entity, table.name, last)


@contextmanager
def deferred_indexes(conn: Connection, table: Table, incoming: int) -> Iterator[None]:
    """Load ``incoming`` new records into ``table`` (``insert_created``), their secondary
    indexes and those of the history and the outbox built afterwards.

    Inserting into a dozen B-trees row by row (random UUID keys among them) costs more than
    sorting the rows into new ones, when the load is large and at least as large as what
    a table holds (an import into a new database): the indexes are dropped and created
    again from their own DDL in ``sqlite_master``, inside the caller's transaction, so a
    failed load leaves them as they were. Smaller loads change nothing.
    """
    rebuilt: list[str] = []
    if incoming >= REBUILD_INDEXES_FROM:
        for name in (table.name, "change_log", "outbox"):
            if incoming >= _last_rowid_of(conn, name):
                rebuilt += _drop_indexes(conn, name)
    yield
    for sql in rebuilt:
        conn.exec_driver_sql(sql)


def _last_rowid_of(conn: Connection, table: str) -> int:
    return int(conn.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {table}").scalar_one())


def _drop_indexes(conn: Connection, table: str) -> list[str]:
    """Drop the secondary indexes of ``table``; returns the DDL that makes them again."""
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL",
        (table,),
    ).all()
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _, sql in indexes]
