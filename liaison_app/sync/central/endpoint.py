"""The central store as a laptop sees it: who am I, push operations, pull pages.

Laptops talk to the database directly (no application server), so every rule that
matters is enforced by the database: row-level security on PostgreSQL, server sequence
numbers stamped by triggers. The same code serves a SQLite central, where the office
filter is applied here, and which is no security boundary.

A push is one central transaction: it takes the push lock, skips operations whose id is
already in ``applied_ops`` (a replayed batch changes nothing), merges the others per field
(``sync.merge``) and records their ids (``batch.PushBatch``). Operations the database
refuses (another office's row, a review by staff) are retried one by one inside savepoints
and come back rejected, so one bad operation never blocks the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, func, inspect, select
from sqlalchemy.exc import DBAPIError, OperationalError

from liaison_app.domain.errors import KnownError
from liaison_app.services.clock import Clock
from liaison_app.sync import failpoints
from liaison_app.sync.central import schema
from liaison_app.sync.central.batch import OpResult, PushBatch
from liaison_app.sync.central.connection import CentralAddress, guarded, write_transaction
from liaison_app.sync.central.sql import PUSH_LOCK_KEY
from liaison_app.sync.merge import Op

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
            now = self.server_now(conn)
            try:
                with conn.begin_nested():
                    results = PushBatch(conn, device, self.login, now, careful=False).run(ops)
            except OperationalError:
                raise
            except DBAPIError:
                # Someone's operation was refused: find which, one savepoint each.
                results = PushBatch(conn, device, self.login, now, careful=True).run(ops)
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
