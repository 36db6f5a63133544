"""The central store as a laptop sees it: who am I, push operations, pull pages.

Laptops talk to the database directly (no application server), so every rule that
matters is enforced by the database: row-level security on PostgreSQL, server sequence
numbers stamped by triggers. The same code serves a SQLite central, where the office
filter is applied here, and which is no security boundary.

A push is one central transaction: it takes the push lock, skips operations whose id is
already in ``applied_ops`` (a replayed batch changes nothing), merges the others per field
(``sync.merge``) and records their ids. Operations the database refuses (another office's
row, a review by staff) are retried one by one inside savepoints and come back rejected,
so one bad operation never blocks the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, func, inspect, select
from sqlalchemy.exc import DBAPIError, OperationalError

from liaison_app.db.models import ENTITY_MODELS, new_id
from liaison_app.domain.errors import KnownError
from liaison_app.domain.text import normalize_company_name
from liaison_app.services.clock import Clock, clamp_stamp, hlc_key, millis
from liaison_app.services.records import REVIEWED_VISIT_FIELDS, to_json
from liaison_app.sync import failpoints
from liaison_app.sync.central import schema
from liaison_app.sync.central.connection import CentralAddress, guarded, write_transaction
from liaison_app.sync.central.sql import PUSH_LOCK_KEY
from liaison_app.sync.merge import Lost, Merged, Op, merge
from liaison_app.sync.values import column_defaults, from_json

PULL_PAGE = 1000


@dataclass(frozen=True)
class Member:
    """A person as the central store knows them."""

    login: str
    staff_id: str
    office_id: str | None
    role: str

    @property
    def scope(self) -> str | None:
        """The office whose rows this person syncs; None (all) for hq."""
        return None if self.role == "hq" else self.office_id


@dataclass(frozen=True)
class StoreInfo:
    store_id: str
    schema_version: int
    now: datetime


@dataclass(frozen=True)
class OpResult:
    op_id: str
    result: str  # applied / replayed / rejected
    reason: str = ""
    conflicts: int = 0


@dataclass
class Page:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[dict[str, Any]] = field(default_factory=list)
    cursor: int = 0


class CentralStore:
    """One connection's worth of the central store, for one sync."""

    def __init__(
        self, address: CentralAddress, login: str, password: str | None, clock: Clock
    ) -> None:
        self.address = address
        self.login = login
        self.clock = clock
        self.engine = address.engine(login, password)
        self.is_postgres = not address.is_sqlite

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        with guarded(self.address, self.login):
            yield

    # -- who and what ------------------------------------------------------------------

    def info(self) -> StoreInfo:
        with self._guard(), self.engine.connect() as conn:
            if not inspect(conn).has_table("store_info"):
                raise KnownError("central_not_initialised", url=self.address.display())
            row = conn.execute(select(schema.store_info)).mappings().first()
            if row is None:
                raise KnownError("central_not_initialised", url=self.address.display())
            return StoreInfo(row["store_id"], row["schema_version"], self.server_now(conn))

    def server_now(self, conn: Connection) -> datetime:
        """The central's time, naive UTC: stamps further ahead are clamped against it.

        A SQLite central has no clock of its own: the pushing laptop's stands in (its own
        fast clock then shows only against the other laptops' clocks, when they pull).
        """
        if self.is_postgres:
            return conn.execute(select(func.timezone("UTC", func.now()))).scalar_one()
        return self.clock.now()

    def whoami(self) -> Member:
        with self._guard(), self.engine.connect() as conn:
            row = (
                conn.execute(
                    select(schema.membership).where(schema.membership.c.login == self._login(conn))
                )
                .mappings()
                .first()
            )
        if row is None:
            raise KnownError("central_not_member", login=self.login)
        return Member(row["login"], row["staff_id"], row["office_id"], row["role"])

    def _login(self, conn: Connection) -> str:
        if self.is_postgres:  # the server's word, not ours
            return conn.exec_driver_sql("SELECT session_user").scalar_one()
        return self.login

    def high(self, member: Member) -> int:
        """The last server sequence committed among the rows ``member`` sees: pulls stop
        there, and a laptop already there has nothing to pull (one indexed max per table)."""
        maxima = [
            _scoped(
                select(func.max(table.c.server_seq)), kind, table, member.scope
            ).scalar_subquery()
            for kind, table in _pull_tables()
        ]
        with self._guard(), self.engine.connect() as conn:
            row = conn.execute(select(*maxima)).one()
        return max((value or 0) for value in row)

    def touch_device(self, device: str, app_version: str) -> None:
        """Record this device's last sync (``central status`` lists it)."""
        table = schema.devices
        with self._guard(), write_transaction(self.engine) as conn:
            values = {
                "login": self.login,
                "app_version": app_version,
                "last_sync_at": self.clock.now(),
            }
            updated = conn.execute(
                table.update().where(table.c.device_id == device).values(**values)
            ).rowcount
            if not updated:
                conn.execute(table.insert().values(device_id=device, **values))

    # -- push ---------------------------------------------------------------------------

    def push(self, ops: Sequence[Op], device: str) -> list[OpResult]:
        """Apply a batch in one transaction; returns one result per operation, in order."""
        with self._guard(), write_transaction(self.engine) as conn:
            if self.is_postgres:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PUSH_LOCK_KEY})")
            try:
                with conn.begin_nested():
                    results = _Push(conn, self, device, careful=False).run(ops)
            except OperationalError:
                raise
            except DBAPIError:
                # Someone's operation was refused: find which, one savepoint each.
                results = _Push(conn, self, device, careful=True).run(ops)
            failpoints.hit("central:push-written")
            return results

    # -- pull ---------------------------------------------------------------------------

    def pull(self, cursor: int, high: int, member: Member, limit: int = PULL_PAGE) -> Page:
        """Rows past ``cursor`` up to ``high`` visible to ``member``, oldest first.

        First the page's last sequence number, from the indexes alone (at most ``limit``
        numbers per table); then only the rows up to it. Fetching ``limit`` whole rows
        of every table and keeping ``limit`` of them sent nine times what a page holds.
        """
        scope = member.scope
        tables = [
            (
                kind,
                table,
                _scoped(select(table).where(table.c.server_seq > cursor), kind, table, scope),
            )
            for kind, table in _pull_tables()
        ]
        page = Page(cursor=high)
        with self._guard(), self.engine.connect() as conn:
            seqs: list[int] = []
            for _kind, table, _query in tables:
                numbers = _scoped(
                    select(table.c.server_seq).where(
                        table.c.server_seq > cursor, table.c.server_seq <= high
                    ),
                    _kind,
                    table,
                    scope,
                )
                seqs += (
                    conn.execute(numbers.order_by(table.c.server_seq).limit(limit)).scalars().all()
                )
            seqs.sort()
            if len(seqs) >= limit:
                page.cursor = seqs[limit - 1]  # every number up to here is in ``seqs``
            for kind, table, query in tables:
                if not seqs:
                    break
                rows = conn.execute(
                    query.where(table.c.server_seq <= page.cursor).order_by(table.c.server_seq)
                ).mappings()
                for row in rows:
                    if kind == "conflict":
                        page.conflicts.append(dict(row))
                    elif kind == "alias":
                        page.aliases.append(dict(row))
                    else:
                        page.rows.setdefault(kind, []).append(dict(row))
        return page

    def fetch(self, entity: str, ids: Iterable[str] | None, member: Member) -> list[dict[str, Any]]:
        """Rows by id (all when None), whatever their sequence: parents a page needs."""
        table = schema.TABLES[entity]
        query = select(table)
        if ids is not None:
            query = query.where(table.c.id.in_(list(ids)))
        with self._guard(), self.engine.connect() as conn:
            query = _scoped(query, entity, table, member.scope)
            return [dict(r) for r in conn.execute(query).mappings()]

    def resolve_conflicts(self, ids: list[str]) -> None:
        """Conflicts people settled: every laptop stops showing them after its next pull."""
        table = schema.conflicts
        with self._guard(), write_transaction(self.engine) as conn:
            conn.execute(
                table.update()
                .where(table.c.id.in_(ids), table.c.resolved_by.is_(None))
                .values(resolved_by=self.login)
            )

    def merge_companies(self, kept_id: str, alias_id: str) -> None:
        """Merge company ``alias_id`` into ``kept_id``: its records move, it is deleted."""
        with self._guard(), write_transaction(self.engine) as conn:
            if self.is_postgres:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PUSH_LOCK_KEY})")
            conn.execute(
                schema.company_alias.insert().values(
                    alias_id=alias_id,
                    kept_id=kept_id,
                    merged_by=self.login,
                    merged_at=self.clock.now(),
                )
            )

    def possible_duplicates(self) -> list[tuple[str, str, str]]:
        """(name, id, id) of live companies sharing a normalised name, not merged yet."""
        companies = schema.TABLES["company"]
        other = companies.alias("other")
        with self._guard(), self.engine.connect() as conn:
            rows = conn.execute(
                select(companies.c.name, companies.c.id, other.c.id)
                .join(
                    other,
                    (other.c.name_key == companies.c.name_key) & (other.c.id > companies.c.id),
                )
                .where(companies.c.deleted.is_(False), other.c.deleted.is_(False))
                .order_by(companies.c.name)
            )
            return [tuple(r) for r in rows]  # type: ignore[misc]


def _pull_tables() -> list[tuple[str, Table]]:
    tables = [(entity, schema.TABLES[entity]) for entity in schema.ENTITY_ORDER]
    return [*tables, ("conflict", schema.conflicts), ("alias", schema.company_alias)]


def _scoped(query: Any, kind: str, table: Table, scope: str | None) -> Any:
    """The office filter: what RLS enforces on PostgreSQL, applied on SQLite too."""
    if scope is None:
        return query
    if kind in schema.OFFICE_SCOPED:
        return query.where(table.c.office_id == scope)
    if kind == "conflict":
        return query.where((table.c.office_id == scope) | table.c.office_id.is_(None))
    return query


class _Push:
    """The merge of one batch inside the central transaction."""

    def __init__(self, conn: Connection, store: CentralStore, device: str, careful: bool) -> None:
        self.conn = conn
        self.store = store
        self.device = device
        self.careful = careful
        self.now = store.server_now(conn)
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
                        "login": self.store.login,
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
            login=self.store.login,
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
                self.store.login,
            )
        )

    def _alias(self, alias_id: str, kept_id: str) -> None:
        self.aliases[alias_id] = kept_id
        self._flush()  # the merge trigger must see the rows written so far
        self.conn.execute(
            schema.company_alias.insert().values(
                alias_id=alias_id,
                kept_id=kept_id,
                merged_by=self.store.login,
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
                "updated_login": self.store.login,
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
            "updated_login": self.store.login,
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
