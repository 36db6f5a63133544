"""Fast inserts: plain tuples in multi-row ``VALUES`` statements (``multirow``).

SQLAlchemy's per-parameter processing costs more than SQLite's insert itself on large
batches; here values are converted once, in the same storage formats SQLAlchemy's SQLite
dialect uses (so the ORM reads them back unchanged). Search indexing is paused for the batch
and done set-based afterwards (see ``search_index``). New local records get their history
and outbox entries from ``INSERT ... SELECT`` statements over the rows just inserted
(``write_created``): no Python tuple per entry.

Each load is ``prepare``d (Python: converted values, search pairs) and then written
(``write_indexed``, ``write_created``: SQLite, which releases the GIL), so that an import
can do the first on its planning thread and the second on its writer thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, DateTime, Table

from liaison_app.db import outbox, search_index, visit_tally
from liaison_app.db.multirow import insert_values

PAUSE_INDEX_FROM = 50  # rows; below this the triggers are as cheap as the bookkeeping
REBUILD_INDEXES_FROM = 5_000  # rows; a load this large into a smaller table rebuilds them
TEXT_IN_MEMORY = 20_000  # rows; a larger load reads its text back for the search pairs


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


@dataclass
class Load:
    """Rows of one table converted for SQLite (``prepare``), ready to be written on any
    thread: the Python work of a bulk insert done, the SQLite work (``write_*``) to come."""

    table: Table
    target: str  # "table (column, ...)"
    tuples: list[tuple[Any, ...]]
    text: search_index.NewText | None = None  # the search pairs (searchable, bulk size)

    def __len__(self) -> int:
        return len(self.tuples)


def prepare(
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    same: Mapping[str, Any] | None = None,
    entity: str | None = None,
) -> Load:
    """``rows`` (dicts keyed by column name; missing keys are NULL) as a ``Load``.

    ``same``: columns whose value every row shares (a load's time and author), converted
    once and not looked up per row. ``entity``: a searchable one gets its rows' search text
    (``search_index.new_text``) when the load is large enough to pause the index triggers.
    """
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
    text = None
    if entity is not None and PAUSE_INDEX_FROM <= len(rows) <= TEXT_IN_MEMORY:
        text = search_index.new_text(entity, rows)
    return Load(table, f"{table.name} ({', '.join(names)})", tuples, text)


def insert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    same: Mapping[str, Any] | None = None,
) -> None:
    """Insert ``rows`` (as for ``prepare``)."""
    if rows:
        load = prepare(table, rows, same)
        insert_values(conn, load.target, load.tuples)


def last_rowid(conn: Connection, table: Table) -> int:
    """The largest rowid of ``table`` (0 when empty): rows inserted next come after it."""
    return _last_rowid_of(conn, table.name)


def insert_indexed(
    conn: Connection,
    entity: str,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    same: Mapping[str, Any] | None = None,
) -> None:
    """Insert rows of a searchable table (as for ``prepare``), indexed (``write_indexed``)."""
    if rows:
        write_indexed(conn, entity, prepare(table, rows, same, entity))


def write_indexed(conn: Connection, entity: str, load: Load, last: int | None = None) -> None:
    """Insert a load of a searchable table, indexing its rows (and counting visits in the
    visit tallies) set-based when there are many: the per-row insert triggers are paused.

    ``last``: the table's ``last_rowid`` if the caller already has it.
    """
    if len(load) < PAUSE_INDEX_FROM:
        insert_values(conn, load.target, load.tuples)
        return
    if last is None:
        last = last_rowid(conn, load.table)
    conn.exec_driver_sql(search_index.pause_statement())
    insert_values(conn, load.target, load.tuples)
    search_index.index_new_rows(conn, entity, last, load.text)
    if entity == "visit":
        visit_tally.count_new_rows(conn, last)
    conn.exec_driver_sql(search_index.resume_statement())


def write_created(conn: Connection, entity: str, load: Load) -> None:
    """Insert a load of new local records with their history entry (field ``*``, by
    ``updated_by`` at ``created_at``) and their outbox entry, which points at the row (op
    ``insert``, the row's own ``hlc``)."""
    if not load.tuples:
        return
    table = load.table
    last = last_rowid(conn, table)
    write_indexed(conn, entity, load, last)
    conn.exec_driver_sql(
        "INSERT INTO change_log (batch_id, entity, row_id, field, changed_by, changed_at) "
        f"SELECT id, ?, id, '*', updated_by, created_at FROM {table.name} "
        "WHERE rowid > ? ORDER BY rowid",
        (entity, last),
    )
    outbox.queue_inserts(conn, entity, table.name, last)


class LoadIndexes:
    """The secondary indexes of the tables a large load writes, dropped while it runs and
    built again at its end (``rebuild``).

    Inserting into a dozen B-trees row by row (random UUID keys among them) costs more than
    sorting the rows into new ones once a load has written at least as many rows into a
    table as the table held before it (an import into a new database), and at least
    ``REBUILD_INDEXES_FROM``: from then on the table's indexes are dropped, and created
    again from their own DDL in ``sqlite_master``, inside the caller's transaction, so a
    failed load leaves them as they were. A load that stays small changes nothing: the
    count is of rows written, so a ledger imported again that adds three rows keeps them.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._before: dict[str, int] = {}
        self._loaded: dict[str, int] = {}
        self._rebuild: dict[str, list[str]] = {}

    def loading(self, table: Table, rows: int) -> None:
        """``rows`` new records go into ``table`` next (``write_created``): with their
        history and outbox entries."""
        for name in (table.name, "change_log", "outbox"):
            if name not in self._before:
                self._before[name] = _last_rowid_of(self.conn, name)
            loaded = self._loaded[name] = self._loaded.get(name, 0) + rows
            if name not in self._rebuild and loaded >= max(
                REBUILD_INDEXES_FROM, self._before[name]
            ):
                self._rebuild[name] = _drop_indexes(self.conn, name)

    def rebuild(self) -> None:
        """Create the dropped indexes again (once the load is written)."""
        for statements in self._rebuild.values():
            for sql in statements:
                self.conn.exec_driver_sql(sql)
        self._rebuild.clear()


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
