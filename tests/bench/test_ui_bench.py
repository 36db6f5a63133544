"""Benchmarks of the workbench (issue 3). Run:

    uv run pytest tests/bench/test_ui_bench.py --benchmark-enable --benchmark-only -p no:randomly -s

- start-up: ``liaison-app`` in a fresh process, from spawn to the first page's rows painted
  (LIAISON_STARTUP_PROBE), on 200k visits, beside a bare PySide6 window in the same run.
  Both run with compiled bytecode (a private pycache, warmed once): an installed app has
  its .pyc files, and this environment sets PYTHONDONTWRITEBYTECODE.
- what start-up's imports cost, layer by layer (Qt, SQLAlchemy, the ORM and models, the
  services, the window), in a fresh process with compiled bytecode.
- a search keystroke: from the debounced search firing to the list holding the new rows
  (its first block: the count follows) and the table's own first paint of them done, on
  200k visits (in process), the previous list's count done and the typing's repaints
  sent before the clock starts (the 250 ms debounce leaves time for them).
- jumping to the last of 1,000,000 visits in a fresh process: seconds and peak memory
  (VmHWM), with the number of rows held.

Data: ``tests/bench/datagen.build`` (the app's bulk path) makes 200k visits, 20k companies,
10k leads, 2k deals; the 1M set adds 800k visits the same way. Built once per run in a temp
folder; LIAISON_BENCH_CACHE=<folder> keeps them between runs. LIAISON_BENCH_SCALE shrinks
everything for a quick look. Figures are medians, printed at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from liaison_app.db.revision import HEAD
from liaison_app.db.store import Store
from liaison_app.domain.enums import Role
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.session_user import sign_in
from tests.bench import datagen

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("ui_bench_run.py")
SCALE = float(os.environ.get("LIAISON_BENCH_SCALE", "1"))
BASE = {"visits": 200_000, "companies": 20_000, "leads": 10_000, "deals": 2_000}
BIG_VISITS = int(1_000_000 * SCALE)
STARTS = 7
RESULTS: dict[str, Any] = {}


def sizes() -> dict[str, int]:
    return {k: int(v * SCALE) for k, v in BASE.items()}


def _cache_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = os.environ.get("LIAISON_BENCH_CACHE")
    if cache:
        root = Path(cache) / f"ui-{HEAD}-{SCALE}"
        root.mkdir(parents=True, exist_ok=True)
        return root
    return tmp_path_factory.mktemp("uibench")


def build_database(path: Path, visits: int) -> None:
    if path.exists():
        return
    part = path.with_name(path.name + ".part")
    for leftover in path.parent.glob(part.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    services = AppServices(Store.open(part), FixedClock(datetime(2026, 1, 1)))
    datagen.build(services, **{**sizes(), "visits": visits})
    # The user of this laptop: a staff member of the first office (opens on the visits).
    sign_in(services, "员工0", "上海联络办", Role.staff)
    services.store.close()
    conn = sqlite3.connect(part)  # fold the WAL into the file before it moves
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert not Path(f"{part}-wal").exists() or Path(f"{part}-wal").stat().st_size == 0
    for suffix in ("-wal", "-shm"):
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    part.replace(path)
    print(f"\nbuilt {path.name}: {visits:,} visits in {time.perf_counter() - started:.0f} s")


@pytest.fixture(scope="module")
def data_200k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = _cache_root(tmp_path_factory) / "200k"
    folder.mkdir(exist_ok=True)
    build_database(folder / "liaison.db", sizes()["visits"])
    return folder


@pytest.fixture(scope="module")
def data_1m(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _cache_root(tmp_path_factory)
    (root / "1m").mkdir(exist_ok=True)
    build_database(root / "1m" / "liaison.db", BIG_VISITS)
    return root / "1m" / "liaison.db"


@pytest.fixture(scope="module")
def compiled_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Subprocess environment with a private bytecode cache (as an installed app has)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path_factory.mktemp("pycache"))
    return env


def first_paint(command: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``command`` to its ``first-paint`` line."""
    started = time.time()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("first-paint "))
    return float(line.split()[1]) - started


def app_command(data_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from liaison_app.cli import main; main()",
        "--data-dir",
        str(data_dir),
        "--lang",
        "zh_CN",
    ]


def test_start_up_beside_a_bare_window(benchmark, data_200k: Path, compiled_env) -> None:  # type: ignore[no-untyped-def]
    env = {**compiled_env, "LIAISON_STARTUP_PROBE": "1"}
    bare_cmd = [sys.executable, str(RUNNER), "bare"]
    app_cmd = app_command(data_200k)
    first_paint(bare_cmd, env)  # warm: bytecode compiled, files in the OS cache
    first_paint(app_cmd, env)
    bare, app = [], []
    for _ in range(STARTS):  # interleaved, so both see the same machine load
        bare.append(first_paint(bare_cmd, env))
        app.append(first_paint(app_cmd, env))
    benchmark.pedantic(lambda: first_paint(app_cmd, env), rounds=1, iterations=1)
    RESULTS["start-up, app (s)"] = statistics.median(app)
    RESULTS["start-up, bare window (s)"] = statistics.median(bare)
    RESULTS["start-up ratio"] = statistics.median(app) / statistics.median(bare)
    benchmark.extra_info.update(app=app, bare=bare)


def test_start_up_imports_layer_by_layer(benchmark, compiled_env) -> None:  # type: ignore[no-untyped-def]
    command = [sys.executable, str(RUNNER), "imports"]
    runs: list[dict[str, float]] = []
    for _ in range(STARTS + 1):  # the first compiles the bytecode: not counted
        done = subprocess.run(
            command, cwd=ROOT, env=compiled_env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    for name in runs[-1]:
        RESULTS[f"start-up imports: {name} (ms)"] = (
            statistics.median(r[name] for r in runs[1:]) * 1000
        )
    benchmark.extra_info.update(runs=runs[1:])


def test_search_keystroke_to_updated_list(benchmark, qapp, data_200k: Path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from liaison_app.services.session_user import current_actor
    from liaison_app.ui.views.context import PageContext
    from liaison_app.ui.views.list_page import VisitsPage

    copy = tmp_path / "liaison.db"
    shutil.copyfile(data_200k / "liaison.db", copy)
    services = AppServices(Store.open(copy))
    actor = current_actor(services)
    assert actor is not None
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    page = VisitsPage(PageContext(services, actor, settings), "visits", "visits")
    page.resize(1300, 800)
    page.show()
    page.start()
    wait(qapp, lambda: page.model.loaded_once and not page.model.busy)

    painted = PaintClock(qapp, page.table.viewport())
    page.model.modelReset.connect(painted.arm)
    timings: dict[str, list[float]] = {}
    for term in ("华为", "半导体", "瑞泰", "中西部布局", "华"):
        times = timings.setdefault(term, [])
        for _ in range(7):
            for text in ("", term):  # each round changes the query
                if page.model.query.filter.text == text:
                    continue  # no change, no reload
                wait(qapp, lambda: not page.model.busy)  # the last list's count is in
                page.filters.search.setText(text)
                settle(qapp)  # the typing's own repaints, done before the debounce fires
                painted.clear()
                started = time.perf_counter()
                page.filters.flush()  # what the 250 ms debounce timer does
                wait(qapp, lambda t=text: page.model.query.filter.text == t and bool(painted))
                if text:
                    times.append(painted[0] - started)
        wait(qapp, lambda: not page.model.busy)
        RESULTS[f"search keystroke '{term}' -> {page.model.rowCount():,} rows (ms)"] = (
            statistics.median(times) * 1000
        )

    def keystroke() -> None:
        page.filters.search.setText("瑞泰" if page.filters.search.text() != "瑞泰" else "华为")
        settle(qapp)
        painted.clear()
        page.filters.flush()
        wait(qapp, lambda: bool(painted))

    benchmark.pedantic(keystroke, rounds=10, iterations=1)
    services.store.close()


def test_jump_to_the_last_of_a_million_visits(benchmark, data_1m: Path, compiled_env) -> None:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, str(RUNNER), "jump", str(data_1m)],
            cwd=ROOT,
            env=compiled_env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    result = runs[-1]
    assert result["rows"] == BIG_VISITS
    assert result["cached_rows"] <= 40 * 200  # a window of blocks, never the table
    assert result["last_date"] and result["last_date"] != "…"
    for key, name in (
        ("first_page", "1M visits: first page painted (ms)"),
        ("seconds", "1M visits: jump to the last row (ms)"),
        ("middle", "1M visits: jump to the middle row (ms)"),
        ("company_sort_to_last", "1M visits: sort by company, then last row (ms)"),
    ):
        RESULTS[name] = statistics.median(r[key] for r in runs) * 1000
    RESULTS["jump: peak memory (MB), median"] = statistics.median(r["peak_mb"] for r in runs)
    RESULTS["jump: peak memory (MB), max"] = max(r["peak_mb"] for r in runs)
    RESULTS["jump: rows held"] = result["cached_rows"]
    benchmark.extra_info.update(runs=runs)
    assert max(r["peak_mb"] for r in runs) < 400


class PaintClock(list[float]):
    """When the table's viewport finished its first paint after ``arm`` (a model reset):
    the new rows on screen, painted by the app itself, whenever it does (in ``reloaded``,
    or later from the event loop). The paint is sent on from here so that its end is seen.
    """

    def __init__(self, qapp, viewport) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QEvent, QObject

        super().__init__()
        clock = self
        paint = QEvent.Type.Paint

        class Filter(QObject):
            def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
                if event.type() != paint or not clock.armed or clock.inside:
                    return False
                clock.inside = True
                qapp.sendEvent(watched, event)  # the view paints, through its own filter
                clock.inside = False
                clock.armed = False
                clock.append(time.perf_counter())
                return True

        self.armed = self.inside = False
        self.filter = Filter(viewport)
        viewport.installEventFilter(self.filter)

    def arm(self) -> None:
        self.armed = True

    def clear(self) -> None:
        super().clear()
        self.armed = False


def settle(qapp) -> None:  # type: ignore[no-untyped-def]
    """Send the posted events (layouts, repaints) of a change, as the 250 ms the search box
    waits for typing to pause would: no timer fires, so the debounce does not."""
    for _ in range(3):
        qapp.sendPostedEvents()


def wait(qapp, predicate, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    """Process events until ``predicate``, sleeping between events rather than spinning
    (a busy loop would hold the GIL the loading thread needs)."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.perf_counter() + timeout
    tick = QTimer(interval=50)  # wakes the wait now and then, whatever happens
    tick.start()
    while not predicate():
        qapp.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        if time.perf_counter() > deadline:
            raise TimeoutError
    tick.stop()
    qapp.processEvents()


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    if RESULTS:
        print("\n\nUI benchmarks (medians):")
        for name, value in RESULTS.items():
            print(f"  {name:<60} {value:,.3f}")
