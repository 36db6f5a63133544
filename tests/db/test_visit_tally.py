"""``visit_tally`` equals the live visits counted per (office, company) after any writes.

The triggers are exercised with plain SQL (what sync, bulk loads and other SQLite clients
end up running) and through the app's own services; migration 0007 counts the visits of a
database made before it.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison_app.db import visit_tally
from liaison_app.db.migrate import upgrade
from liaison_app.db.store import Store
from liaison_app.paths import DataPaths
from liaison_app.services.actor import SYSTEM
from liaison_app.services.backup import check_file, restore_backup
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices

OFFICES = 3
COMPANIES = 4
TRUTH = "SELECT office_id, company_id, count(*) FROM visits WHERE deleted = 0 GROUP BY 1, 2"
MONTHS_TRUTH = (
    "SELECT office_id, substr(visit_date, 1, 7), count(*) FROM visits WHERE deleted = 0"
    " GROUP BY 1, 2"
)
INSERT_VISIT = (
    "INSERT INTO visits (id, office_id, company_id, visit_date, mode, people_met, summary,"
    " outcome, next_step, review_state, review_comment, created_at, updated_at, hlc,"
    " field_clocks, deleted) VALUES (?, ?, ?, '2020-06-11', 'onsite', '', '', '', '', 'draft',"
    " '', '2020-01-01', '2020-01-01', '', '{}', ?)"
)
DAYS = ("2020-01-31", "2020-02-01", "2020-06-11", "2021-12-31")
_names = count()


def tally(conn: sqlite3.Connection) -> set[tuple[str, str, int]]:
    return set(conn.execute("SELECT office_id, company_id, visits FROM visit_tally"))


def truth(conn: sqlite3.Connection) -> set[tuple[str, str, int]]:
    return set(conn.execute(TRUTH))


def months(conn: sqlite3.Connection) -> set[tuple[str, str, int]]:
    return set(conn.execute("SELECT office_id, month, visits FROM visit_months"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    """A database at HEAD with a few offices and companies and no visits."""
    folder = tmp_path_factory.mktemp("tally")
    store = Store.open(folder / "liaison.db", folder / "backups")
    try:
        services = AppServices(store, FixedClock(datetime(2020, 7, 1)))
        offices = [
            services.records.create("office", {"name": f"联络办{i}"}, SYSTEM)
            for i in range(OFFICES)
        ]
        companies = [
            services.records.create("company", {"name": f"企业{i}有限公司"}, SYSTEM)
            for i in range(COMPANIES)
        ]
    finally:
        store.close()
    return folder / "liaison.db", offices, companies


index = st.integers(min_value=0, max_value=10_000)  # of an existing visit, modulo their number
OPERATIONS = st.one_of(
    st.tuples(
        st.just("insert"),
        st.integers(0, OFFICES - 1),
        st.integers(0, COMPANIES - 1),
        st.booleans(),  # a tombstone can arrive by sync
    ),
    st.tuples(st.just("office"), index, st.integers(0, OFFICES - 1)),
    st.tuples(st.just("company"), index, st.integers(0, COMPANIES - 1)),
    st.tuples(st.just("both"), index, st.integers(0, OFFICES - 1), st.integers(0, COMPANIES - 1)),
    st.tuples(st.just("delete"), index),
    st.tuples(st.just("undelete"), index),
    st.tuples(st.just("hard_delete"), index),
    st.tuples(st.just("touch"), index),  # same deleted flag, another column
    st.tuples(st.just("date"), index, st.sampled_from(DAYS)),  # to another month or not
    st.tuples(st.just("merge"), st.integers(0, COMPANIES - 1), st.integers(0, COMPANIES - 1)),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATIONS, max_size=40))
def test_triggers_keep_the_tally_equal_to_the_visits(
    template: tuple[Path, list[str], list[str]], tmp_path: Path, operations: list[tuple]
) -> None:
    source, offices, companies = template
    path = tmp_path / f"tally-{next(_names)}.db"
    shutil.copyfile(source, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    ids: list[str] = []
    try:
        for op, *args in operations:
            if op == "insert":
                ids.append(f"v{len(operations)}-{next(_names)}")
                conn.execute(INSERT_VISIT, (ids[-1], offices[args[0]], companies[args[1]], args[2]))
                continue
            if op == "merge":  # a company merge repoints every visit at once
                conn.execute(
                    "UPDATE visits SET company_id = ? WHERE company_id = ?",
                    (companies[args[1]], companies[args[0]]),
                )
                continue
            if not ids:
                continue
            visit = ids[args[0] % len(ids)]
            if op == "office":
                conn.execute(
                    "UPDATE visits SET office_id = ? WHERE id = ?", (offices[args[1]], visit)
                )
            elif op == "company":
                conn.execute(
                    "UPDATE visits SET company_id = ? WHERE id = ?", (companies[args[1]], visit)
                )
            elif op == "both":
                conn.execute(
                    "UPDATE visits SET office_id = ?, company_id = ? WHERE id = ?",
                    (offices[args[1]], companies[args[2]], visit),
                )
            elif op in ("delete", "undelete"):
                flag = int(op == "delete")
                conn.execute("UPDATE visits SET deleted = ? WHERE id = ?", (flag, visit))
            elif op == "date":
                conn.execute("UPDATE visits SET visit_date = ? WHERE id = ?", (args[1], visit))
            elif op == "hard_delete":
                conn.execute("DELETE FROM visits WHERE id = ?", (visit,))
                ids.remove(visit)
            else:
                conn.execute(
                    "UPDATE visits SET summary = summary || 'x', deleted = deleted WHERE id = ?",
                    (visit,),
                )
        assert tally(conn) == truth(conn)
        assert months(conn) == set(conn.execute(MONTHS_TRUTH))
        assert all(visits > 0 for _, _, visits in tally(conn) | months(conn))
        assert visit_tally.differences(conn) == 0
    finally:
        conn.close()


def test_app_writes_keep_the_tally(services: AppServices, staff, office: str) -> None:  # type: ignore[no-untyped-def]
    other = services.records.create("office", {"name": "深圳联络办"}, SYSTEM)
    firms = [services.records.create("company", {"name": f"公司{i}"}, SYSTEM) for i in range(3)]

    def visit(office_id: str, company_id: str) -> dict[str, object]:
        return {
            "visit_date": date(2020, 6, 11),
            "office_id": office_id,
            "company_id": company_id,
            "summary": "洽谈",
        }

    first = services.records.create("visit", visit(office, firms[0]), staff)
    second = services.records.create("visit", visit(office, firms[0]), staff)
    with services.store.write() as session:  # a bulk load: search triggers paused
        services.records.insert_many(
            session, "visit", [visit(other, firms[i % 3]) for i in range(60)], SYSTEM
        )
    services.records.update("visit", first, {"company_id": firms[1]}, SYSTEM)
    services.records.update("visit", second, {"office_id": other}, SYSTEM)
    services.records.delete("visit", first, SYSTEM)
    services.records.restore("visit", first, SYSTEM)
    services.records.delete("visit", second, SYSTEM)
    with services.store.read() as session:
        conn = session.connection()
        counted = {tuple(r) for r in conn.exec_driver_sql("SELECT * FROM visit_tally")}
        expected = {tuple(r) for r in conn.exec_driver_sql(TRUTH)}
        by_month = {tuple(r) for r in conn.exec_driver_sql("SELECT * FROM visit_months")}
        expected_months = {tuple(r) for r in conn.exec_driver_sql(MONTHS_TRUTH)}
    assert counted == expected
    assert by_month == expected_months == {(office, "2020-06", 1), (other, "2020-06", 60)}
    assert (office, firms[1], 1) in counted
    assert {(other, firms[i], 20) for i in range(3)} <= counted


def _offices_and_companies(conn: sqlite3.Connection) -> None:
    stamp = "'2020-01-01', '2020-01-01', '', '{}', 0"
    for i in range(2):
        conn.execute(
            "INSERT INTO offices (id, name, region, city, created_at, updated_at, hlc,"
            f" field_clocks, deleted) VALUES ('o{i}', '联络办{i}', '', '', {stamp})"
        )
    for i in range(3):
        conn.execute(
            "INSERT INTO companies (id, name, name_key, industry_chain, region, address, listed,"
            " foreign_funded, notes, created_at, updated_at, hlc, field_clocks, deleted)"
            f" VALUES ('c{i}', '企业{i}', '', '', '', '', 0, 0, '', {stamp})"
        )


def test_the_migration_counts_existing_visits(paths: DataPaths) -> None:
    upgrade(paths.database, "0006_pinyin_sort_keys")
    conn = sqlite3.connect(paths.database)
    _offices_and_companies(conn)
    rows = [(f"v{i}", f"o{i % 2}", f"c{i % 3}", int(i % 5 == 0)) for i in range(30)]
    conn.executemany(INSERT_VISIT, rows)
    conn.commit()
    expected = truth(conn)
    conn.close()
    assert len(expected) == 6 and sum(n for *_, n in expected) == 24
    store = Store.open(paths.database, paths.backups)  # migrates to HEAD
    store.close()
    conn = sqlite3.connect(paths.database)
    try:
        assert tally(conn) == expected
        conn.execute("UPDATE visits SET deleted = 1 WHERE id = 'v1'")  # and it is kept
        assert tally(conn) == truth(conn) != expected
    finally:
        conn.close()


def test_check_reports_a_wrong_tally_and_restore_repairs_it(
    template: tuple[Path, list[str], list[str]], paths: DataPaths
) -> None:
    source, offices, companies = template
    backup = paths.backups / "wrong.db"
    shutil.copyfile(source, backup)
    conn = sqlite3.connect(backup)
    conn.executemany(INSERT_VISIT, [(f"v{i}", offices[0], companies[i % 2], 0) for i in range(5)])
    conn.execute("UPDATE visit_tally SET visits = visits + 1 WHERE company_id = ?", (companies[0],))
    conn.commit()
    conn.close()
    report = check_file(backup)
    assert report.integrity == "ok" and report.tally_differences == 1 and not report.ok
    restore_backup(backup, paths.database, paths.backups, datetime(2020, 7, 1))
    repaired = check_file(paths.database)
    assert repaired.ok and repaired.tally_differences == 0
