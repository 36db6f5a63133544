"""An import writes its new records while it plans the rest (``services/import_writer.py``):
still all or nothing. A problem late in the file, a cancel, a database error on the writer's
thread or a killed process leave the database as it was, however much had been written."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from liaison_app.db.bulk import Load
from liaison_app.db.models import ChangeLog, Company, Outbox, Visit
from liaison_app.db.store import Store
from liaison_app.services import import_writer
from liaison_app.services.actor import SYSTEM, Actor
from liaison_app.services.backup import check_file
from liaison_app.services.context import AppServices
from liaison_app.services.progress import Cancelled
from liaison_app.services.transfer import TransferService
from tests.excel.conftest import all_values, save_workbook
from tests.excel.test_import_ledger import VISIT_HEADER, visit_rows

ROOT = Path(__file__).resolve().parents[2]


def big_ledger(path: Path, visits: int, bad_row: int | None = None, summary: str = "") -> Path:
    """A visits ledger; the data row ``bad_row`` (1-based) has an impossible date, or the
    summary ``summary`` when given."""
    rows = visit_rows(visits)
    if bad_row is not None:
        if summary:
            rows[bad_row - 1][4] = summary
        else:
            rows[bad_row - 1][1] = "2020-13-45"
    return save_workbook(path, {"走访台账": [VISIT_HEADER, *rows]})


def totals(services: AppServices) -> dict[str, int]:
    with services.store.read() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Company, Visit, ChangeLog, Outbox)
        } | {
            "paused": session.execute(text("SELECT count(*) FROM search_index_paused")).scalar(),
            "indexes": session.execute(
                text("SELECT count(*) FROM sqlite_master WHERE type = 'index'")
            ).scalar(),
        }


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The loads the writer thread has written (entity, records), as it writes them."""
    loads: list[tuple[str, int]] = []
    real = import_writer.CreateWriter._write

    def recorded(self: import_writer.CreateWriter, entity: str, load: Load) -> None:
        real(self, entity, load)
        loads.append((entity, len(load)))

    monkeypatch.setattr(import_writer.CreateWriter, "_write", recorded)
    return loads


class AfterWrites:
    """A progress that, once planning passes ``row``, waits for the writer to have written
    something and then runs ``then`` (cancel, say)."""

    def __init__(
        self, written: list[tuple[str, int]], row: int, then: Callable[[], None] = lambda: None
    ):
        self.written, self.row, self.then = written, row, then
        self.cancelled = False
        self.waited = False

    def report(self, done: int, total: int) -> None:
        if done >= self.row and not self.waited:
            self.waited = True
            deadline = time.monotonic() + 10
            while not self.written and time.monotonic() < deadline:
                time.sleep(0.01)
            assert self.written, "the writer wrote nothing while planning went on"
            self.then()

    def say(self, text: str) -> None:
        pass


class Recorder:
    """A progress that keeps every report and every phase it is told."""

    cancelled = False

    def __init__(self) -> None:
        self.seen: list[tuple[int, int]] = []
        self.said: list[str] = []

    def report(self, done: int, total: int) -> None:
        self.seen.append((done, total))

    def say(self, text: str) -> None:
        self.said.append(text)


def no_writer_thread() -> bool:
    return not any(t.name == "import-writer" for t in threading.enumerate())


def test_a_problem_late_in_the_file_undoes_what_was_written(
    services: AppServices, staff: Actor, tmp_path: Path, written: list[tuple[str, int]]
) -> None:
    path = big_ledger(tmp_path / "late.xlsx", 60, bad_row=58)
    before = totals(services)
    outcome = TransferService(services).import_file(path, staff, progress=AfterWrites(written, 40))
    assert written  # records were written before the planner reached the bad row
    assert not outcome.written and not outcome.ok
    assert [(p.row, p.cell) for p in outcome.plan.problems] == [(59, "B59")]
    assert totals(services) == before
    assert no_writer_thread()
    again = TransferService(services).import_file(big_ledger(tmp_path / "ok.xlsx", 60), staff)
    assert again.written and count_visits(services) == 61


def count_visits(services: AppServices) -> int:
    with services.store.read() as session:
        return session.scalar(select(func.count()).select_from(Visit))


def test_a_cancel_while_writing_leaves_nothing(
    services: AppServices, staff: Actor, tmp_path: Path, written: list[tuple[str, int]]
) -> None:
    path = big_ledger(tmp_path / "ledger.xlsx", 60)
    before = totals(services)
    interval = sys.getswitchinterval()
    progress = AfterWrites(written, 30)
    progress.then = lambda: setattr(progress, "cancelled", True)
    with pytest.raises(Cancelled):
        TransferService(services).import_file(path, staff, progress=progress)
    assert written
    assert totals(services) == before
    assert no_writer_thread()
    assert sys.getswitchinterval() == interval


def test_a_database_error_on_the_writer_thread_is_raised_and_undone(
    services: AppServices, staff: Actor, tmp_path: Path, written: list[tuple[str, int]]
) -> None:
    with services.store.write() as session:
        session.execute(
            text(
                "CREATE TRIGGER refuse_boom BEFORE INSERT ON visits WHEN new.summary = 'boom' "
                "BEGIN SELECT RAISE(ABORT, 'no boom here'); END"
            )
        )
    before = totals(services)
    path = big_ledger(tmp_path / "boom.xlsx", 60, bad_row=50, summary="boom")
    with pytest.raises(Exception, match="no boom here"):
        TransferService(services).import_file(path, staff)
    assert written  # the loads before the refused one went in, and were rolled back
    assert totals(services) == before
    assert no_writer_thread()


def test_streamed_and_whole_imports_give_the_same_database(
    demo_export: Path, other: AppServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sample data's export, imported in hand-offs of 5 (this folder's fixture) and in
    one: the same records, history, outbox, search and figures."""
    streamed = TransferService(other).import_file(demo_export)
    monkeypatch.setattr(import_writer, "HAND_OFF_ROWS", 10**9)
    monkeypatch.setattr("liaison_app.excel.plan.CHUNK", 10**6)
    folder = tmp_path / "whole"
    whole_services = AppServices(Store.open(folder / "liaison.db", folder / "b"), other.clock)
    try:
        whole = TransferService(whole_services).import_file(demo_export)
        assert streamed.written and whole.written
        assert streamed.plan.counts() == whole.plan.counts()
        assert totals(other) == totals(whole_services)
        found = 0
        for word in ("华为", "新能源", "考察", "电"):
            for kind in ("companies", "visits", "leads"):
                hits = ids_found(other, word, kind)
                assert hits == ids_found(whole_services, word, kind)
                found += len(hits)
        assert found > 100
        assert other.stats.compute() == whole_services.stats.compute()
        TransferService(other).export(tmp_path / "a.xlsx")
        TransferService(whole_services).export(tmp_path / "b.xlsx")
        assert all_values(tmp_path / "a.xlsx") == all_values(tmp_path / "b.xlsx")
        for services in (other, whole_services):
            assert check_file(services.store.path).ok
    finally:
        whole_services.store.close()


def ids_found(services: AppServices, word: str, kind: str) -> set[str]:
    return {hit.id for hit in services.search.search(word, kind, limit=10_000)}


KILLED_IMPORT = """
import sys, time
from datetime import datetime
from pathlib import Path
from liaison_app.db.store import Store
from liaison_app.services import import_writer
from liaison_app.services.actor import SYSTEM
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService

import_writer.HAND_OFF_ROWS = 50
real = import_writer.CreateWriter._write

def write_then_wait(self, entity, load):
    real(self, entity, load)
    if entity == "visit":
        print("written", len(load), flush=True)
        time.sleep(60)  # killed here, or anywhere before the commit

import_writer.CreateWriter._write = write_then_wait
services = AppServices(Store.open(Path(sys.argv[1])), FixedClock(datetime(2020, 7, 1)))
TransferService(services).import_file(Path(sys.argv[2]), office_id=sys.argv[3])
print("committed", flush=True)
"""


def test_an_import_killed_while_writing_leaves_the_database_as_it_was(
    services: AppServices, tmp_path: Path
) -> None:
    path = big_ledger(tmp_path / "ledger.xlsx", 400)
    office = services.records.create("office", {"name": "上海联络办"}, SYSTEM)
    before = totals(services)
    database = services.store.path
    services.store.close()
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, str(database), str(path), office],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        line = child.stdout.readline()  # the writer has written (uncommitted) visits
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert line.startswith("written"), line + child.stderr.read()
    assert child.returncode == -signal.SIGKILL
    assert check_file(database).ok  # integrity, schema revision, tallies
    store = Store.open(database)
    try:
        reopened = AppServices(store, services.clock)
        assert totals(reopened) == before
        outcome = TransferService(reopened).import_file(path, office_id=office)
        assert outcome.written and count_visits(reopened) == 401
    finally:
        store.close()


def test_long_texts_go_to_the_writer_in_smaller_loads(
    services: AppServices,
    staff: Actor,
    tmp_path: Path,
    written: list[tuple[str, int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Loads are cut by the text they carry as well as by their rows, so a ledger of long
    summaries keeps only a little of itself in flight between the two threads."""
    monkeypatch.setattr(import_writer, "HAND_OFF_ROWS", 1000)
    monkeypatch.setattr(import_writer, "HAND_OFF_CHARS", 5000)
    rows = visit_rows(40)
    for row in rows:
        row[4] = "储能项目洽谈" * 200  # 1,200 characters
    path = save_workbook(tmp_path / "long.xlsx", {"走访台账": [VISIT_HEADER, *rows]})
    outcome = TransferService(services).import_file(path, staff)
    assert outcome.written
    visits = count_visits(services)
    assert visits == 41
    assert sum(n for _, n in written) == outcome.plan.created
    # 4 x 1,200 characters pass the limit of 5,000; 1,000 rows never come together
    assert max(n for entity, n in written if entity == "visit") == 4
    assert len(services.search.search("项目洽谈", "visits", limit=100)) == visits


def test_progress_counts_the_rows_once_then_says_busy(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    """One pass over the rows (planning and most writing together), then 0 of 0 (a busy bar)
    while the last records, the indexes and the commit go in: never back to 0 of N. Each
    stage says what it does, for the busy bar that cannot."""
    recorder = Recorder()
    path = big_ledger(tmp_path / "ledger.xlsx", 60)
    assert TransferService(services).import_file(path, staff, progress=recorder).written
    seen, said = recorder.seen, recorder.said
    counted = [s for s in seen if s != (0, 0)]
    total = counted[-1][1]
    assert total >= 60 and counted[-1] == (total, total)
    assert [done for done, _ in counted] == sorted(done for done, _ in counted)
    assert {t for _, t in counted} == {total}
    assert seen[seen.index((total, total)) + 1 :] and set(
        seen[seen.index((total, total)) + 1 :]
    ) == {(0, 0)}
    assert said == [
        "正在检查文件…",
        "正在读取工作表…",
        "正在核对并写入各行…",
        "正在写入数据库…",
        "正在保存…",
    ]


def test_an_import_that_updates_says_so_and_ends_busy(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    path = big_ledger(tmp_path / "ledger.xlsx", 20)
    assert TransferService(services).import_file(path, staff).written
    changed = big_ledger(tmp_path / "changed.xlsx", 20, bad_row=3, summary="改为线上洽谈")
    recorder = Recorder()
    outcome = TransferService(services).import_file(changed, staff, progress=recorder)
    seen, said = recorder.seen, recorder.said
    assert outcome.written and outcome.plan.updated == 1 and outcome.plan.created == 0
    assert said[-2:] == ["正在更新已有记录…", "正在保存…"]
    assert (1, 1) in seen and seen[-1] == (0, 0)
