"""Two and three laptops meeting through a central store (SQLite and PostgreSQL)."""

from __future__ import annotations

import time
from typing import Any

import psycopg
import pytest

from liaison_app.domain.sort_key import sort_key
from liaison_app.services.listing import ListingService, ListQuery
from tests.sync.conftest import Central, Device


def test_a_visit_goes_from_one_laptop_to_another(laptops: Any, central: Central) -> None:
    wang: Device = laptops("wang")
    li: Device = laptops("li")
    company = wang.company()
    visit = wang.visit(company, "座谈新能源电池 pack 产线项目")
    sent = wang.sync()
    assert sent.pushed == 2 and sent.rejected == 0
    assert wang.outbox() == []
    got = li.sync()
    assert got.received.received == {"company": 1, "visit": 1}
    assert li.row("visit", visit).summary == "座谈新能源电池 pack 产线项目"
    assert li.services.search.search("电池", "visits")[0].id == visit
    again = li.sync()
    assert again.nothing


@pytest.mark.parametrize("central", ["postgres"], indirect=True)
def test_an_idle_sync_reads_no_data_rows(laptops: Any, central: Central) -> None:
    """PostgreSQL's own counters: no row of a data table is read by a sync with no work."""
    wang: Device = laptops("wang")
    company = wang.company()
    for i in range(50):
        wang.visit(company, f"拜访{i}")
    wang.sync()
    wang.sync()
    tables = ("offices", "staff", "companies", "contacts", "visits", "leads", "deals")

    def reads() -> dict[str, tuple[int, int]]:
        with psycopg.connect(central.admin_url, autocommit=True) as conn:
            conn.execute("SELECT pg_stat_clear_snapshot()")
            rows = conn.execute(
                "SELECT relname, coalesce(seq_tup_read, 0), coalesce(idx_tup_fetch, 0)"
                " FROM pg_stat_user_tables WHERE relname = ANY(%s)",
                (list(tables),),
            ).fetchall()
        return {name: (seq, idx) for name, seq, idx in rows}

    time.sleep(0.6)  # stats of the finished backends reach the shared counters
    before = reads()
    assert wang.sync().nothing
    time.sleep(0.6)
    after = reads()
    for name in tables:
        seq_read = after[name][0] - before[name][0]
        fetched = after[name][1] - before[name][1]
        assert seq_read == 0, f"{name}: a sequential scan read {seq_read} rows"
        assert fetched <= 1, f"{name}: {fetched} rows fetched (only its newest number may be)"


def test_a_manager_reviews_visits_from_other_laptops(laptops: Any, central: Central) -> None:
    wang: Device = laptops("wang")
    chen: Device = laptops("chen", role="manager")
    zhao: Device = laptops("zhao", "深圳联络办")
    company = wang.company()
    approved = wang.visit(company, "上海：新能源电池座谈")
    returned = wang.visit(company, "上海：储能项目初谈")
    wang.services.review.submit([approved, returned], wang.actor)
    other = zhao.visit(zhao.company("比亚迪", None), "深圳的拜访")
    zhao.services.review.submit([other], zhao.actor)
    for device in (wang, zhao, chen):
        device.sync()
    assert chen.row("visit", other) is None  # another office's visit never reaches him
    assert chen.services.review.approve([approved], chen.actor) == 1
    assert chen.services.review.return_([returned], chen.actor, "请补充投资额") == 1
    chen.sync()
    wang.sync()
    assert wang.row("visit", approved).review_state == "approved"
    back = wang.row("visit", returned)
    assert (back.review_state, back.review_comment) == ("returned", "请补充投资额")
    assert back.reviewer_id == chen.actor.staff_id


def test_pulled_companies_sort_by_pinyin_and_keys_stay_local(
    laptops: Any, central: Central
) -> None:
    wang: Device = laptops("wang")
    li: Device = laptops("li")
    for name in ("苏州通达电子有限公司", "苏州航天科技有限公司", "苏州鼎信材料有限公司"):
        wang.company(name, uscc=None)
    wang.sync()
    li.sync()
    query = ListQuery("companies", descending=False)
    first = ListingService(li.store).first_page(query, 10)
    assert [r.values[0] for r in first] == [
        "苏州鼎信材料有限公司",
        "苏州航天科技有限公司",
        "苏州通达电子有限公司",
    ]
    assert all("sort_key" not in row for row in central.rows("company"))
    renamed = first[0].id
    wang.edit("company", renamed, name="阿里巴巴（苏州）有限公司")
    wang.sync()
    li.sync()
    assert li.row("company", renamed).sort_key == sort_key("阿里巴巴（苏州）有限公司")
    assert ListingService(li.store).first_page(query, 10)[0].id == renamed
