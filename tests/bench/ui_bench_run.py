"""Subprocess side of the UI benchmarks (run by tests/bench/test_ui_bench.py).

    python tests/bench/ui_bench_run.py bare            # a bare PySide6 window, first paint
    python tests/bench/ui_bench_run.py jump DB         # scroll to the last visit of DB
    python tests/bench/ui_bench_run.py imports         # what each layer's import costs

``bare`` prints ``first-paint <epoch>`` like the app's start-up probe (the app itself runs
through ``liaison-app`` with LIAISON_STARTUP_PROBE=1). ``jump`` opens the visits list of
DB in a table, jumps to the last row and prints a JSON line: seconds until the last row is
painted, rows held in memory, rows in the list, and the process's own peak resident memory
(VmHWM of /proc/self/status: ru_maxrss is inherited from the parent pytest through fork).
``imports`` imports the layers the app's start-up loads before its first page, in the
order it loads them, and prints each one's seconds as a JSON line: what a first page
painted without the ORM would save.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def peak_mb() -> float:
    """This process's high-water mark of resident memory, in MB (VmHWM, in kB)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1360, 820)
    window.show()

    def painted() -> None:
        window.repaint()
        print(f"first-paint {time.time():.6f}", flush=True)
        app.quit()

    QTimer.singleShot(0, painted)
    app.exec()


def jump(database: str) -> None:
    from pathlib import Path

    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from liaison_app.db.store import Store
    from liaison_app.services.listing import ListingService, ListQuery
    from liaison_app.ui.models import PagedTableModel

    app = QApplication(sys.argv[:1])

    def pump() -> None:
        """Wait for the next event without spinning (a busy loop would hold the GIL the
        loading thread needs)."""
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    store = Store.open(Path(database))
    model = PagedTableModel(ListingService(store), ListQuery("visits"))
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 800)
    view.show()

    def settle(target: int) -> float:
        started = time.perf_counter()
        while model.row(target) is None or model.busy:
            pump()
        view.repaint()
        return time.perf_counter() - started

    started = time.perf_counter()
    model.reload()
    while not model.loaded_once or model.busy:
        pump()
    view.repaint()
    first = time.perf_counter() - started
    total = model.rowCount()
    last = total - 1
    started = time.perf_counter()
    view.scrollToBottom()
    settle(last)
    seconds = time.perf_counter() - started
    text = model.index(last, 0).data()
    middle_row = total // 2
    started = time.perf_counter()
    view.scrollTo(model.index(middle_row, 0))
    settle(middle_row)
    middle = time.perf_counter() - started
    # A sort no index serves: the ordered keys are read once (8 bytes a row).
    started = time.perf_counter()
    model.sort(model.column_index("company"), Qt.SortOrder.AscendingOrder)
    while model.busy:
        pump()
    view.scrollToBottom()
    settle(last)
    company_sort = time.perf_counter() - started
    print(
        json.dumps(
            {
                "first_page": first,
                "seconds": seconds,
                "middle": middle,
                "company_sort_to_last": company_sort,
                "rows": total,
                "cached_rows": model.cached_rows(),
                "last_date": text,
                "peak_mb": peak_mb(),
            }
        ),
        flush=True,
    )
    store.close()


IMPORT_LAYERS = (
    ("Qt (PySide6 widgets)", ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")),
    ("SQLAlchemy core", ("sqlalchemy",)),
    ("ORM and db.models", ("sqlalchemy.orm", "liaison_app.db.models", "liaison_app.db.store")),
    ("services", ("liaison_app.services.context", "liaison_app.services.listing")),
    ("window and list page", ("liaison_app.ui.main_window", "liaison_app.ui.views.list_page")),
)


def imports() -> None:
    import importlib

    seconds = {}
    for name, modules in IMPORT_LAYERS:
        started = time.perf_counter()
        for module in modules:
            importlib.import_module(module)
        seconds[name] = time.perf_counter() - started
    print(json.dumps(seconds), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    elif sys.argv[1] == "jump":
        jump(sys.argv[2])
    elif sys.argv[1] == "imports":
        imports()
    else:
        raise SystemExit(__doc__)
