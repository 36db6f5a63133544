"""Create, update and soft-delete records, with validation, history and the sync outbox.

Every save runs in one ``BEGIN IMMEDIATE`` transaction that writes the row, one change_log
row per changed field (the history view and the audit trail), and one outbox entry holding
the values the edit started from (for the three-way merge of the later sync). Validation
(``validation.py``) returns every problem at once, each naming its field, in the user's
language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, func, select
from sqlalchemy.orm import Session

from liaison_app.db.bulk import Load, prepare, write_created
from liaison_app.db.models import (
    ENTITY_MODELS,
    SORT_KEY_SOURCES,
    ChangeLog,
    Company,
    LocalMeta,
    Outbox,
    Staff,
    SyncColumns,
    Visit,
    company_id_for,
    new_id,
)
from liaison_app.db.outbox import DERIVED_FIELDS, record_edit
from liaison_app.db.store import Store
from liaison_app.domain.enums import ReviewState
from liaison_app.domain.errors import Problem, ValidationError
from liaison_app.domain.fields import FIELDS
from liaison_app.domain.i18n import msg
from liaison_app.domain.sort_key import sort_key
from liaison_app.domain.text import normalize_company_name
from liaison_app.services.actor import Actor
from liaison_app.services.clock import Clock, HybridClock
from liaison_app.services.validation import validate

HLC_HIGH_KEY = "hlc_high"
"""local_meta key of the HLC's high-water mark."""
CENTRAL_URL_KEY = "central_url"
"""local_meta key of the central store this database syncs with (set by ``connect``)."""
CENTRAL_MANAGED = frozenset({"office", "staff"})
"""Entities the central store manages once connected; local ones are an offline start."""

# Fields of a visit whose change sends an approved visit back to review.
REVIEWED_VISIT_FIELDS = frozenset(spec.name for spec in FIELDS["visit"])


def to_json(value: Any) -> Any:
    """A value as it is kept in change_log and outbox (dates as ISO text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def derived_values(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Columns computed from ``values`` (never sent): a company's matching key, the pinyin
    ``sort_key`` of a name or title. The sync's apply fills them the same way."""
    out: dict[str, Any] = {}
    if entity == "company" and "name" in values:
        out["name_key"] = normalize_company_name(values["name"] or "")
    source = SORT_KEY_SOURCES.get(entity)
    if source is not None and source in values:
        out["sort_key"] = sort_key(values[source])
    return out


def _column_default(column: Column[Any]) -> Any:
    """A column's scalar Python default (a bulk insert gives every row every column)."""
    default = column.default
    if default is None or not getattr(default, "is_scalar", False):
        return None
    return default.arg  # type: ignore[attr-defined]


@dataclass(frozen=True)
class HistoryEntry:
    changed_at: datetime
    changed_by: str | None
    changed_by_name: str
    field: str
    old_value: Any
    new_value: Any


class RecordService:
    def __init__(self, store: Store, clock: Clock, hlc: HybridClock) -> None:
        self.store = store
        self.clock = clock
        self.hlc = hlc

    # Every form, import and sync apply checks values so (``validation.py``).
    validate = staticmethod(validate)

    # -- writes -------------------------------------------------------------------------

    def create(self, entity: str, values: Mapping[str, Any], actor: Actor) -> str:
        """Validate and insert a record; returns its new id."""
        with self.store.write() as session:
            self._check_not_central(session, entity)
            clean = self.validate(entity, values, session=session)
            row_id = self.new_row_id(entity, clean)
            found = session.get(ENTITY_MODELS[entity], row_id)
            if found is not None and found.deleted:  # a deleted company of this USCC returns
                self.apply(session, entity, found, {**clean, "deleted": False}, actor)
                return row_id
            if found is not None:  # the company first made with this USCC now has another
                row_id = new_id()
            return self.insert(session, entity, clean, actor, row_id=row_id)

    def insert(
        self,
        session: Session,
        entity: str,
        clean: Mapping[str, Any],
        actor: Actor,
        *,
        row_id: str | None = None,
    ) -> str:
        """Insert already-validated values inside the caller's transaction."""
        ids = [row_id] if row_id else None
        return self.insert_many(session, entity, [clean], actor, ids=ids)[0]

    def insert_many(
        self,
        session: Session,
        entity: str,
        rows: Sequence[Mapping[str, Any]],
        actor: Actor,
        *,
        ids: Sequence[str] | None = None,
    ) -> list[str]:
        """Insert validated rows in multi-row statements, then their history and outbox
        entries with one ``INSERT ... SELECT`` each (``bulk.write_created``).

        The ORM's one-object-at-a-time path is several times slower; imports and the sample
        data go through here. The history keeps one entry per new record (field ``*``): the
        values as created follow from the record and the later per-field entries.
        """
        if ids is None:
            ids = [self.new_row_id(entity, clean) for clean in rows]
        ids = list(ids)
        if ids:
            session.flush()  # pending ORM changes first: these rows may refer to them
            write_created(
                session.connection(), entity, self.prepare_inserts(entity, rows, actor, ids)
            )
            self.save_clock(session)
        return ids

    def prepare_inserts(
        self, entity: str, rows: Sequence[Mapping[str, Any]], actor: Actor, ids: Sequence[str]
    ) -> Load:
        """The Python half of ``insert_many`` (stamps, derived columns, SQLite values): the
        import does it on its planning thread and writes the load on another. The clock's
        high-water mark is for the caller to save (``save_clock``) with the load."""
        model = ENTITY_MODELS[entity]
        now = self.clock.now()
        same = {
            "created_at": now,
            "updated_at": now,
            "updated_by": actor.staff_id,
            "deleted": False,
        }
        defaults = {
            c.name: _column_default(c) for c in model.__table__.columns if c.name not in same
        }
        records: list[dict[str, Any]] = []
        for row_id, clean in zip(ids, rows, strict=True):
            stamp = self.hlc.tick()
            values = {**clean, **self._derived(entity, clean)}
            records.append(
                {**defaults, **values, "id": row_id, "hlc": stamp, "field_clocks": {"*": stamp}}
            )
        return prepare(model.__table__, records, same, entity)

    @staticmethod
    def new_row_id(entity: str, clean: Mapping[str, Any]) -> str:
        """A new record's id: companies with a USCC get the id every device derives."""
        if entity == "company":
            return company_id_for(clean.get("uscc"))
        return new_id()

    def save_clock(self, session: Session) -> None:
        """Persist the HLC's high-water mark with the edit, so a restart starts past it."""
        session.merge(LocalMeta(key=HLC_HIGH_KEY, value=self.hlc.high_water))

    def update(
        self, entity: str, row_id: str, values: Mapping[str, Any], actor: Actor
    ) -> list[str]:
        """Validate and apply ``values``; returns the names of the fields that changed."""
        with self.store.write() as session:
            self._check_not_central(session, entity)
            row = self._get_row(session, entity, row_id)
            current = self.row_values(entity, row)
            clean = self.validate(entity, values, current=current, session=session, row_id=row_id)
            changes = {k: v for k, v in clean.items() if current.get(k) != v}
            edits_approved_visit = (
                entity == "visit"
                and changes.keys() & REVIEWED_VISIT_FIELDS
                and row.review_state == ReviewState.approved.value
            )
            if edits_approved_visit:
                changes["review_state"] = ReviewState.submitted.value
            return self.apply(session, entity, row, changes, actor)

    def apply(
        self,
        session: Session,
        entity: str,
        row: SyncColumns,
        changes: Mapping[str, Any],
        actor: Actor,
        *,
        op: str = "update",
        seen: Iterable[str] = (),
    ) -> list[str]:
        """Write ``changes`` to ``row`` with history and outbox, in the caller's transaction.

        ``seen`` names fields the edit depends on without changing them (a delete depends
        on the whole record, an approval on what was reviewed): their values go into the
        outbox base, so the central merge can tell when someone changed them meanwhile.
        """
        changes = {**changes, **self._derived(entity, changes)}
        base = {name: getattr(row, name) for name in changes}
        changed = {k: v for k, v in changes.items() if base[k] != v}
        if not changed:
            return []
        context = {name: getattr(row, name) for name in seen if name not in changed}
        now = self.clock.now()
        stamp = self.hlc.tick()
        for name, value in changed.items():
            setattr(row, name, value)
        row.updated_at = now
        row.updated_by = actor.staff_id
        row.hlc = stamp
        row.field_clocks = {**(row.field_clocks or {}), **dict.fromkeys(changed, stamp)}
        old = {k: base[k] for k in changed}
        self._record(session, entity, row, op, old, changed, actor, now, stamp, context)
        return list(changed)

    def delete(self, entity: str, row_id: str, actor: Actor) -> None:
        """Soft-delete: a tombstone, so the deletion can sync; the row stays restorable."""
        with self.store.write() as session:
            self._check_not_central(session, entity)
            row = self._get_row(session, entity, row_id)
            seen = [spec.name for spec in FIELDS[entity]]
            self.apply(session, entity, row, {"deleted": True}, actor, op="delete", seen=seen)

    def restore(self, entity: str, row_id: str, actor: Actor) -> None:
        """Undo a soft delete."""
        with self.store.write() as session:
            row = session.get(ENTITY_MODELS[entity], row_id)
            if row is None:
                raise ValidationError([Problem("id", msg("not_found"), "not_found")])
            self.apply(session, entity, row, {"deleted": False}, actor)

    @staticmethod
    def _check_not_central(session: Session, entity: str) -> None:
        """Once connected, offices and staff are the central store's: read-only here."""
        if entity in CENTRAL_MANAGED and session.get(LocalMeta, CENTRAL_URL_KEY) is not None:
            raise ValidationError([Problem("id", msg("central_managed"), "central_managed")])

    @staticmethod
    def _derived(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
        return derived_values(entity, values)

    def _record(
        self,
        session: Session,
        entity: str,
        row: SyncColumns,
        op: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        actor: Actor,
        now: datetime,
        stamp: str,
        context: Mapping[str, Any],
    ) -> None:
        batch = new_id()
        session.add_all(
            ChangeLog(
                batch_id=batch,
                entity=entity,
                row_id=row.id,
                field=name,
                old_value=to_json(old.get(name)),
                new_value=to_json(value),
                changed_by=actor.staff_id,
                changed_at=now,
            )
            for name, value in new.items()
            if name not in DERIVED_FIELDS
        )
        record_edit(
            session,
            entity=entity,
            row_id=row.id,
            op=op,
            base={k: to_json(v) for k, v in {**context, **old}.items()},
            changes={k: to_json(v) for k, v in new.items()},
            stamp=stamp,
            base_seq=row.server_seq,
            now=now,
            batch_id=batch,
        )
        self.save_clock(session)

    # -- reads --------------------------------------------------------------------------

    def _get_row(self, session: Session, entity: str, row_id: str) -> Any:
        row = session.get(ENTITY_MODELS[entity], row_id)
        if row is None or row.deleted:
            raise ValidationError([Problem("id", msg("not_found"), "not_found")])
        return row

    @staticmethod
    def row_values(entity: str, row: Any) -> dict[str, Any]:
        return {spec.name: getattr(row, spec.name) for spec in FIELDS[entity]}

    def get(self, entity: str, row_id: str) -> dict[str, Any]:
        """The record as a dict (fields plus id, review and sync columns)."""
        with self.store.read() as session:
            row = self._get_row(session, entity, row_id)
            values = self.row_values(entity, row)
            values.update(id=row.id, updated_at=row.updated_at, updated_by=row.updated_by)
            if isinstance(row, Visit):
                values.update(
                    review_state=row.review_state,
                    review_comment=row.review_comment,
                    reviewer_id=row.reviewer_id,
                )
            return values

    def history(self, entity: str, row_id: str) -> list[HistoryEntry]:
        """Who changed which field, when, from what to what; newest first."""
        with self.store.read() as session:
            rows = session.execute(
                select(ChangeLog, Staff.name)
                .outerjoin(Staff, Staff.id == ChangeLog.changed_by)
                .where(ChangeLog.entity == entity, ChangeLog.row_id == row_id)
                .order_by(ChangeLog.seq.desc())
            ).all()
            return [
                HistoryEntry(
                    c.changed_at, c.changed_by, name or "", c.field, c.old_value, c.new_value
                )
                for c, name in rows
            ]

    def pending_changes(self) -> int:
        """Local edits not yet pushed to the central store (the status bar's count)."""
        with self.store.read() as session:
            return session.scalar(select(func.count()).select_from(Outbox)) or 0

    def find_company(self, *, uscc: str | None = None, name: str | None = None) -> str | None:
        """A live company by USCC, else by normalised name (import and forms use this)."""
        with self.store.read() as session:
            if uscc:
                found = session.scalar(
                    select(Company.id).where(Company.uscc == uscc, Company.deleted.is_(False))
                )
                if found:
                    return found
            if name:
                return session.scalar(
                    select(Company.id).where(
                        Company.name_key == normalize_company_name(name),
                        Company.deleted.is_(False),
                    )
                )
        return None
