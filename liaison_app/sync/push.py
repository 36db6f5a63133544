"""The laptop's side of a push: outbox entries become operations, results clear them.

A batch is first marked ``in_flight`` in its own local transaction: from then on new edits
of those records open new entries instead of merging into one the central store may
already have applied. Values are read from the record at push time (an entry names the
fields; an insert sends the whole record). After the central transaction commits, applied
and replayed entries are deleted and refused ones keep their error, in one local
transaction; a kill in between only means the batch is sent again and recognised by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update

from liaison_app.db.models import ENTITY_MODELS, Outbox
from liaison_app.db.store import Store
from liaison_app.services.records import CENTRAL_MANAGED, to_json
from liaison_app.sync.central.batch import OpResult
from liaison_app.sync.central.schema import ENTITY_ORDER
from liaison_app.sync.merge import Op
from liaison_app.sync.values import data_fields

PUSH_BATCH = 300


@dataclass(frozen=True)
class Outcome:
    applied: int
    rejected: int
    conflicts: int


def pushable(store: Store) -> int:
    """Entries a push would send (refused ones wait for the next edit)."""
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(Outbox).where(*_sendable())) or 0


def _sendable() -> tuple[Any, ...]:
    return (Outbox.error == "", Outbox.entity.not_in(CENTRAL_MANAGED))


def next_batch(store: Store, device: str, limit: int = PUSH_BATCH) -> list[Op]:
    """Mark the next batch in flight (parents first) and build its operations."""
    with store.write() as session:
        entries: list[Outbox] = []
        for entity in ENTITY_ORDER:  # parents first; each an index range (ix_outbox_pending)
            if entity in CENTRAL_MANAGED or len(entries) >= limit:
                continue
            entries += session.scalars(
                select(Outbox)
                .where(Outbox.entity == entity, Outbox.error == "")
                .order_by(Outbox.seq)
                .limit(limit - len(entries))
            ).all()
        if not entries:
            return []
        resent = {e.seq for e in entries if e.in_flight}
        session.execute(
            update(Outbox).where(Outbox.seq.in_([e.seq for e in entries])).values(in_flight=True)
        )
        rows: dict[tuple[str, str], Any] = {}
        for entity in {e.entity for e in entries}:
            table = ENTITY_MODELS[entity].__table__
            ids = [e.row_id for e in entries if e.entity == entity]
            for row in session.execute(select(table).where(table.c.id.in_(ids))).mappings():
                rows[(entity, row["id"])] = row
        return [
            _op(entry, rows[(entry.entity, entry.row_id)], device, entry.seq in resent)
            for entry in entries
        ]


def _op(entry: Outbox, row: Any, device: str, resent: bool) -> Op:
    """The operation of one entry, with the record's values as they are now."""
    clocks = row["field_clocks"] or {}
    fields = data_fields(entry.entity)
    names: Sequence[str] = (
        fields if entry.op == "insert" else [n for n in entry.changes if n in fields]
    )
    values = {name: to_json(row[name]) for name in names}
    meta = {"updated_at": to_json(row["updated_at"]), "updated_by": row["updated_by"]}
    if entry.op == "insert":
        meta["created_at"] = to_json(row["created_at"])
    default_clock = clocks.get("*") or row["hlc"]
    return Op(
        id=entry.id,
        entity=entry.entity,
        row_id=entry.row_id,
        kind=entry.op,
        values=values,
        base=dict(entry.base or {}),
        clocks={name: clocks.get(name) or default_clock for name in names},
        stamp=row["hlc"] or entry.hlc,
        device=device,
        meta=meta,
        resent=resent,
    )


def settle(store: Store, results: Sequence[OpResult]) -> Outcome:
    """Drop what the central store holds now; keep refused entries with their reason."""
    done = [r.op_id for r in results if r.result in ("applied", "replayed")]
    refused = [r for r in results if r.result == "rejected"]
    with store.write() as session:
        if done:
            session.execute(delete(Outbox).where(Outbox.id.in_(done)))
        if refused:
            table = Outbox.__table__
            session.connection().execute(
                table.update()
                .where(table.c.id == bindparam("op_id"))
                .values(in_flight=False, error=bindparam("reason")),
                [{"op_id": r.op_id, "reason": r.reason or "rejected"} for r in refused],
            )
    return Outcome(len(done), len(refused), sum(r.conflicts for r in results))
