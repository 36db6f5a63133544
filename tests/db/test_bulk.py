"""The bulk insert path: same rows the ORM would write, indexed for search, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

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
