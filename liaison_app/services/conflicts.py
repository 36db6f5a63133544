"""Conflicts people settle: values that lost a merge, shown beside the value kept.

Settling one is an ordinary edit (validated, in the history and the outbox) when the other
value is chosen or a new one typed; keeping the current value changes no record. Either
way the conflict is marked resolved here, and the next sync tells the central store, so
every laptop stops showing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from liaison_app.db.models import ENTITY_MODELS, Conflict
from liaison_app.domain.errors import Problem, ValidationError
from liaison_app.domain.fields import FIELDS
from liaison_app.domain.i18n import msg
from liaison_app.services.actor import Actor
from liaison_app.services.records import RecordService, to_json

TITLE_FIELDS = {
    "company": "name",
    "contact": "name",
    "lead": "title",
    "deal": "title",
    "visit": "summary",
    "office": "name",
    "staff": "name",
}


@dataclass(frozen=True)
class OpenConflict:
    seq: int
    entity: str
    row_id: str
    title: str  # what the record is, for a person
    field: str
    base: Any  # JSON form, as everywhere in the sync
    current: Any  # the record's value now (the one kept by the merge, or edited since)
    lost: Any
    lost_login: str
    detected_at: datetime

    @property
    def editable(self) -> bool:
        """A field people edit in a form (review decisions and deletion are not)."""
        return any(spec.name == self.field for spec in FIELDS[self.entity])


class ConflictService:
    def __init__(self, records: RecordService) -> None:
        self.records = records
        self.store = records.store

    def count_open(self) -> int:
        with self.store.read() as session:
            return (
                session.scalar(
                    select(func.count()).select_from(Conflict).where(Conflict.resolved.is_(False))
                )
                or 0
            )

    def open_conflicts(self) -> list[OpenConflict]:
        """Unsettled conflicts, newest first, with the records' current values."""
        out = []
        with self.store.read() as session:
            rows = session.scalars(
                select(Conflict).where(Conflict.resolved.is_(False)).order_by(Conflict.seq.desc())
            ).all()
            for c in rows:
                record = session.get(ENTITY_MODELS[c.entity], c.row_id)
                if record is None:
                    continue  # not on this laptop (another office's): nothing to settle here
                title = str(getattr(record, TITLE_FIELDS.get(c.entity, "id"), "") or "")
                out.append(
                    OpenConflict(
                        c.seq,
                        c.entity,
                        c.row_id,
                        " ".join(title.split())[:60],
                        c.field,
                        c.base_value,
                        to_json(getattr(record, c.field, None)),
                        c.lost_value,
                        c.lost_login,
                        c.detected_at,
                    )
                )
        return out

    def reference_names(self, rows: list[OpenConflict]) -> dict[str, dict[str, str]]:
        """Names behind the ids in conflicting reference fields (a staff member, a company)."""
        wanted: dict[str, set[str]] = {}
        for row in rows:
            target = "staff" if row.field == "reviewer_id" else None
            for spec in FIELDS[row.entity]:
                if spec.name == row.field and spec.kind == "ref":
                    target = spec.ref
            if target:
                ids = {str(v) for v in (row.base, row.current, row.lost) if v}
                wanted.setdefault(target, set()).update(ids)
        names: dict[str, dict[str, str]] = {}
        with self.store.read() as session:
            for entity, ids in wanted.items():
                model = ENTITY_MODELS[entity]
                label = getattr(model, TITLE_FIELDS[entity])
                names[entity] = dict(
                    session.execute(select(model.id, label).where(model.id.in_(ids))).all()
                )
        return names

    def rows_in_conflict(self, entity: str) -> set[str]:
        """Ids of records with an unsettled conflict (their lists and editors mark them)."""
        with self.store.read() as session:
            return set(
                session.scalars(
                    select(Conflict.row_id).where(
                        Conflict.entity == entity, Conflict.resolved.is_(False)
                    )
                )
            )

    def keep(self, seq: int) -> None:
        """Keep the record as it is."""
        self._mark(seq)

    def take(self, seq: int, value: Any, actor: Actor) -> None:
        """Make ``value`` (the lost one, or one typed) the record's: an ordinary edit."""
        conflict = self._get(seq)
        if conflict.field == "deleted":
            if value:
                self.records.delete(conflict.entity, conflict.row_id, actor)
        elif any(spec.name == conflict.field for spec in FIELDS[conflict.entity]):
            self.records.update(conflict.entity, conflict.row_id, {conflict.field: value}, actor)
        else:
            raise ValidationError(
                [Problem(conflict.field, msg("conflict_not_editable"), "conflict_not_editable")]
            )
        self._mark(seq)

    def _get(self, seq: int) -> Conflict:
        with self.store.read() as session:
            conflict = session.get(Conflict, seq)
        if conflict is None:
            raise ValidationError([Problem("id", msg("not_found"), "not_found")])
        return conflict

    def _mark(self, seq: int) -> None:
        with self.store.write() as session:
            conflict = session.get(Conflict, seq)
            if conflict is None:
                raise ValidationError([Problem("id", msg("not_found"), "not_found")])
            conflict.resolved = True
            conflict.resolved_at = self.records.clock.now()
            conflict.resolution_sent = False
