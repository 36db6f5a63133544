"""The bulk insert path: same rows the ORM would write, indexed for search, all or nothing."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select, text

from liaison_app.db import bulk
from liaison_app.db.bulk import PAUSE_INDEX_FROM
from liaison_app.db.models import ChangeLog, Company, Outbox, Visit
from liaison_app.services.actor import SYSTEM, Actor
from liaison_app.services.context import AppServices


def company_rows(n: int) -> list[dict[str, object]]:
    rows = []
    for i in range(n):
        rows.append(
            {
                "name": f"海尔{i}号智能家电有限公司",
                "uscc": None,
                "industry_chain": "家电",
                "region": "青岛",
                "address": "",
                "listed": i % 2 == 0,
                "foreign_funded": False,
                "notes": "",
            }
        )
    return rows


@pytest.mark.parametrize("n", [3, PAUSE_INDEX_FROM + 7])
def test_bulk_rows_are_searchable_and_read_back_like_orm_rows(
    services: AppServices, n: int
) -> None:
    with services.store.write() as session:
        ids = services.records.insert_many(session, "company", company_rows(n), SYSTEM)
    assert len(ids) == n
    hits = services.search.search("海尔", "companies", limit=1000)
    assert {h.id for h in hits} == set(ids)
    assert len(services.search.search("智能家电", "companies", limit=1000)) == n
    with services.store.read() as session:
        row = session.get(Company, ids[0])
        assert row.listed is True and row.name_key == "海尔0号智能家电有限公司"
        assert row.created_at == services.clock.now()
        assert session.execute(text("SELECT count(*) FROM search_index_paused")).scalar() == 0
        assert session.scalar(select(func.count()).select_from(Outbox)) == n
        assert (
            session.scalar(
                select(func.count()).select_from(ChangeLog).where(ChangeLog.field == "*")
            )
            == n
        )


def test_a_failing_bulk_insert_leaves_nothing(services: AppServices, staff: Actor) -> None:
    company_id = services.records.create("company", {"name": "奇瑞汽车股份有限公司"}, SYSTEM)
    good = {
        "visit_date": date(2020, 1, 1),
        "company_id": company_id,
        "office_id": staff.office_id,
        "staff_id": None,
        "mode": "onsite",
        "people_met": "",
        "summary": "储能项目洽谈",
        "outcome": "",
        "next_step": "",
        "next_follow_up": None,
    }
    bad = {**good, "company_id": "no-such-company"}  # violates the foreign key
    rows = [good] * PAUSE_INDEX_FROM + [bad]
    with pytest.raises(Exception, match="FOREIGN KEY"), services.store.write() as session:
        services.records.insert_many(session, "visit", rows, staff)
    with services.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 0
        assert session.execute(text("SELECT count(*) FROM search_index_paused")).scalar() == 0
    services.records.create("visit", {**good, "summary": "储能电站"}, staff)
    assert len(services.search.search("储能电站", "visits")) == 1  # triggers live again


def test_python_pairs_match_the_sql_pairs(services: AppServices) -> None:
    """A bulk-loaded row is later re-indexed by SQL triggers: both must cut text alike."""
    from liaison_app.db.search_index import MAX_PAIR_TEXT, pairs_expr, pairs_text

    texts = [
        "",
        "华",
        "华为",
        "奇瑞汽车 ABC,de\n第2行",
        "𠀀𠀁 emoji 😀 end",
        "长" * (MAX_PAIR_TEXT + 5),
    ]
    with services.store.read() as session:
        for value in texts:
            sql = session.execute(
                text(f"SELECT {pairs_expr('t', ['body'])} FROM (SELECT :v AS body) AS t"),
                {"v": value},
            ).scalar()
            assert (sql or "") == pairs_text(value)


def test_bulk_rows_follow_later_edits_in_the_index(services: AppServices, staff: Actor) -> None:
    company_id = services.records.create("company", {"name": "奇瑞汽车股份有限公司"}, SYSTEM)
    row = {
        "visit_date": date(2020, 1, 1),
        "company_id": company_id,
        "office_id": staff.office_id,
        "staff_id": None,
        "mode": "onsite",
        "people_met": "",
        "summary": "洽谈电池项目",
        "outcome": "",
        "next_step": "",
        "next_follow_up": None,
    }
    with services.store.write() as session:
        ids = services.records.insert_many(session, "visit", [row] * (PAUSE_INDEX_FROM + 1), staff)
    assert len(services.search.search("电池", "visits", limit=1000)) == len(ids)
    services.records.update("visit", ids[0], {"summary": "考察储能基地"}, staff)
    assert len(services.search.search("电池", "visits", limit=1000)) == len(ids) - 1
    assert [h.id for h in services.search.search("考察", "visits")] == [ids[0]]
    assert [h.id for h in services.search.search("储能基地", "visits")] == [ids[0]]


@pytest.mark.parametrize("n", [1, PAUSE_INDEX_FROM + 7])
def test_created_rows_get_history_and_an_outbox_entry_that_points_at_them(
    services: AppServices, staff: Actor, n: int
) -> None:
    """Set-based entries equal what the per-row path wrote: one history entry ``*`` by the
    actor at the creation time, one outbox insert per row with the row's stamp, no values,
    its own random version 4 id, queued in the rows' order."""
    services.records.create("company", {"name": "先有的公司"}, SYSTEM)
    with services.store.write() as session:
        ids = services.records.insert_many(session, "company", company_rows(n), staff)
    with services.store.read() as session:
        entries = session.scalars(
            select(Outbox).where(Outbox.row_id.in_(ids)).order_by(Outbox.seq)
        ).all()
        assert [e.row_id for e in entries] == ids
        stamps = dict(session.execute(select(Company.id, Company.hlc)).all())
        for entry in entries:
            assert (entry.entity, entry.op, entry.base, entry.changes) == (
                "company",
                "insert",
                {},
                {},
            )
            assert entry.hlc == stamps[entry.row_id]
            assert entry.created_at == services.clock.now()
            assert (entry.base_seq, entry.in_flight, entry.error) == (None, False, "")
            assert re.fullmatch(
                r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", entry.id
            )
        assert len({e.id for e in entries} | set(ids)) == 2 * n
        history = session.scalars(
            select(ChangeLog).where(ChangeLog.row_id.in_(ids)).order_by(ChangeLog.seq)
        ).all()
        assert [(h.batch_id, h.row_id, h.entity, h.field) for h in history] == [
            (i, i, "company", "*") for i in ids
        ]
        assert {(h.changed_by, h.changed_at) for h in history} == {
            (staff.staff_id, services.clock.now())
        }
        assert all(h.old_value is None and h.new_value is None for h in history)


def _indexes(session: Any, table: str) -> list[tuple[str, str]]:
    return session.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
            "AND sql IS NOT NULL ORDER BY name"
        ),
        {"t": table},
    ).all()


def test_a_large_load_rebuilds_the_indexes_as_they_were(
    services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "REBUILD_INDEXES_FROM", 10)
    table = Company.__table__
    loaded = ("companies", "change_log", "outbox")  # the records, their history and outbox
    with services.store.read() as session:
        before = _indexes(session, "companies")
        others = [_indexes(session, name) for name in loaded[1:]]
    assert len(before) >= 2 and all(others)
    rows = company_rows(12)
    with services.store.write() as session:
        indexes = bulk.LoadIndexes(session.connection())
        indexes.loading(table, 6)  # under the threshold: the indexes stay
        services.records.insert_many(session, "company", rows[:6], SYSTEM)
        assert _indexes(session, "companies") == before
        indexes.loading(table, 6)  # 12 rows written in all: now they go
        assert [_indexes(session, name) for name in loaded] == [[], [], []]
        services.records.insert_many(session, "company", rows[6:], SYSTEM)
        indexes.rebuild()
        assert _indexes(session, "companies") == before
        assert [_indexes(session, name) for name in loaded[1:]] == others
    # 12 rows now: a load of 11 keeps the indexes (the table held more before it)
    with services.store.write() as session:
        bulk.LoadIndexes(session.connection()).loading(table, 11)
        assert _indexes(session, "companies") == before
    with pytest.raises(RuntimeError), services.store.write() as session:
        bulk.LoadIndexes(session.connection()).loading(table, 20)
        assert _indexes(session, "companies") == []
        raise RuntimeError("the load fails half-way")
    with services.store.read() as session:
        assert _indexes(session, "companies") == before
        assert session.scalar(select(func.count()).select_from(Company)) == 12


def test_bulk_pairs_land_on_their_own_rows_after_a_gap(services: AppServices) -> None:
    """A bulk load cuts its two-character pieces in Python and files them under the rowids
    its rows take (after the largest): each row is found by a pair only it has, also when
    the table's last row was deleted before the load."""
    with services.store.write() as session:
        services.records.insert_many(session, "company", company_rows(3), SYSTEM)
        session.execute(
            text("DELETE FROM companies WHERE rowid = (SELECT max(rowid) FROM companies)")
        )
    rows = company_rows(PAUSE_INDEX_FROM + 10)
    pairs = [chr(0x4E00 + 2 * i) + chr(0x4E01 + 2 * i) for i in range(len(rows))]
    for row, pair in zip(rows, pairs, strict=True):
        row["name"] = f"{pair}有限公司"
    with services.store.write() as session:
        ids = services.records.insert_many(session, "company", rows, SYSTEM)
    for pair, row_id in zip(pairs, ids, strict=True):
        assert [hit.id for hit in services.search.search(pair, "companies")] == [row_id]
