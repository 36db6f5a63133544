"""Pulled rows into the local store: ``apply_remote``.

Writes rows, their history and their search pieces (the table triggers, or the bulk path's
set-based indexing) and never an outbox entry: what came from the central store does not
go back. A field with a pending local edit keeps the local value until that edit is
pushed; a record whose creation is still pending is left alone. The HLC moves past every
stamp seen (clamped 5 minutes ahead of this clock), and its high-water mark is saved in
the same transaction as the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from liaison_app.db.bulk import insert_indexed, insert_rows, json_text
from liaison_app.db.models import (
    ENTITY_MODELS,
    ChangeLog,
    Company,
    Conflict,
    Outbox,
    new_id,
)
from liaison_app.db.outbox import DERIVED_FIELDS
from liaison_app.services.clock import HybridClock, hlc_key
from liaison_app.services.records import derived_values, to_json
from liaison_app.sync.central.schema import ENTITY_ORDER, OFFICE_SCOPED
from liaison_app.sync.values import data_fields

ALL = frozenset({"*"})


@dataclass
class Applied:
    """What one page did locally, for the summary."""

    received: dict[str, int] = field(default_factory=dict)  # entity -> rows new or changed
    conflicts: int = 0
    merged_companies: int = 0

    def add(self, other: Applied) -> None:
        for entity, count in other.received.items():
            self.received[entity] = self.received.get(entity, 0) + count
        self.conflicts += other.conflicts
        self.merged_companies += other.merged_companies

    @property
    def total(self) -> int:
        return sum(self.received.values())


def pending_fields(session: Session, entity: str, ids: Iterable[str]) -> dict[str, frozenset[str]]:
    """Fields of each record with an edit not yet pushed ({"*"}: the record is new)."""
    out: dict[str, set[str]] = {}
    ids = list(ids)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Outbox.row_id, Outbox.op, Outbox.base, Outbox.changes).where(
                Outbox.entity == entity, Outbox.row_id.in_(ids[start : start + 500])
            )
        )
        for row_id, op, base, changes in rows:
            fields = out.setdefault(row_id, set())
            fields |= ALL if op == "insert" else {*(base or {}), *(changes or {})}
    return {k: frozenset(v) for k, v in out.items()}


def apply_remote(
    session: Session,
    rows: Mapping[str, list[dict[str, Any]]],
    *,
    conflicts: Iterable[Mapping[str, Any]] = (),
    aliases: Iterable[Mapping[str, Any]] = (),
    hlc: HybridClock,
    now: datetime,
) -> Applied:
    """Write a pulled page into the caller's transaction; parents before children."""
    session.flush()
    conn = session.connection()
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # a page is whole at commit
    applied = Applied()
    for entity in ENTITY_ORDER:
        if rows.get(entity):
            count = _apply_entity(session, conn, entity, rows[entity], hlc, now)
            if count:
                applied.received[entity] = count
    applied.merged_companies = _apply_aliases(conn, aliases)
    applied.conflicts = _apply_conflicts(conn, conflicts, now)
    return applied


def _apply_entity(
    session: Session,
    conn: Connection,
    entity: str,
    rows: list[dict[str, Any]],
    hlc: HybridClock,
    now: datetime,
) -> int:
    model = ENTITY_MODELS[entity]
    table = model.__table__
    columns = [c.name for c in table.columns]
    fields = data_fields(entity)
    ids = [r["id"] for r in rows]
    existing = {
        r["id"]: dict(r)
        for start in range(0, len(ids), 500)
        for r in conn.execute(
            select(table).where(table.c.id.in_(ids[start : start + 500]))
        ).mappings()
    }
    pending = pending_fields(session, entity, ids)
    inserts: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    stamps: list[tuple[Any, ...]] = []
    changed_rows = 0
    for row in rows:
        stamp = max({row.get("hlc") or "", *(row.get("field_clocks") or {}).values()}, key=hlc_key)
        if stamp:
            hlc.observe(stamp)
        local = {name: row.get(name) for name in columns}
        local.update(derived_values(entity, local))
        mine = pending.get(row["id"], frozenset())
        current = existing.get(row["id"])
        if current is None:
            if mine:
                continue  # a record made here, not pushed yet: it wins until then
            inserts.append(local)
            history.append(_history(entity, row["id"], "*", None, None, row, now))
            changed_rows += 1
            continue
        if mine >= ALL:
            continue
        changes = {
            name: local[name]
            for name in fields
            if name not in mine and to_json(current.get(name)) != to_json(local[name])
        }
        changes.update(derived_values(entity, changes))
        sync_columns = {
            "server_seq": row["server_seq"],
            "field_clocks": {**(current.get("field_clocks") or {}), **_clocks(row, mine)},
            "hlc": max(current.get("hlc") or "", row.get("hlc") or "", key=hlc_key),
        }
        if not changes:  # most often our own push coming back: only its sequence is new
            stamps.append(
                (
                    row["server_seq"],
                    json_text(sync_columns["field_clocks"]),
                    sync_columns["hlc"],
                    row["id"],
                )
            )
            continue
        sync_columns.update(updated_at=row.get("updated_at"), updated_by=row.get("updated_by"))
        changed_rows += 1
        history += [
            _history(entity, row["id"], name, current.get(name), value, row, now)
            for name, value in changes.items()
            if name not in DERIVED_FIELDS
        ]
        conn.execute(update(table).where(table.c.id == row["id"]).values(**changes, **sync_columns))
    if stamps:
        conn.exec_driver_sql(
            f"UPDATE {table.name} SET server_seq = ?, field_clocks = ?, hlc = ? WHERE id = ?",
            stamps,
        )
    if inserts:
        insert_indexed(conn, entity, table, inserts)
    insert_rows(conn, ChangeLog.__table__, history)
    return changed_rows


def _clocks(row: Mapping[str, Any], mine: frozenset[str]) -> dict[str, str]:
    return {k: v for k, v in (row.get("field_clocks") or {}).items() if k not in mine}


def _history(
    entity: str,
    row_id: str,
    name: str,
    old: Any,
    new: Any,
    row: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    return {
        "batch_id": new_id(),
        "entity": entity,
        "row_id": row_id,
        "field": name,
        "old_value": to_json(old),
        "new_value": to_json(new),
        "changed_by": row.get("updated_by"),
        "changed_at": row.get("updated_at") or now,
    }


def _apply_aliases(conn: Connection, aliases: Iterable[Mapping[str, Any]]) -> int:
    """Merged companies: children move to the kept company, the other is deleted."""
    count = 0
    for alias in aliases:
        alias_id, kept_id = alias["alias_id"], alias["kept_id"]
        if conn.execute(select(Company.id).where(Company.id == kept_id)).scalar() is None:
            continue  # not visible here: the rows that point at it will come with it
        for entity in OFFICE_SCOPED:
            table = ENTITY_MODELS[entity].__table__
            conn.execute(
                update(table).where(table.c.company_id == alias_id).values(company_id=kept_id)
            )
        conn.execute(update(Company.__table__).where(Company.id == alias_id).values(deleted=True))
        count += 1
    return count


def _apply_conflicts(
    conn: Connection, conflicts: Iterable[Mapping[str, Any]], now: datetime
) -> int:
    rows = [
        {
            "entity": c["entity"],
            "row_id": c["row_id"],
            "field": c["field"],
            "kept_value": c["kept_value"],
            "lost_value": c["lost_value"],
            "lost_hlc": c["lost_hlc"],
            "detected_at": c["created_at"] or now,
            "resolved": c["resolved_by"] is not None,
            "central_id": c["id"],
            "office_id": c["office_id"],
            "base_value": c["base_value"],
            "kept_hlc": c["kept_hlc"],
            "lost_device": c["lost_device"],
            "lost_login": c["lost_login"],
            "resolved_at": None,
            "resolution_sent": c["resolved_by"] is not None,
        }
        for c in conflicts
    ]
    if not rows:
        return 0
    known = set(
        conn.execute(
            select(Conflict.central_id).where(
                Conflict.central_id.in_([r["central_id"] for r in rows])
            )
        ).scalars()
    )
    new = [r for r in rows if r["central_id"] not in known]
    insert_rows(conn, Conflict.__table__, new)
    settled = [r["central_id"] for r in rows if r["central_id"] in known and r["resolved"]]
    if settled:  # settled on another laptop (or ours, confirmed)
        conn.execute(
            update(Conflict)
            .where(Conflict.central_id.in_(settled))
            .values(resolved=True, resolution_sent=True)
        )
    return sum(1 for r in new if not r["resolved"])


def missing_parents(
    conn: Connection, rows: Mapping[str, list[dict[str, Any]]]
) -> dict[str, set[str]]:
    """Ids of records the page's rows point at that this laptop does not have."""
    wanted: dict[str, set[str]] = {}
    for entity, entity_rows in rows.items():
        table = ENTITY_MODELS[entity].__table__
        for fk in table.foreign_keys:
            parent_table = fk.column.table
            parent = next(e for e, m in ENTITY_MODELS.items() if m.__table__ is parent_table)
            ids = {r[fk.parent.name] for r in entity_rows if r.get(fk.parent.name)}
            if ids:
                wanted.setdefault(parent, set()).update(ids)
    missing: dict[str, set[str]] = {}
    for entity, ids in wanted.items():
        table = ENTITY_MODELS[entity].__table__
        listed = list(ids)
        have = {
            row_id
            for start in range(0, len(listed), 500)
            for row_id in conn.execute(
                select(table.c.id).where(table.c.id.in_(listed[start : start + 500]))
            ).scalars()
        }
        if ids - have:
            missing[entity] = ids - have
    return missing


def _repoint(session: Any, column: str, old: str, new: str) -> None:
    for model in ENTITY_MODELS.values():
        table = model.__table__
        if column in table.c:
            session.execute(update(table).where(table.c[column] == old).values({column: new}))


def move_office(session: Any, old: str, new: str) -> None:
    """Every record of office ``old`` becomes office ``new``'s (no outbox: a local fix-up)."""
    _repoint(session, "office_id", old, new)


def move_person(session: Any, old: str, new: str) -> None:
    """Everything made, reviewed or changed by person ``old`` becomes person ``new``'s."""
    for column in ("staff_id", "reviewer_id", "updated_by"):
        _repoint(session, column, old, new)
    session.execute(update(ChangeLog).where(ChangeLog.changed_by == old).values(changed_by=new))


def rehome(session: Any, central: dict[str, list[dict[str, Any]]]) -> int:
    """Local offices and staff the central store does not know move to its namesakes.

    For offices and staff made offline, or kept from a central store re-created since:
    records pointing at them then point at the central ones, never at nothing.
    """
    office_model, staff_model = ENTITY_MODELS["office"], ENTITY_MODELS["staff"]
    central_ids = {row["id"] for rows in central.values() for row in rows}
    offices = {r["name"]: r["id"] for r in central.get("office", ()) if not r["deleted"]}
    moved = 0
    for office in session.query(office_model).filter(office_model.deleted.is_(False)).all():
        target = offices.get(office.name)
        if office.id in central_ids or target is None:
            continue
        move_office(session, office.id, target)
        office.deleted = True
        moved += 1
    people = {
        (r["name"], r["office_id"]): r["id"] for r in central.get("staff", ()) if not r["deleted"]
    }
    for person in session.query(staff_model).filter(staff_model.deleted.is_(False)).all():
        target = people.get((person.name, person.office_id))
        if person.id in central_ids or target is None:
            continue
        move_person(session, person.id, target)
        person.deleted = True
        moved += 1
    session.flush()
    return moved
