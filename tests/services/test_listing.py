"""The list queries: filters, search and sorting in SQL narrow and order the right rows;
windows by offset (forward and from the end) and key snapshots agree."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from liaison_app.db.models import Company, Deal, Lead, Visit
from liaison_app.domain.sort_key import sort_key
from liaison_app.services import listing as listing_module
from liaison_app.services.actor import SYSTEM
from liaison_app.services.context import AppServices
from liaison_app.services.listing import ListFilter, ListingService, ListQuery, columns


def all_rows(listing: ListingService, query: ListQuery) -> list:
    """Every row of the list, window by window, the way the table model reads it."""
    if listing.is_windowed(query):
        total = listing.count(query)
        rows = []
        for offset in range(0, total, 50):
            rows += listing.page(query, offset, 50, total)
        return rows
    keys = listing.keys(query)
    return listing.rows_for(query.kind, keys)


def value(query: ListQuery, row, key: str):  # type: ignore[no-untyped-def]
    keys = [c.key for c in columns(query.kind)]
    return row.values[keys.index(key)]


@pytest.fixture
def listing(demo: AppServices) -> ListingService:
    return ListingService(demo.store)


def scalar(demo: AppServices, stmt):  # type: ignore[no-untyped-def]
    with demo.store.read() as session:
        return session.scalar(stmt)


def test_counts_match_the_tables(demo: AppServices, listing: ListingService) -> None:
    for kind, model in (
        ("visits", Visit),
        ("leads", Lead),
        ("deals", Deal),
        ("companies", Company),
    ):
        expected = scalar(
            demo, select(func.count()).select_from(model).where(model.deleted.is_(False))
        )
        assert listing.count(ListQuery(kind)) == expected > 0


def test_windows_from_either_end_give_the_same_order(listing: ListingService) -> None:
    query = ListQuery("visits")
    total = listing.count(query)
    forward = []
    for offset in range(0, total, 40):
        forward += listing.page(query, offset, 40)  # no total: always read forward
    both_ends = all_rows(listing, query)  # past the middle: read reversed from the end
    assert [r.id for r in forward] == [r.id for r in both_ends]
    assert len({r.id for r in forward}) == total
    dates = [value(query, r, "visit_date") for r in forward]
    assert dates == sorted(dates, reverse=True)
    last = listing.page(query, total - 1, 40, total)
    assert [r.id for r in last] == [forward[-1].id]


def test_sorting_by_date_and_money_both_ways(listing: ListingService) -> None:
    for descending in (False, True):
        query = ListQuery("leads", sort="investment", descending=descending)
        amounts = [value(query, r, "investment") or 0 for r in all_rows(listing, query)]
        assert amounts == sorted(amounts, reverse=descending)
        assert len(amounts) == listing.count(query)
        query = ListQuery("deals", sort="signed_on", descending=descending)
        dates = [value(query, r, "signed_on") for r in all_rows(listing, query)]
        assert dates == sorted(dates, reverse=descending)


def test_sort_by_company_name_uses_a_key_snapshot(listing: ListingService) -> None:
    query = ListQuery("visits", sort="company", descending=False)
    assert not listing.is_windowed(query)
    rows = all_rows(listing, query)
    names = [value(query, r, "company") for r in rows]
    assert len(rows) == listing.count(query)
    keys = [sort_key(n) for n in names]
    assert keys == sorted(keys)


def test_unsortable_columns_fall_back_to_the_default_order(listing: ListingService) -> None:
    query = ListQuery("visits", sort="summary")
    assert listing.sort_column(query).key == "visit_date"


def test_search_narrows_to_what_the_search_service_finds(
    demo: AppServices, listing: ListingService
) -> None:
    for kind, text in (
        ("visits", "考察意向"),
        ("visits", "华"),
        ("visits", "视频洽谈"),
        ("companies", "科技"),
        ("leads", "产线"),
        ("deals", "新能源"),
    ):
        query = ListQuery(kind, ListFilter(text=text))  # type: ignore[arg-type]
        found = {r.id for r in all_rows(listing, query)}
        expected = {h.id for h in demo.search.search(text, kind, limit=10_000)}  # type: ignore[arg-type]
        assert found == expected and found, (kind, text)
        assert listing.count(query) == len(found)


def test_filters_narrow_to_the_right_rows(demo: AppServices, listing: ListingService) -> None:
    office_id, _name = demo.stats.offices()[0]
    start, end = date(2020, 3, 1), date(2020, 4, 30)
    query = ListQuery(
        "visits",
        ListFilter(office_id=office_id, date_from=start, date_to=end, review_state="approved"),
    )
    rows = all_rows(listing, query)
    expected = scalar(
        demo,
        select(func.count())
        .select_from(Visit)
        .where(
            Visit.deleted.is_(False),
            Visit.office_id == office_id,
            Visit.visit_date.between(start, end),
            Visit.review_state == "approved",
        ),
    )
    assert len(rows) == expected > 0
    assert all(start <= value(query, r, "visit_date") <= end for r in rows)
    assert {r.extra["office_id"] for r in rows} == {office_id}

    valid = ListQuery("leads", ListFilter(valid=True, stage="signed"))
    assert listing.count(valid) == 17  # the sample data's signed deals came from valid leads
    chain = ListQuery("companies", ListFilter(industry_chain="机器人"))
    assert {value(chain, r, "industry_chain") for r in all_rows(listing, chain)} == {"机器人"}
    by_chain = ListQuery("visits", ListFilter(industry_chain="机器人"))
    company_ids = {r.extra["company_id"] for r in all_rows(listing, by_chain)}
    chains = {
        scalar(demo, select(Company.industry_chain).where(Company.id == c)) for c in company_ids
    }
    assert chains == {"机器人"}
    status = ListQuery("deals", ListFilter(deal_status="producing"))
    assert {value(status, r, "status") for r in all_rows(listing, status)} == {"producing"}


def test_deleted_rows_leave_the_list(demo: AppServices, listing: ListingService) -> None:
    query = ListQuery("deals")
    before = listing.count(query)
    victim = listing.ids(query, limit=1)[0]
    demo.records.delete("deal", victim, SYSTEM)
    assert listing.count(query) == before - 1
    assert victim not in {r.id for r in all_rows(listing, query)}


def test_contacts_of_one_company(demo: AppServices, listing: ListingService) -> None:
    company = scalar(demo, select(Company.id).order_by(Company.name).limit(1))
    query = ListQuery("contacts", ListFilter(company_id=company))
    rows = all_rows(listing, query)
    assert rows and {r.extra["company_id"] for r in rows} == {company}


def test_key_snapshots_bind_dates_like_windows(listing: ListingService) -> None:
    period = ListFilter(date_from=date(2020, 3, 1), date_to=date(2020, 3, 31), valid=True)
    windowed = ListQuery("leads", period)
    snapshot = ListQuery("leads", period, sort="company", descending=False)
    assert listing.is_windowed(windowed) and not listing.is_windowed(snapshot)
    ids = {r.id for r in all_rows(listing, windowed)}
    assert ids == {r.id for r in all_rows(listing, snapshot)} and ids
    assert len(listing.keys(snapshot)) == listing.count(windowed)


@pytest.mark.parametrize("walk", [10**9, 0], ids=["walked", "looked-up"])
def test_a_search_first_page_is_the_start_of_the_whole_list(
    demo: AppServices, listing: ListingService, monkeypatch: pytest.MonkeyPatch, walk: int
) -> None:
    """Walked in list order, each row tested on its text (and its company's, looked up
    row by row), or looked up in the index, the first page of a search is what the full
    key list starts with."""
    monkeypatch.setattr(listing_module, "WALK_ROWS", walk)
    monkeypatch.setattr(listing_module, "PROBE_ROWS", walk)
    for kind, text, sort in (
        ("visits", "考察", None),
        ("visits", "华", "company"),
        ("visits", "视频洽谈", None),
        ("visits", "有限公司", None),  # in company names only
        ("visits", "科技 考察", None),  # a company's text and the visit's own
        ("leads", "科技", "company"),
        ("companies", "科技", None),
        ("leads", "产线", None),
        ("deals", "新能源", None),
        ("contacts", "华", None),
    ):
        query = ListQuery(kind, ListFilter(text=text), sort=sort)
        expected = [r.id for r in listing.rows_for(kind, listing.keys(query)[:7])]
        assert expected, (kind, text)
        assert [r.id for r in listing.first_page(query, 7)] == expected, (kind, text)
