"""run_task: results, errors and progress arrive on the UI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from liaison_app.domain.errors import KnownError
from liaison_app.services.progress import check_cancelled
from liaison_app.ui.tasks import WorkerProgress, run_task


def test_result_and_progress_arrive_on_the_ui_thread(qtbot) -> None:
    ui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(progress: WorkerProgress) -> str:
        seen["worker"] = threading.current_thread() is threading.main_thread()
        progress.report(1, 2)
        return "done"

    def on_progress(done: int, total: int) -> None:
        seen["progress_thread"] = QThread.currentThread() is ui_thread
        seen["progress"] = (done, total)

    def on_done(result: object) -> None:
        seen["done_thread"] = QThread.currentThread() is ui_thread
        seen["result"] = result

    handle = run_task(work, on_done=on_done, on_progress=on_progress)
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    assert seen == {
        "worker": False,
        "progress_thread": True,
        "progress": (1, 2),
        "done_thread": True,
        "result": "done",
    }


def test_known_errors_become_messages_and_bugs_are_logged(qtbot, caplog) -> None:
    messages: list[str] = []

    def locked(_: WorkerProgress) -> None:
        raise KnownError("db_locked", path="/tmp/x.db")

    handle = run_task(locked, on_error=messages.append)
    qtbot.waitUntil(lambda: handle.done, timeout=5000)

    def bug(_: WorkerProgress) -> None:
        raise ZeroDivisionError("oops")

    handle = run_task(bug, on_error=messages.append)
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    assert "/tmp/x.db" in messages[0] and "Traceback" not in messages[0]
    assert "ZeroDivisionError" not in messages[1] and "liaison.log" in messages[1]
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_cancel_stops_the_work(qtbot) -> None:
    started = threading.Event()
    outcome: list[str] = []

    def slow(progress: WorkerProgress) -> None:
        started.set()
        while True:
            check_cancelled(progress)

    handle = run_task(
        slow,
        on_cancelled=lambda: outcome.append("cancelled"),
        on_done=lambda _: outcome.append("done"),
    )
    assert started.wait(5)
    handle.cancel()
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    assert outcome == ["cancelled"]
