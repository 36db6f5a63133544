"""Run work off the UI thread; deliver its result or its error on the UI thread.

One small helper, like picard's ``run_task``: the work is a plain function taking a
``Progress``; it never touches widgets. Its result, its error (a ``KnownError`` as the
user's message, any other exception logged with its traceback and turned into the
internal-error message) and its progress arrive through queued signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from liaison_app.domain.errors import KnownError, ValidationError
from liaison_app.domain.i18n import msg
from liaison_app.services.progress import Cancelled

log = logging.getLogger("liaison.ui.tasks")


class TaskHandle(QObject):
    """The UI side of one task.

    The worker emits the private signals; they reach this object's slots queued, on the
    UI thread, which re-emit the public ones. (A plain Python callable connected straight
    to a signal emitted by a worker would run on the worker thread.)
    """

    finished = Signal(object)  # the function's result
    failed = Signal(str)  # a message for the user, in their language
    cancelled_ = Signal()
    progress = Signal(int, int)  # done, total

    _finished = Signal(object)
    _failed = Signal(str)
    _cancelled = Signal()
    _progress = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self.done = False
        queued = Qt.ConnectionType.QueuedConnection
        self._finished.connect(self._relay_finished, queued)
        self._failed.connect(self._relay_failed, queued)
        self._cancelled.connect(self._relay_cancelled, queued)
        self._progress.connect(self.progress, queued)

    @Slot(object)
    def _relay_finished(self, result: object) -> None:
        self.done = True
        self.finished.emit(result)

    @Slot(str)
    def _relay_failed(self, message: str) -> None:
        self.done = True
        self.failed.emit(message)

    @Slot()
    def _relay_cancelled(self) -> None:
        self.done = True
        self.cancelled_.emit()

    # Progress protocol, called from the worker thread.
    def report(self, done: int, total: int) -> None:
        self._progress.emit(done, total)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


def error_message(exc: BaseException) -> str:
    """What the user reads about ``exc``; bugs are logged with their traceback."""
    if isinstance(exc, KnownError):
        return exc.message
    if isinstance(exc, ValidationError):
        return "\n".join(p.message for p in exc.problems)
    log.error("bug in background task", exc_info=exc)
    return msg("internal_error", log="liaison.log")


class _Runner(QRunnable):
    def __init__(self, fn: Callable[[TaskHandle], Any], handle: TaskHandle) -> None:
        super().__init__()
        self.fn = fn
        self.handle = handle

    def run(self) -> None:
        handle = self.handle
        try:
            result = self.fn(handle)
        except Cancelled:
            handle._cancelled.emit()
        except Exception as exc:  # every error reaches the UI as a message
            handle._failed.emit(error_message(exc))
        else:
            handle._finished.emit(result)


def run_task(
    fn: Callable[[TaskHandle], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    parent: QObject | None = None,
    pool: QThreadPool | None = None,
) -> TaskHandle:
    """Start ``fn(progress)`` on the thread pool; callbacks run on the UI thread."""
    handle = TaskHandle(parent)
    if on_done:
        handle.finished.connect(on_done)
    if on_error:
        handle.failed.connect(on_error)
    if on_progress:
        handle.progress.connect(on_progress)
    if on_cancelled:
        handle.cancelled_.connect(on_cancelled)
    (pool or QThreadPool.globalInstance()).start(_Runner(fn, handle))
    return handle
