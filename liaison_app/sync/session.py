"""One sync run: checks, push, pull, summary; progress reported and cancellable.

Order matters. Everything that can refuse the sync (schema versions, sample data, the
person's membership) is checked before anything changes locally. Push goes first, so that
a pull never has to hold back pending fields longer than needed. Each pushed batch and
each pulled page is whole on both sides; cancelling stops after the current one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import insert, literal, select, text, update

from liaison_app import __version__
from liaison_app.db.models import ENTITY_MODELS, Conflict, LocalMeta, Outbox, SyncState
from liaison_app.domain.errors import KnownError
from liaison_app.domain.i18n import label, msg
from liaison_app.services.clock import MAX_DRIFT_MS, millis
from liaison_app.services.context import SAMPLE_DATA_KEY, AppServices, device_id, get_meta
from liaison_app.services.progress import Cancelled
from liaison_app.services.records import CENTRAL_MANAGED
from liaison_app.services.session_user import CURRENT_USER_KEY
from liaison_app.sync import failpoints, push
from liaison_app.sync.apply import Applied, apply_remote, missing_parents, rehome
from liaison_app.sync.central.endpoint import PULL_PAGE, CentralStore, Member, Page, StoreInfo
from liaison_app.sync.central.schema import ENTITY_ORDER, SCHEMA_VERSION
from liaison_app.sync.config import OFFICE_KEY, ROLE_KEY, STAFF_KEY

log = logging.getLogger("liaison.sync")
STORE_ID_KEY = "central_store_id"
"""local_meta key: the central store this database last synced with."""
MAX_PARENT_ROUNDS = 5
SUMMARY_ORDER = ("visit", "lead", "deal", "contact", "company", "staff", "office")
"""What people look for first in a summary: their visits, then leads and deals."""


class Cancel(Protocol):
    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class Progress:
    phase: str  # push / pull
    pushed: int
    push_total: int
    pulled: int
    conflicts: int

    def text(self) -> str:
        if self.phase == "push":
            return msg("sync_progress_push", pushed=self.pushed, total=self.push_total)
        return msg("sync_progress_pull", pulled=self.pulled)


@dataclass
class Summary:
    pushed: int = 0
    rejected: int = 0
    conflicts: int = 0
    received: Applied = field(default_factory=Applied)
    clamped: int = 0
    skew_minutes: int | None = None
    resent: int = 0

    @property
    def nothing(self) -> bool:
        return not (self.pushed or self.rejected or self.conflicts or self.received.total)

    def lines(self) -> list[str]:
        """What happened, in words people use: 收到 12 条拜访记录；上传 3 条修改；2 处冲突待处理."""
        if self.nothing:
            parts = [msg("sync_nothing")]
        else:
            parts = []
            if self.received.received:
                received = self.received.received
                things = [
                    msg(f"sync_count_{entity}", count=received[entity])
                    for entity in SUMMARY_ORDER
                    if received.get(entity)
                ]
                parts.append(msg("sync_received", things=label("、", ", ").join(things)))
            if self.pushed:
                parts.append(msg("sync_sent", count=self.pushed))
            if self.conflicts:
                parts.append(msg("sync_conflicts", count=self.conflicts))
            if self.rejected:
                parts.append(msg("sync_rejected", count=self.rejected))
            parts = [label("；", "; ").join(parts)]
        if self.received.merged_companies:
            parts.append(msg("sync_merged_companies", count=self.received.merged_companies))
        if self.clamped:
            parts.append(msg("sync_clamped", count=self.clamped))
        if self.skew_minutes is not None:
            parts.append(msg("sync_clock_skew", minutes=self.skew_minutes))
        return parts

    def as_json(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "rejected": self.rejected,
            "conflicts": self.conflicts,
            "pulled": self.received.total,
            "received": dict(self.received.received),
            "merged_companies": self.received.merged_companies,
            "clamped": self.clamped,
            "clock_skew_minutes": self.skew_minutes,
            "resent": self.resent,
        }


def check_schema(info: StoreInfo) -> None:
    if info.schema_version > SCHEMA_VERSION:
        raise KnownError("central_too_new", version=info.schema_version, supported=SCHEMA_VERSION)
    if info.schema_version < SCHEMA_VERSION:
        raise KnownError("central_too_old", version=info.schema_version, supported=SCHEMA_VERSION)


class SyncSession:
    """Push then pull between ``services.store`` and ``central``."""

    def __init__(
        self,
        services: AppServices,
        central: CentralStore,
        url: str,
        *,
        progress: Callable[[Progress], None] | None = None,
        cancel: Cancel | None = None,
    ) -> None:
        self.services = services
        self.store = services.store
        self.central = central
        self.url = url
        self.progress = progress or (lambda _p: None)
        self.cancel = cancel
        self.device = device_id(self.store)
        self.summary = Summary()
        self.page_size = failpoints.page_size(PULL_PAGE)
        self.batch_size = failpoints.page_size(push.PUSH_BATCH)

    def run(self) -> Summary:
        info = self.central.info()
        check_schema(info)
        if get_meta(self.store, SAMPLE_DATA_KEY):
            raise KnownError("sync_sample_data")
        member = self.central.whoami()
        skew = abs(millis(info.now) - millis(self.services.clock.now()))
        if skew > MAX_DRIFT_MS:
            self.summary.skew_minutes = round(skew / 60_000)
        clamped_before = self.services.hlc.clamped
        cursor = self._start(info.store_id, member)
        self._push()
        self._send_resolutions()
        self._pull(cursor, info.store_id, member)
        self.summary.clamped = self.services.hlc.clamped - clamped_before
        self._finish(member)
        return self.summary

    # -- steps --------------------------------------------------------------------------

    def _check_cancel(self) -> None:
        """Between batches and pages only: what is done stays done, nothing is half-applied."""
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled

    def _start(self, store_id: str, member: Member) -> int:
        """The pull cursor for this central store; re-send everything to a new one."""
        with self.store.write() as session:
            last = session.get(LocalMeta, STORE_ID_KEY)
            state = session.get(SyncState, store_id)
            if last is not None and last.value != store_id and state is None:
                # A central store made again from scratch: its offices and staff have new
                # ids; ours move to them, then everything goes out again.
                central = {e: self.central.fetch(e, None, member) for e in CENTRAL_MANAGED}
                apply_remote(session, central, hlc=self.services.hlc, now=self.services.clock.now())
                rehome(session, central)
                self.summary.resent = requeue_all(session, self.services.clock.now())
            if state is None:
                state = SyncState(store_id=store_id, url=self.url, cursor=0)
                session.add(state)
            session.merge(LocalMeta(key=STORE_ID_KEY, value=store_id))
            return state.cursor

    def _push(self) -> None:
        total = push.pushable(self.store)
        done = 0
        if total:
            self.progress(Progress("push", 0, total, 0, 0))
        while True:
            self._check_cancel()
            ops = push.next_batch(self.store, self.device, self.batch_size)
            if not ops:
                return
            failpoints.hit("push:marked")
            results = self.central.push(ops, self.device)
            failpoints.hit("push:sent")
            outcome = push.settle(self.store, results)
            done += len(ops)
            self.summary.pushed += outcome.applied
            self.summary.rejected += outcome.rejected
            # Conflicts the push made come back with the pull: counted there, once.
            self.progress(Progress("push", done, max(total, done), 0, outcome.conflicts))

    def _send_resolutions(self) -> None:
        with self.store.read() as session:
            ids = list(
                session.scalars(
                    select(Conflict.central_id).where(
                        Conflict.resolved.is_(True),
                        Conflict.resolution_sent.is_(False),
                        Conflict.central_id.is_not(None),
                    )
                )
            )
        if not ids:
            return
        self.central.resolve_conflicts(ids)
        with self.store.write() as session:
            session.execute(
                update(Conflict).where(Conflict.central_id.in_(ids)).values(resolution_sent=True)
            )

    def _pull(self, cursor: int, store_id: str, member: Member) -> None:
        high = self.central.high(member)
        if cursor < high:
            self.progress(Progress("pull", self.summary.pushed, self.summary.pushed, 0, 0))
        while cursor < high:
            self._check_cancel()
            page = self.central.pull(cursor, high, member, self.page_size)
            failpoints.hit("pull:fetched")
            self._apply(page, store_id, member)
            failpoints.hit("pull:applied")
            cursor = page.cursor
            self.progress(
                Progress(
                    "pull",
                    self.summary.pushed,
                    self.summary.pushed,
                    self.summary.received.total,
                    self.summary.conflicts,
                )
            )

    def _apply(self, page: Page, store_id: str, member: Member) -> None:
        services = self.services
        now = services.clock.now()
        with self.store.write() as session:
            applied = apply_remote(
                session,
                page.rows,
                conflicts=page.conflicts,
                aliases=page.aliases,
                hlc=services.hlc,
                now=now,
            )
            rows = page.rows
            for _ in range(MAX_PARENT_ROUNDS):
                missing = missing_parents(session.connection(), rows)
                if not missing:
                    break
                rows = {e: self.central.fetch(e, ids, member) for e, ids in missing.items()}
                apply_remote(session, rows, hlc=services.hlc, now=now)
            session.execute(
                update(SyncState).where(SyncState.store_id == store_id).values(cursor=page.cursor)
            )
            services.records.save_clock(session)
        self.summary.received.add(applied)
        self.summary.conflicts += applied.conflicts

    def _finish(self, member: Member) -> None:
        with self.store.write() as session:
            session.execute(
                update(SyncState)
                .values(last_sync_at=self.services.clock.now())
                .where(
                    SyncState.store_id
                    == session.scalar(select(LocalMeta.value).where(LocalMeta.key == STORE_ID_KEY))
                )
            )
            remember_member(session, member)
        try:
            self.central.touch_device(self.device, __version__)
        except KnownError:
            raise
        except Exception:  # the device list is for the administrator's status only
            log.warning("could not record the device's last sync", exc_info=True)


def remember_member(session: Any, member: Member) -> None:
    """The person as the central store knows them becomes this laptop's user."""
    for key, value in (
        (ROLE_KEY, member.role),
        (OFFICE_KEY, member.office_id or ""),
        (STAFF_KEY, member.staff_id),
    ):
        session.merge(LocalMeta(key=key, value=value))
    if session.get(ENTITY_MODELS["staff"], member.staff_id) is not None:
        session.merge(LocalMeta(key=CURRENT_USER_KEY, value=member.staff_id))


def requeue_all(session: Any, now: Any) -> int:
    """Queue every record as an insert for a central store that does not have them."""
    count = 0
    for entity in ENTITY_ORDER:
        if entity in CENTRAL_MANAGED:
            continue
        table = ENTITY_MODELS[entity].__table__
        queued = select(Outbox.row_id).where(Outbox.entity == entity)
        result = session.execute(
            insert(Outbox).from_select(
                [
                    "id",
                    "entity",
                    "row_id",
                    "op",
                    "base",
                    "changes",
                    "hlc",
                    "created_at",
                    "in_flight",
                    "error",
                ],
                select(
                    text("lower(hex(randomblob(16)))"),
                    literal(entity),
                    table.c.id,
                    literal("insert"),
                    literal("{}"),
                    literal("{}"),
                    table.c.hlc,
                    literal(now),
                    literal(False),
                    literal(""),
                ).where(table.c.id.not_in(queued)),
            )
        )
        count += result.rowcount or 0
        session.execute(update(table).values(server_seq=None))
    return count
