"""The outbox's one rule: a record has at most one unsent entry, and new edits merge into it.

Merging keeps the first base of every field (what the central store last gave us) and the
first ``base_seq``, so fifty edits of one lead push as one operation whose three-way merge
sees the right original. Entries a push has started sending (``in_flight``) are never
merged into: the central store may already have applied them under their id.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from liaison_app.db.models import Outbox, new_id

DERIVED_FIELDS = frozenset({"name_key", "sort_key"})
"""Columns computed from others on each side; they never travel."""


# A version 4 UUID from 16 random bytes, formatted as ``models.new_id`` does. The bytes are
# drawn once per row: the CTE is MATERIALIZED, so ``h`` is not re-evaluated per use.
_NEW_ID_SQL = (
    "substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-' || "
    "substr('89ab', (instr('0123456789abcdef', substr(h, 17, 1)) - 1) % 4 + 1, 1) || "
    "substr(h, 18, 3) || '-' || substr(h, 21, 12)"
)


def queue_inserts(conn: Connection, entity: str, table: str, after_rowid: int) -> None:
    """Queue the insert of every row of ``table`` after ``after_rowid``, in one statement.

    For records just created in this transaction (so none has an entry to merge into). An
    insert pushes the whole row as it is at push time: the entry only points at the row and
    carries its stamp, no values.
    """
    conn.exec_driver_sql(
        "WITH fresh AS MATERIALIZED ("
        f"SELECT lower(hex(randomblob(16))) AS h, id, hlc, created_at, rowid AS r FROM {table} "
        "WHERE rowid > ?) "
        "INSERT INTO outbox (id, entity, row_id, op, base, changes, hlc, created_at, base_seq, "
        f"in_flight, error) SELECT {_NEW_ID_SQL}, ?, id, 'insert', '{{}}', '{{}}', hlc, "
        "created_at, NULL, 0, '' FROM fresh ORDER BY r",
        (int(after_rowid), entity),
    )


def merged_op(first: str, then: str) -> str:
    """The operation of two edits in a row: an insert stays one; the last delete or update."""
    if first == "insert":
        return "insert"
    return "delete" if then == "delete" else "update"


def record_edit(
    session: Session,
    *,
    entity: str,
    row_id: str,
    op: str,
    base: Mapping[str, Any],
    changes: Mapping[str, Any],
    stamp: str,
    base_seq: int | None,
    now: datetime,
    batch_id: str | None = None,
) -> None:
    """Queue an edit of one record (JSON-ready ``base`` and ``changes``)."""
    base = {k: v for k, v in base.items() if k not in DERIVED_FIELDS}
    changes = {k: v for k, v in changes.items() if k not in DERIVED_FIELDS}
    pending = session.scalar(
        select(Outbox).where(
            Outbox.entity == entity,
            Outbox.row_id == row_id,
            Outbox.in_flight.is_(False),
        )
    )
    if pending is None:
        session.add(
            Outbox(
                id=batch_id or new_id(),
                entity=entity,
                row_id=row_id,
                op=op,
                base=dict(base),
                changes=dict(changes),
                hlc=stamp,
                created_at=now,
                base_seq=base_seq,
                in_flight=False,
                error="",
            )
        )
        return
    pending.op = merged_op(pending.op, op)
    pending.base = {**base, **(pending.base or {})}  # the first base of a field wins
    if pending.op != "insert":
        pending.changes = {**(pending.changes or {}), **changes}
    pending.hlc = stamp
    pending.error = ""  # an edit is a new attempt at what the central store refused
