"""The merge of one pushed batch inside the central store's transaction.

Operations whose id is already in ``applied_ops`` are replayed (nothing changes); the
others are merged per field with the stored row (``sync.merge``): values that lose become
conflicts for the office to settle, a company pushed under a USCC another company holds
becomes an alias of it. With ``careful`` each operation gets a savepoint of its own, so
one the database refuses (another office's row under row-level security, a review by
staff) comes back rejected and the rest still apply (``CentralStore.push``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError, OperationalError

from liaison_app.db.models import ENTITY_MODELS, new_id
from liaison_app.domain.text import normalize_company_name
from liaison_app.services.clock import clamp_stamp, hlc_key, millis
from liaison_app.services.records import REVIEWED_VISIT_FIELDS, to_json
from liaison_app.sync.central import schema
from liaison_app.sync.merge import Lost, Merged, Op, merge
from liaison_app.sync.values import column_defaults, from_json


@dataclass(frozen=True)
class OpResult:
    op_id: str
    result: str  # applied / replayed / rejected
    reason: str = ""
    conflicts: int = 0


class PushBatch:
    """The merge of one batch inside the central transaction."""

    def __init__(
        self, conn: Connection, device: str, login: str, now: datetime, *, careful: bool
    ) -> None:
        self.conn = conn
        self.device = device
        self.login = login
        self.careful = careful
        self.now = now
        self.now_ms = millis(self.now)
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}
        self.new_rows: dict[str, dict[str, dict[str, Any]]] = {}
        self.aliases: dict[str, str] = {}
        self.by_uscc: dict[str, dict[str, Any]] = {}
        self.known: dict[str, set[str]] = {}

    def run(self, ops: Sequence[Op]) -> list[OpResult]:
        applied = schema.applied_ops
        # Only an operation sent before can be applied already: a first sync asks nothing.
        ids = [op.id for op in ops if op.resent]
        done = (
            dict(
                self.conn.execute(
                    select(applied.c.op_id, applied.c.result).where(applied.c.op_id.in_(ids))
                ).all()
            )
            if ids
            else {}
        )
        todo = [op for op in ops if op.id not in done]
        self._load(todo)
        results: dict[str, OpResult] = {
            op_id: OpResult(op_id, "replayed", result) for op_id, result in done.items()
        }
        records = []
        for op in todo:
            dangling = self._dangling(op)
            if dangling:
                result = OpResult(op.id, "rejected", f"unknown {dangling}")
            elif self.careful:
                try:
                    with self.conn.begin_nested():
                        count = self._apply(op)
                        self._flush()
                    result = OpResult(op.id, "applied", conflicts=count)
                except OperationalError:
                    raise
                except DBAPIError as exc:
                    self._forget(op)
                    result = OpResult(op.id, "rejected", _reason(exc))
            else:
                result = OpResult(op.id, "applied", conflicts=self._apply(op))
            results[op.id] = result
            if result.result == "applied":  # a refused op changed nothing: it may come again
                records.append(
                    {
                        "op_id": op.id,
                        "login": self.login,
                        "device_id": self.device,
                        "at": self.now,
                        "result": result.result,
                    }
                )
        self._flush()
        if records:
            self.conn.execute(applied.insert(), records)
        return [results[op.id] for op in ops]

    # -- reading ----------------------------------------------------------------------

    def _load(self, ops: Sequence[Op]) -> None:
        alias = schema.company_alias
        company_ids = {op.row_id for op in ops if op.entity == "company"}
        company_ids |= {op.values["company_id"] for op in ops if op.values.get("company_id")}
        if company_ids:
            self.aliases = dict(
                self.conn.execute(
                    select(alias.c.alias_id, alias.c.kept_id).where(
                        alias.c.alias_id.in_(company_ids)
                    )
                ).all()
            )
        wanted: dict[str, set[str]] = {}
        for op in ops:
            wanted.setdefault(op.entity, set()).add(self._row_id(op))
        for entity, ids in wanted.items():
            table = schema.TABLES[entity]
            for row in self.conn.execute(select(table).where(table.c.id.in_(ids))).mappings():
                self.rows[(entity, row["id"])] = dict(row)
        # Records the operations point at, so none is left pointing at nothing.
        self.known: dict[str, set[str]] = {}
        for entity, ids in _references(ops).items():
            table = schema.TABLES[entity]
            found = self.conn.execute(select(table.c.id).where(table.c.id.in_(ids))).scalars()
            self.known[entity] = set(found)
        # Live companies holding a USCC that a new company brings (made under another id).
        usccs = {
            op.values["uscc"]
            for op in ops
            if op.entity == "company"
            and op.values.get("uscc")
            and ("company", self._row_id(op)) not in self.rows
        }
        companies = schema.TABLES["company"]
        self.by_uscc: dict[str, dict[str, Any]] = {}
        if usccs:
            for row in self.conn.execute(
                select(companies).where(companies.c.uscc.in_(usccs), companies.c.deleted.is_(False))
            ).mappings():
                self.by_uscc[row["uscc"]] = self.rows.setdefault(("company", row["id"]), dict(row))

    def _dangling(self, op: Op) -> str | None:
        """The first reference of ``op`` to a record the central store does not have."""
        for name, entity in REFERENCES.get(op.entity, ()):
            target = op.values.get(name)
            if not target:
                continue
            if entity == "company":
                target = self.aliases.get(target, target)
            if target not in self.known.get(entity, ()) and (entity, target) not in self.rows:
                return f"{name} {target}"
        return None

    def _row_id(self, op: Op) -> str:
        return self.aliases.get(op.row_id, op.row_id) if op.entity == "company" else op.row_id

    # -- merging ------------------------------------------------------------------------

    def _apply(self, op: Op) -> int:
        op = self._resolved(op)
        row_id = self._row_id(op)
        current = self.rows.get((op.entity, row_id))
        if current is None and op.entity == "company" and op.values.get("uscc"):
            current = self._same_uscc(op)
            if current is not None:
                self._alias(op.row_id, current["id"])
                row_id = current["id"]
        current_json = None
        if current is not None:
            current_json = {k: to_json(v) for k, v in current.items()}
        merged = merge(
            current_json,
            (current or {}).get("field_clocks") or {},
            (current or {}).get("updated_login") or "",
            op,
            review_fields=REVIEWED_VISIT_FIELDS,
            defaults=column_defaults(op.entity),
        )
        if op.entity == "company" and current is not None:
            self._keep_uscc_unique(op, current, merged)
        self._write(op, row_id, current, merged)
        self._conflicts(op, row_id, current, merged.lost)
        return len(merged.lost)

    def _resolved(self, op: Op) -> Op:
        """The op with clamped stamps and merged companies replaced by the kept one."""
        clocks = {k: clamp_stamp(v, self.now_ms) for k, v in op.clocks.items()}
        values = dict(op.values)
        kept = self.aliases.get(values.get("company_id") or "")
        if kept:
            values["company_id"] = kept
        return replace(
            op,
            values=values,
            clocks=clocks,
            stamp=clamp_stamp(op.stamp, self.now_ms),
            login=self.login,
        )

    def _same_uscc(self, op: Op) -> dict[str, Any] | None:
        """A live company with the USCC of this new one (loaded with the batch, or made in it)."""
        found = self.by_uscc.get(op.values["uscc"])
        if found is not None and not found.get("deleted"):
            return found
        return None

    def _keep_uscc_unique(self, op: Op, current: dict[str, Any], merged: Merged) -> None:
        uscc = merged.values.get("uscc")
        if not uscc:
            return
        companies = schema.TABLES["company"]
        other = self.conn.execute(
            select(companies.c.id).where(
                companies.c.uscc == uscc,
                companies.c.deleted.is_(False),
                companies.c.id != current["id"],
            )
        ).scalar()
        if other is None:
            return
        merged.values.pop("uscc")
        merged.lost.append(
            Lost(
                "uscc",
                op.base.get("uscc"),
                current.get("uscc"),
                uscc,
                (current.get("field_clocks") or {}).get("uscc", ""),
                op.clocks.get("uscc", op.stamp),
                op.device,
                self.login,
            )
        )

    def _alias(self, alias_id: str, kept_id: str) -> None:
        self.aliases[alias_id] = kept_id
        self._flush()  # the merge trigger must see the rows written so far
        self.conn.execute(
            schema.company_alias.insert().values(
                alias_id=alias_id,
                kept_id=kept_id,
                merged_by=self.login,
                merged_at=self.now,
            )
        )

    # -- writing ------------------------------------------------------------------------

    def _write(self, op: Op, row_id: str, current: dict[str, Any] | None, merged: Merged) -> None:
        entity = op.entity
        typed = {k: from_json(entity, k, v) for k, v in merged.values.items()}
        if entity == "company" and "name" in typed:
            typed["name_key"] = normalize_company_name(typed["name"])
        meta = {k: from_json(entity, k, v) for k, v in op.meta.items()}
        if current is None:
            stamp = max(set(merged.clocks.values()), key=hlc_key, default=op.stamp)
            row = {
                **typed,
                **meta,
                "id": row_id,
                "hlc": stamp,
                "updated_login": self.login,
                "field_clocks": {"*": stamp, **merged.clocks},
                "server_seq": 0,
            }
            self.new_rows.setdefault(entity, {})[row_id] = row
            self.rows[(entity, row_id)] = row
            if entity == "company" and row.get("uscc"):
                self.by_uscc.setdefault(row["uscc"], row)
            return
        if not merged.changed:
            return
        clocks = {**(current.get("field_clocks") or {}), **merged.clocks}
        stamp = max({current.get("hlc") or "", *merged.clocks.values()}, key=hlc_key)
        changes = {
            **typed,
            "field_clocks": clocks,
            "hlc": stamp,
            "updated_login": self.login,
            "updated_at": meta.get("updated_at", current.get("updated_at")),
            "updated_by": meta.get("updated_by", current.get("updated_by")),
        }
        current.update(changes)
        pending = self.new_rows.get(entity, {})
        if row_id in pending:
            return  # still to be inserted: the dict above is that row
        table = schema.TABLES[entity]
        self.conn.execute(table.update().where(table.c.id == row_id).values(**changes))

    def _conflicts(
        self, op: Op, row_id: str, current: dict[str, Any] | None, lost: list[Lost]
    ) -> None:
        if not lost:
            return
        row = self.rows.get((op.entity, row_id)) or current or {}
        office_id = row.get("office_id") if op.entity in schema.OFFICE_SCOPED else None
        self.conn.execute(
            schema.conflicts.insert(),
            [
                {
                    "id": new_id(),
                    "entity": op.entity,
                    "row_id": row_id,
                    "office_id": office_id,
                    "field": item.field,
                    "base_value": item.base,
                    "kept_value": item.kept,
                    "lost_value": item.lost,
                    "kept_hlc": item.kept_hlc,
                    "lost_hlc": item.lost_hlc,
                    "lost_device": item.lost_device,
                    "lost_login": item.lost_login,
                    "created_at": self.now,
                    "resolved_by": None,
                }
                for item in lost
            ],
        )

    def _flush(self) -> None:
        """Insert the new rows gathered so far (one executemany per table)."""
        for entity, rows in self.new_rows.items():
            if rows:
                self.conn.execute(schema.TABLES[entity].insert(), list(rows.values()))
        self.new_rows = {}

    def _forget(self, op: Op) -> None:
        """After a refused operation: the row as the rolled-back savepoint left it."""
        self.new_rows = {}
        table = schema.TABLES[op.entity]
        row_id = self._row_id(op)
        row = self.conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
        if row is None:
            self.rows.pop((op.entity, row_id), None)
        else:
            self.rows[(op.entity, row_id)] = dict(row)


def _references_of(entity: str) -> tuple[tuple[str, str], ...]:
    """(field, entity it points at) of a record: the laptop's foreign keys."""
    table = ENTITY_MODELS[entity].__table__
    return tuple((fk.parent.name, TABLE_ENTITY[fk.column.table.name]) for fk in table.foreign_keys)


TABLE_ENTITY = {model.__tablename__: entity for entity, model in ENTITY_MODELS.items()}
REFERENCES = {entity: _references_of(entity) for entity in ENTITY_MODELS}


def _references(ops: Sequence[Op]) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {}
    for op in ops:
        for name, entity in REFERENCES.get(op.entity, ()):
            if op.values.get(name):
                wanted.setdefault(entity, set()).add(op.values[name])
    return wanted


def _reason(exc: DBAPIError) -> str:
    text = str(exc.orig).strip().splitlines()
    return text[0][:300] if text else type(exc.orig).__name__
