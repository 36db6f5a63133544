"""What every page shares: the services, the signed-in user, settings, and how to run
work in the background with the status bar's progress bar."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from liaison_app.domain.i18n import msg
from liaison_app.services.actor import Actor
from liaison_app.services.clock import SystemClock, local_today

if TYPE_CHECKING:
    from liaison_app.services.context import AppServices
    from liaison_app.services.dashboard import DashboardService
    from liaison_app.services.early_reads import EarlyReads
    from liaison_app.services.listing import ListingService
    from liaison_app.ui.tasks import TaskHandle

log = logging.getLogger("liaison.ui")


class Runner(Protocol):
    """Runs ``fn(progress)`` off the UI thread, showing progress (the main window)."""

    def __call__(
        self,
        fn: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        label: str = "",
        cancellable: bool = False,
    ) -> None: ...


_alive: set[Any] = set()


def keep_alive(handle: TaskHandle) -> TaskHandle:
    """Hold a task's handle until its work ends, whoever started it.

    A handle deleted while its worker still runs would be emitted on after deletion (a
    crash); one parented to a widget dies with the widget, so handles have no parent and
    live here instead.
    """
    _alive.add(handle)
    for signal in (handle.finished, handle.failed, handle.cancelled_):
        signal.connect(lambda *_args, h=handle: _alive.discard(h))
    return handle


class TaskRelay(QObject):
    """Runs tasks for an owner widget: results reach the callbacks only while the owner
    lives (the relay is the owner's child, so Qt disconnects it when the owner goes)."""

    def __init__(self, owner: QObject) -> None:
        super().__init__(owner)
        self._callbacks: dict[TaskHandle, tuple[Any, Any, Any, Any, Any]] = {}

    def start(
        self,
        fn: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        on_note: Callable[[str], None] | None = None,
    ) -> TaskHandle:
        from liaison_app.ui.tasks import run_task

        handle = keep_alive(run_task(fn))
        self._callbacks[handle] = (on_done, on_error, on_progress, on_cancelled, on_note)
        handle.finished.connect(self._finished)
        handle.failed.connect(self._failed)
        handle.cancelled_.connect(self._cancelled)
        handle.progress.connect(self._progress)
        handle.noted.connect(self._noted)
        return handle

    def _take(self, index: int, keep: bool = False) -> Any:
        handle = self.sender()
        callbacks = self._callbacks.get(handle) if keep else self._callbacks.pop(handle, None)
        return callbacks[index] if callbacks else None

    @Slot(object)
    def _finished(self, result: Any) -> None:
        if callback := self._take(0):
            callback(result)

    @Slot(str)
    def _failed(self, message: str) -> None:
        if callback := self._take(1):
            callback(message)

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if callback := self._take(2, keep=True):
            callback(done, total)

    @Slot()
    def _cancelled(self) -> None:
        if callback := self._take(3):
            callback()

    @Slot(str)
    def _noted(self, text: str) -> None:
        if callback := self._take(4, keep=True):
            callback(text)


def run_plain(
    fn: Callable[[Any], Any],
    on_done: Callable[[Any], None] | None = None,
    *,
    label: str = "",
    cancellable: bool = False,
) -> None:
    """A runner without a status bar (pages used on their own, in tests)."""
    from liaison_app.ui.tasks import run_task

    keep_alive(run_task(fn, on_done=on_done, on_error=lambda m: show_error(None, m)))


class PageContext:
    """The services, the signed-in user and the settings every page shares.

    A window that paints before the ORM is loaded (``ui.early_start``) makes its context
    with ``services=None`` and the ``early`` reads; ``attach`` hands the services over once
    they are loaded. Until then ``services``, ``listing`` and ``dashboard`` are not there:
    pages built early read the offices, conflicts and choices through this context.
    """

    def __init__(
        self,
        services: AppServices | None,
        actor: Actor,
        settings: QSettings,
        *,
        early: EarlyReads | None = None,
    ) -> None:
        self.actor = actor
        self.settings = settings
        self.early = early
        self.run: Runner = run_plain
        self.changed: Callable[[], None] = lambda: None  # data changed: status bar, pages
        self.message: Callable[[str], None] = lambda _text: None  # a status bar note
        self.show_page: Callable[[str], Any] = lambda _key: None  # go to a page; returns it
        self.import_data: Callable[[], None] | None = None  # Excel import (empty lists)
        self._services: AppServices | None = None
        self._listing: ListingService | None = None
        self._dashboard: DashboardService | None = None
        if services is not None:
            self.attach(services)

    def attach(self, services: AppServices) -> None:
        from liaison_app.services.dashboard import DashboardService
        from liaison_app.services.listing import ListingService

        self._services = services
        self._listing = ListingService(services.store)
        self._dashboard = DashboardService(services.store, services.stats)
        self.early = None

    @property
    def attached(self) -> bool:
        return self._services is not None

    @property
    def services(self) -> AppServices:
        if self._services is None:
            raise RuntimeError("the services are not loaded yet")
        return self._services

    @property
    def listing(self) -> ListingService:
        if self._listing is None:
            raise RuntimeError("the services are not loaded yet")
        return self._listing

    @property
    def dashboard(self) -> DashboardService:
        if self._dashboard is None:
            raise RuntimeError("the services are not loaded yet")
        return self._dashboard

    def reads(self) -> ListingService | EarlyReads:
        """What answers the filter bar's choices: the list service, or the early reads."""
        if self._listing is not None:
            return self._listing
        assert self.early is not None, "a context needs its services or early reads"
        return self.early

    def offices(self) -> list[tuple[str, str]]:
        """(id, name) of live offices, by pinyin."""
        if self._services is not None:
            return self._services.stats.offices()
        assert self.early is not None, "a context needs its services or early reads"
        return self.early.offices()

    def conflict_ids(self, entity: str) -> set[str]:
        """Ids of ``entity`` records with conflicts to settle (any thread)."""
        if self._services is not None:
            return self._services.conflicts.rows_in_conflict(entity)
        early = self.early
        return early.rows_in_conflict(entity) if early is not None else set()

    def today(self) -> date:
        clock = self._services.clock if self._services is not None else SystemClock()
        return local_today(clock)

    def default_prefill(self, entity: str) -> dict[str, Any]:
        """A new record starts in the user's office, by the user."""
        prefill: dict[str, Any] = {}
        if entity in ("visit", "lead", "deal", "contact") and self.actor.office_id:
            prefill["office_id"] = self.actor.office_id
        if entity in ("visit", "lead", "deal") and self.actor.staff_id:
            prefill["staff_id"] = self.actor.staff_id
        return prefill


def show_error(parent: QWidget | None, message: str) -> None:
    QMessageBox.warning(parent, QCoreApplication.translate("Pages", "Liaison"), message)


def open_editor(
    ctx: PageContext,
    parent: QWidget,
    entity: str,
    row_id: str | None = None,
    prefill: Mapping[str, Any] | None = None,
) -> str | None:
    """The forms' editor (imported when first used); None when nothing was saved."""
    try:
        from liaison_app.ui.forms import open_editor as forms_open_editor
    except ImportError:
        log.exception("record editors unavailable")
        show_error(
            parent,
            QCoreApplication.translate(
                "Pages", "The record editor is not available in this build."
            ),
        )
        return None
    if row_id is None:
        prefill = {**ctx.default_prefill(entity), **(prefill or {})}
    saved = forms_open_editor(parent, ctx.services, ctx.actor, entity, row_id, prefill)
    if saved:
        ctx.changed()
    return saved


def internal_error_message() -> str:
    return msg("internal_error", log="liaison.log")
