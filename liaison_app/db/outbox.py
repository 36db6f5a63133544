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

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_app.db.models import Outbox, new_id

DERIVED_FIELDS = frozenset({"name_key", "sort_key"})
"""Columns computed from others on each side; they never travel."""


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
