"""Write an import's new records on a thread of its own while the planner reads the rest.

The plan of a large workbook (Python: parse, validate, match) and the writes of its new
records (mostly SQLite, which runs with the GIL released) take about as long as each other;
one after the other they take their sum. Here the planner's thread prepares the records it
has planned a few thousand at a time (``hand_off``: stamps, derived columns, SQLite values,
search pairs: the Python work) and a writer thread inserts them (the SQLite work, in
statements long enough to run without the GIL), so the two overlap on two cores.

All or nothing still holds: everything is written inside the caller's one ``BEGIN
IMMEDIATE`` transaction, which commits only after the whole plan has passed, and rolls back
on a problem in any row, a cancel or any error. The planner reads through its own connection
(a snapshot taken while the write lock is held), so it never sees these uncommitted rows
and plans exactly as it would before anything is written. The write session is used by the
writer thread only until ``finish`` returns; ``stop`` ends the thread before a rollback.

Creates go in ``IMPORT_ORDER`` within each hand-off (a visit's new company before it), each
entity's rows in date order (stable: a day keeps the file's order), with the secondary
indexes rebuilt at the end once the load outgrows the table (``bulk.LoadIndexes``).
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from liaison_app.db.bulk import Load, LoadIndexes, write_created
from liaison_app.domain.fields import DATE_FIELDS
from liaison_app.excel import Tick
from liaison_app.excel.headers import IMPORT_ORDER
from liaison_app.excel.outcome import ImportPlan
from liaison_app.services.actor import Actor
from liaison_app.services.records import RecordService

HAND_OFF_ROWS = 5000  # new records per hand-off (fewer, larger statements for SQLite)
HAND_OFF_CHARS = 1_000_000  # and characters of text (a ledger of long summaries)
QUEUED = 2  # loads prepared and waiting for the writer
SWITCH_INTERVAL = 0.001  # s: how soon the writer gets the GIL back after a SQLite step
POLL = 0.1  # s: how often a waiting planner looks for the writer's error or a cancel

Batch = list[tuple[str, Load]]  # (entity, its new records)

_switching = threading.Lock()
_writers = 0  # writers running: the interpreter's switch interval is ours while any is
_interval = 0.0  # what it was before the first


@contextmanager
def _quick_switching() -> Iterator[None]:
    """The GIL handed on every ``SWITCH_INTERVAL`` instead of 5 ms, so a writer that ends a
    SQLite step gets it back soon; restored when the last writer ends (it is per process)."""
    global _writers, _interval
    with _switching:
        if _writers == 0:
            _interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_interval, SWITCH_INTERVAL))
        _writers += 1
    try:
        yield
    finally:
        with _switching:
            _writers -= 1
            if _writers == 0:
                sys.setswitchinterval(_interval)


def _text_size(values: dict[str, Any]) -> int:
    return sum(len(v) for v in values.values() if type(v) is str)


class CreateWriter:
    """The writer thread of one import, and the planner's side of it (``hand_off``)."""

    def __init__(self, session: Session, records: RecordService, actor: Actor) -> None:
        self.session = session
        self.records = records
        self.actor = actor
        self._sent = {entity: 0 for entity in IMPORT_ORDER}  # creates handed off
        self._sizes: dict[str, list[int]] = {e: [] for e in IMPORT_ORDER}  # text of the rest
        self._queue: queue.Queue[Batch | None] = queue.Queue(maxsize=QUEUED)
        self._stopping = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self._indexes: LoadIndexes | None = None

    @contextmanager
    def running(self) -> Iterator[CreateWriter]:
        """The writer thread, from a write session's ``BEGIN IMMEDIATE`` on; stopped (its
        work abandoned to the caller's rollback) if the block raises."""
        self._indexes = LoadIndexes(self.session.connection())  # BEGIN IMMEDIATE: the lock
        with _quick_switching():
            self._thread.start()
            try:
                yield self
            except BaseException:
                self.stop()
                raise

    def hand_off(self, plan: ImportPlan, *, last: bool = False) -> None:
        """Send the creates planned since the last hand-off once there are enough of them
        (all of them when ``last``), unless the plan has a problem (it will not be written:
        what was sent is left to the rollback). Each load holds at most ``HAND_OFF_ROWS``
        records and about ``HAND_OFF_CHARS`` characters of text; the planner waits while
        the writer is busy, so long texts cannot pile up in memory."""
        self._raise_error()
        if not plan.ok:
            return
        for entity in IMPORT_ORDER:  # the text of each new record, measured once
            creates, sizes = plan.entities[entity].creates, self._sizes[entity]
            sizes += map(_text_size, creates[self._sent[entity] + len(sizes) :])
        waiting = sum(len(sizes) for sizes in self._sizes.values())
        waiting_chars = sum(sum(sizes) for sizes in self._sizes.values())
        if not waiting or (waiting < HAND_OFF_ROWS and waiting_chars < HAND_OFF_CHARS and not last):
            return
        batch: Batch = []
        rows = chars = 0  # in ``batch``
        for entity in IMPORT_ORDER:
            sizes = self._sizes[entity]
            while sizes:
                take = 0
                while take < len(sizes) and rows + take < HAND_OFF_ROWS and chars < HAND_OFF_CHARS:
                    chars += sizes[take]
                    take += 1
                if take:
                    batch.append((entity, self._prepare(plan, entity, take)))
                    del sizes[:take]
                    rows += take
                if rows >= HAND_OFF_ROWS or chars >= HAND_OFF_CHARS:
                    self._put(batch)
                    batch, rows, chars = [], 0, 0
        if batch:
            self._put(batch)

    def _prepare(self, plan: ImportPlan, entity: str, count: int) -> Load:
        """The next ``count`` creates of ``entity``, prepared for the writer (and dropped
        from the plan, whose counts keep an empty dict in their place)."""
        creates = plan.entities[entity].creates
        start = self._sent[entity]
        end = start + count
        ids = plan.entities[entity].create_ids[start:end]
        order = range(count)
        date_field = DATE_FIELDS.get(entity)
        if date_field:
            # In date order the date-led indexes grow at their end; the sort is stable, so a
            # day's records keep the file's order (the export's).
            order = sorted(order, key=lambda i: creates[start + i].get(date_field) or date.min)
        load = self.records.prepare_inserts(
            entity, [creates[start + i] for i in order], self.actor, [ids[i] for i in order]
        )
        creates[start:end] = [{} for _ in range(count)]
        self._sent[entity] = end
        return load

    def finish(self, plan: ImportPlan, tick: Tick) -> None:
        """Write what is left, wait for the writer, then build the dropped indexes again.

        ``tick`` says the import is busy with no figure to show (0 of 0: the planning's
        count is done, the rest is a matter of SQLite) and may cancel while it waits."""
        self.hand_off(plan, last=True)
        self._put(None)
        tick(0, 0)
        while self._thread.is_alive():
            self._thread.join(POLL)
            tick(0, 0)
        self._raise_error()
        assert self._indexes is not None
        self._indexes.rebuild()
        self.records.save_clock(self.session)

    def stop(self) -> None:
        """End the writer thread without writing what is queued (the caller rolls back)."""
        self._stopping.set()
        while True:  # room for the end marker
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(None)
        self._thread.join()

    def _put(self, batch: Batch | None) -> None:
        while True:
            try:
                self._queue.put(batch, timeout=POLL)
                return
            except queue.Full:
                self._raise_error()

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        try:
            while (batch := self._queue.get()) is not None and not self._stopping.is_set():
                for entity, load in batch:
                    self._write(entity, load)
        except BaseException as exc:  # handed to the planner's thread, which raises it
            self._error = exc
            while True:  # a planner blocked on a full queue must not wait for us
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    break

    def _write(self, entity: str, load: Load) -> None:
        assert self._indexes is not None
        self._indexes.loading(load.table, len(load))
        write_created(self._indexes.conn, entity, load)
