"""Benchmarks of the Excel export and import (issue 4). Run:

    uv run pytest tests/bench/test_excel_bench.py --benchmark-enable --benchmark-only -s

- Export of 100k visits (plus 5k companies...) against a bare openpyxl write-only loop that
  writes the same cells (same values, number formats, header style, widths, frozen row,
  autofilter) from lists already in memory, measured alternately in the same run: the
  ratio is our throughput over the bare loop's (target >= 0.70).
- Peak memory of the export at 10k and at 100k visits, each in a fresh subprocess (peak
  RSS from /proc's VmHWM: ru_maxrss would include the forking pytest process): memory must
  stay flat (target: within 50 MB).
- Import of that 100k-visit workbook into an empty database, end to end (file checks,
  calamine, validation, database writes with history and outbox): rows/s (target >= 10k)
  and peak memory in a subprocess (target < 500 MB).

LIAISON_BENCH_SCALE scales the row counts (0.1 for a quick look). Figures are medians;
they are printed and kept in the benchmark's extra_info.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from liaison_app.db.store import Store
from liaison_app.excel.cells import WAN_FORMAT
from liaison_app.excel.export import HEADER_FILL, HEADER_FONT
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService
from tests.bench import datagen

SCALE = float(os.environ.get("LIAISON_BENCH_SCALE", "1"))
VISITS = int(100_000 * SCALE)
SMALL = int(10_000 * SCALE)
COMPANIES = max(int(5_000 * SCALE), 10)
ROUNDS = 3
ROOT = Path(__file__).resolve().parents[2]


def build(path: Path, visits: int) -> Path:
    store = Store.open(path)
    services = AppServices(store, FixedClock(datetime(2020, 7, 1)))
    started = time.perf_counter()
    datagen.build(services, visits=visits, companies=COMPANIES, leads=0, deals=0)
    print(f"\nbuilt {visits:,} visits in {time.perf_counter() - started:.1f} s")
    store.close()
    return path


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("excel-bench")
    return {
        "folder": folder,
        "big": build(folder / "big.db", VISITS),
        "small": build(folder / "small.db", SMALL),
    }


def services_on(path: Path) -> AppServices:
    return AppServices(Store.open(path), FixedClock(datetime(2020, 7, 1)))


def bare_rows(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """The cells of a workbook we wrote, as plain values in memory (outside the timing)."""
    book = CalamineWorkbook.from_path(str(path))
    sheets = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        sheets.append((name, [[None if v == "" else v for v in row] for row in rows]))
    return sheets


def write_bare(sheets: list[tuple[str, list[list[Any]]]], target: Path) -> None:
    """What a hand-written openpyxl write-only export would do with values at hand."""
    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        header = rows[0] if rows else []
        money = {i for i, h in enumerate(header) if isinstance(h, str) and "万元" in h}
        for i in range(1, len(header) + 1):
            ws.column_dimensions[get_column_letter(i)].width = 14
        ws.freeze_panes = "A2"
        templates = {}
        for i in money:
            cell = WriteOnlyCell(ws)
            cell.number_format = WAN_FORMAT
            templates[i] = cell
        for index, row in enumerate(rows):
            if index == 0:
                out = []
                for value in row:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
                    out.append(cell)
                ws.append(out)
                continue
            out = []
            for i, value in enumerate(row):
                if isinstance(value, datetime):
                    value = value.date()
                elif i in templates and value is not None:
                    templates[i].value = value
                    value = templates[i]
                out.append(value)
            ws.append(out)
        ws.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{len(rows)}"
    wb.save(target)


def test_export_against_bare_openpyxl(data: dict[str, Path], benchmark) -> None:
    services = services_on(data["big"])
    target = data["folder"] / "ours.xlsx"
    bare_target = data["folder"] / "bare.xlsx"
    TransferService(services).export(target)  # warm-up; also the cells for the bare loop
    sheets = bare_rows(target)
    ours_times: list[float] = []
    bare_times: list[float] = []

    def ours() -> None:
        started = time.perf_counter()
        TransferService(services).export(target)
        ours_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        write_bare(sheets, bare_target)
        bare_times.append(time.perf_counter() - started)

    benchmark.pedantic(ours, rounds=ROUNDS, iterations=1)
    ours_median = statistics.median(ours_times)
    bare_median = statistics.median(bare_times)
    rows = sum(len(rows) - 1 for _, rows in sheets[1:])
    ratio = bare_median / ours_median
    benchmark.extra_info.update(
        rows=rows,
        ours_median_s=round(ours_median, 2),
        bare_median_s=round(bare_median, 2),
        ours_rows_per_s=round(rows / ours_median),
        bare_rows_per_s=round(rows / bare_median),
        throughput_ratio=round(ratio, 3),
    )
    print(
        f"\nexport {rows:,} rows: ours {ours_median:.2f} s ({rows / ours_median:,.0f} rows/s), "
        f"bare openpyxl {bare_median:.2f} s ({rows / bare_median:,.0f} rows/s); "
        f"throughput ratio {ratio:.2f} (target >= 0.70)"
    )


MEASURE_EXPORT = """
import json, resource, sys, time
from datetime import datetime
from pathlib import Path
from liaison_app.db.store import Store
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService

def peak_mb():
    # VmHWM: this process's peak RSS since exec (ru_maxrss would count the parent that forked
    # us, pytest, which is larger than what is measured here).
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
services = AppServices(Store.open(Path(sys.argv[1])), FixedClock(datetime(2020, 7, 1)))
before = peak_mb()
started = time.perf_counter()
TransferService(services).export(Path(sys.argv[2]))
seconds = time.perf_counter() - started
print(json.dumps({"maxrss_mb": peak_mb(), "before_mb": before, "seconds": seconds}))
"""


def run_child(script: str, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_export_memory_is_flat(data: dict[str, Path], benchmark) -> None:
    results: dict[str, dict[str, Any]] = {}

    def measure() -> None:
        for size in ("small", "big"):
            results[size] = run_child(
                MEASURE_EXPORT, str(data[size]), str(data["folder"] / f"mem-{size}.xlsx")
            )

    benchmark.pedantic(measure, rounds=1, iterations=1)
    small, big = results["small"], results["big"]
    growth = big["maxrss_mb"] - small["maxrss_mb"]
    benchmark.extra_info.update(
        small_visits=SMALL,
        big_visits=VISITS,
        small_maxrss_mb=round(small["maxrss_mb"], 1),
        big_maxrss_mb=round(big["maxrss_mb"], 1),
        small_before_export_mb=round(small["before_mb"], 1),
        big_before_export_mb=round(big["before_mb"], 1),
        maxrss_growth_mb=round(growth, 1),
    )
    print(
        f"\nexport peak memory (RSS): {SMALL:,} visits {small['maxrss_mb']:.0f} MB, "
        f"{VISITS:,} visits {big['maxrss_mb']:.0f} MB (both {small['before_mb']:.0f} MB before "
        f"the export); difference {growth:.1f} MB (target <= 50 MB)"
    )


MEASURE_IMPORT = """
import json, resource, sys, time
from datetime import datetime
from pathlib import Path
from liaison_app.db.store import Store
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService

def peak_mb():
    # VmHWM: this process's peak RSS since exec (ru_maxrss would count the parent that forked
    # us, pytest, which is larger than what is measured here).
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
services = AppServices(Store.open(Path(sys.argv[1])), FixedClock(datetime(2020, 7, 1)))
started = time.perf_counter()
outcome = TransferService(services).import_file(Path(sys.argv[2]))
seconds = time.perf_counter() - started
assert outcome.written, [p.message for p in outcome.plan.problems[:5]]
print(json.dumps({"maxrss_mb": peak_mb(), "seconds": seconds, "rows": outcome.plan.created}))
"""


def test_import_end_to_end(data: dict[str, Path], benchmark) -> None:
    source = data["folder"] / "to-import.xlsx"
    TransferService(services_on(data["big"])).export(source)
    times: list[float] = []
    created: list[int] = []
    round_number = iter(range(100))

    def setup() -> tuple[tuple[AppServices], dict[str, Any]]:
        path = data["folder"] / f"import-{next(round_number)}.db"
        return (services_on(path),), {}

    def run_import(services: AppServices) -> None:
        started = time.perf_counter()
        outcome = TransferService(services).import_file(source)
        times.append(time.perf_counter() - started)
        assert outcome.written
        created.append(outcome.plan.created)

    benchmark.pedantic(run_import, setup=setup, rounds=ROUNDS, iterations=1)
    median = statistics.median(times)
    rows = created[0]
    memory = run_child(MEASURE_IMPORT, str(data["folder"] / "import-mem.db"), str(source))
    outbox = outbox_size(data["folder"] / "import-mem.db")
    benchmark.extra_info.update(
        rows=rows,
        median_s=round(median, 2),
        rows_per_s=round(rows / median),
        maxrss_mb=round(memory["maxrss_mb"], 1),
        **outbox,
    )
    print(
        f"\nimport {rows:,} rows end to end: median {median:.2f} s = {rows / median:,.0f} rows/s"
        f" (target >= 10,000); peak memory {memory['maxrss_mb']:.0f} MB (target < 500 MB)"
    )
    if outbox:
        print(
            f"outbox: {outbox['outbox_entries']:,} entries, table {outbox['outbox_mb']} MB, "
            f"with its indexes {outbox['outbox_with_indexes_mb']} MB "
            f"({outbox['outbox_bytes_per_entry']} bytes per entry)"
        )


def outbox_size(path: Path) -> dict[str, Any]:
    """Bytes the outbox takes in the database file (SQLite's dbstat table, when built in)."""
    with closing(sqlite3.connect(path)) as conn:
        try:
            pages = dict(
                conn.execute(
                    "SELECT name, sum(pgsize) FROM dbstat WHERE name IN "
                    "(SELECT name FROM sqlite_master WHERE tbl_name = 'outbox') GROUP BY name"
                ).fetchall()
            )
        except sqlite3.OperationalError:  # no dbstat in this SQLite
            return {}
        entries = conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    return {
        "outbox_entries": entries,
        "outbox_mb": round(pages.get("outbox", 0) / 1e6, 2),
        "outbox_with_indexes_mb": round(sum(pages.values()) / 1e6, 2),
        "outbox_bytes_per_entry": round(pages.get("outbox", 0) / max(entries, 1)),
    }
