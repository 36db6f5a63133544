"""Run work off the UI thread; deliver its result or its error on the UI thread.

One small helper, like picard's ``run_task``: the work is a plain function taking a
``Progress``; it never touches widgets. Its result, its error (a ``KnownError`` as the
user's message, any other exception logged with its traceback and turned into the
internal-error message) and its progress arrive through queued signals.

The worker holds no reference to any QObject: it gets a plain ``WorkerProgress`` and
reports through one application-wide ``_Bus`` by task number. Were the worker to hold the
``TaskHandle``, the pool could drop the last reference to it on the worker thread while
the UI thread was still using it, destroying a UI object off its thread (a crash seen in
the tests). Handles are created, kept (in ``_LIVE``) and released on the UI thread only.
For the same reason a result never travels inside a queued signal (a Python object in a
cross-thread ``Signal(object)`` is copied and released by Qt off the GIL's guard, which
crashed too): the worker leaves it in ``_RESULTS`` and signals only the task number.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from liaison_app.domain.errors import KnownError, ValidationError
from liaison_app.domain.i18n import msg
from liaison_app.services.progress import Cancelled

log = logging.getLogger("liaison.ui.tasks")


class WorkerProgress:
    """What the work sees: ``report(done, total)`` and ``cancelled``. Plain Python."""

    def __init__(self, task_id: int, cancel: threading.Event) -> None:
        self.task_id = task_id
        self._cancel = cancel

    def report(self, done: int, total: int) -> None:
        _bus().progress.emit(self.task_id, done, total)

    def say(self, text: str) -> None:
        """What the work is doing now, in words ("正在上传 120/300")."""
        _bus().note.emit(self.task_id, text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class TaskHandle(QObject):
    """The UI side of one task; lives and dies on the UI thread."""

    finished = Signal(object)  # the function's result
    failed = Signal(str)  # a message for the user, in their language
    cancelled_ = Signal()
    progress = Signal(int, int)  # done, total
    noted = Signal(str)  # what the work is doing now

    def __init__(self, task_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.task_id = task_id
        self._cancel = threading.Event()
        self.done = False

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


_LIVE: dict[int, TaskHandle] = {}  # tasks in flight, by number (UI thread only)
_RESULTS: dict[int, object] = {}  # results waiting for the UI thread (dict ops are atomic)
_numbers = itertools.count(1)


class _Bus(QObject):
    """Carries every task's outcome from the workers to the UI thread (queued)."""

    finished = Signal(int)
    failed = Signal(int, str)
    cancelled = Signal(int)
    progress = Signal(int, int, int)
    note = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        queued = Qt.ConnectionType.QueuedConnection
        self.finished.connect(self._finished, queued)
        self.failed.connect(self._failed, queued)
        self.cancelled.connect(self._cancelled, queued)
        self.progress.connect(self._progress, queued)
        self.note.connect(self._note, queued)

    @staticmethod
    def _end(task_id: int) -> TaskHandle | None:
        handle = _LIVE.pop(task_id, None)
        if handle is None or not shiboken6.isValid(handle):  # its parent went first
            return None
        handle.done = True
        return handle

    @Slot(int)
    def _finished(self, task_id: int) -> None:
        result = _RESULTS.pop(task_id, None)
        if handle := self._end(task_id):
            handle.finished.emit(result)

    @Slot(int, str)
    def _failed(self, task_id: int, message: str) -> None:
        if handle := self._end(task_id):
            handle.failed.emit(message)

    @Slot(int)
    def _cancelled(self, task_id: int) -> None:
        if handle := self._end(task_id):
            handle.cancelled_.emit()

    @Slot(int, int, int)
    def _progress(self, task_id: int, done: int, total: int) -> None:
        handle = _LIVE.get(task_id)
        if handle is not None and shiboken6.isValid(handle):
            handle.progress.emit(done, total)

    @Slot(int, str)
    def _note(self, task_id: int, text: str) -> None:
        handle = _LIVE.get(task_id)
        if handle is not None and shiboken6.isValid(handle):
            handle.noted.emit(text)


_the_bus: _Bus | None = None


def _bus() -> _Bus:
    """The bus, made on the UI thread by the first ``run_task`` and kept for good."""
    assert _the_bus is not None
    return _the_bus


def error_message(exc: BaseException) -> str:
    """What the user reads about ``exc``; bugs are logged with their traceback."""
    if isinstance(exc, KnownError):
        return exc.message
    if isinstance(exc, ValidationError):
        return "\n".join(p.message for p in exc.problems)
    log.error("bug in background task", exc_info=exc)
    return msg("internal_error", log="liaison.log")


class _Runner(QRunnable):
    def __init__(self, fn: Callable[[Any], Any], progress: WorkerProgress) -> None:
        super().__init__()
        self.fn = fn
        self.progress = progress

    def run(self) -> None:
        bus, task_id = _bus(), self.progress.task_id
        try:
            result = self.fn(self.progress)
        except Cancelled:
            bus.cancelled.emit(task_id)
        except Exception as exc:  # every error reaches the UI as a message
            bus.failed.emit(task_id, error_message(exc))
        else:
            _RESULTS[task_id] = result
            del result  # the UI thread owns it from here
            bus.finished.emit(task_id)


def cancel_all() -> None:
    """Ask every task in flight to stop (the app is quitting)."""
    for handle in list(_LIVE.values()):
        handle.cancel()


def run_task(
    fn: Callable[[Any], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    parent: QObject | None = None,
    pool: QThreadPool | None = None,
) -> TaskHandle:
    """Start ``fn(progress)`` on the thread pool; callbacks run on the UI thread."""
    global _the_bus
    if _the_bus is None:
        _the_bus = _Bus()
    task_id = next(_numbers)
    handle = TaskHandle(task_id, parent)
    _LIVE[task_id] = handle
    if on_done:
        handle.finished.connect(on_done)
    if on_error:
        handle.failed.connect(on_error)
    if on_progress:
        handle.progress.connect(on_progress)
    if on_cancelled:
        handle.cancelled_.connect(on_cancelled)
    if on_note:
        handle.noted.connect(on_note)
    progress = WorkerProgress(task_id, handle._cancel)
    (pool or QThreadPool.globalInstance()).start(_Runner(fn, progress))
    return handle
