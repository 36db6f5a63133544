"""The early reads (plain sqlite3, before the ORM loads) give exactly what the services give:
the same first page (ids, order, values and the text each cell shows), the same choices and
the same user; they give up (None) whenever they cannot be sure."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from liaison_app.db.models import Conflict
from liaison_app.domain.enums import Role
from liaison_app.paths import DataPaths
from liaison_app.services.context import AppServices
from liaison_app.services.early_reads import CACHE_FILE, EarlyReads, FirstPageFile
from liaison_app.services.list_columns import columns, default_query
from liaison_app.services.list_query import ListRow
from liaison_app.services.listing import ListingService, ListQuery
from liaison_app.services.session_user import current_actor, sign_in
from liaison_app.ui.models import cells

BLOCK = 200


@pytest.fixture
def listing(demo: AppServices) -> ListingService:
    return ListingService(demo.store)


@pytest.fixture
def pages(paths: DataPaths) -> FirstPageFile:
    return FirstPageFile(paths.root / CACHE_FILE)


@pytest.fixture
def reads(demo: AppServices, paths: DataPaths, pages: FirstPageFile):  # type: ignore[no-untyped-def]
    found = EarlyReads.open(paths.database, pages)
    assert found is not None
    yield found
    found.close()


def queries(demo: AppServices) -> list[ListQuery]:
    """Saved views as the filter bar restores them: each kind in its own order, and visits
    narrowed the ways the bar can (office, staff, period, review state, chain)."""
    office, staff = next((s[2], s[0]) for s in ListingService(demo.store).staff_choices())
    visits = default_query("visits")
    return [
        visits,
        visits.with_filter(office_id=office),
        visits.with_filter(staff_id=staff, review_state="draft"),
        visits.with_filter(date_from=date(2020, 1, 1), date_to=date(2020, 6, 30)),
        visits.with_filter(industry_chain="新能源"),
        default_query("leads"),
        default_query("leads").with_filter(valid=True, stage="contact"),
        default_query("deals"),
        default_query("companies"),
        default_query("contacts"),
    ]


def texts(query: ListQuery, rows: list[ListRow]) -> list[list[str]]:
    """What each cell of ``rows`` shows."""
    cols = columns(query.kind)
    return [[cells.display(c, v) for c, v in zip(cols, r.values, strict=True)] for r in rows]


def test_the_early_first_page_is_the_list_services_first_page(
    demo: AppServices, listing: ListingService, pages: FirstPageFile, reads: EarlyReads
) -> None:
    seen_full_page = False
    for i, query in enumerate(queries(demo)):
        page = f"page{i}"
        sql = listing.first_page_sql(query, BLOCK)
        assert sql is not None
        pages.save(page, query, sql)
        expected = listing.first_page(query, BLOCK)
        early = reads.first_page(page, query)
        assert early == expected, query  # ids, order, values and extras
        assert texts(query, early) == texts(query, expected)
        seen_full_page |= len(expected) == BLOCK
    assert seen_full_page  # at least one list is longer than a page
    visit = reads.first_page("page0", queries(demo)[0])
    assert visit and isinstance(visit[0].values[0], date)  # dates as the ORM gives them


def test_the_early_reads_give_up_when_unsure(
    demo: AppServices, listing: ListingService, pages: FirstPageFile, reads: EarlyReads
) -> None:
    query = default_query("visits")
    assert reads.first_page("visits", query) is None  # nothing filed yet
    sql = listing.first_page_sql(query, BLOCK)
    assert sql is not None
    pages.save("visits", query, sql)
    assert reads.first_page("visits", query.with_filter(review_state="draft")) is None
    assert reads.first_page("leads", query) is None  # filed for another page
    assert reads.first_page("visits", query) is not None
    pages.path.write_text(pages.path.read_text().replace('"stamp": "', '"stamp": "old '))
    assert reads.first_page("visits", query) is None  # filed by other code or schema
    assert listing.first_page_sql(query.with_filter(text="华为"), BLOCK) is None  # a search


def test_the_choices_and_the_user_are_the_services(
    demo: AppServices, listing: ListingService, reads: EarlyReads
) -> None:
    with demo.store.write() as session:
        visit = listing.first_page(default_query("visits"), 1)[0].id
        for resolved in (False, True):
            row = Conflict(entity="visit", row_id=visit, field="summary", lost_hlc="x")
            row.detected_at, row.resolved = datetime(2020, 7, 1), resolved
            session.add(row)
    assert reads.rows_in_conflict("visit") == demo.conflicts.rows_in_conflict("visit") == {visit}
    assert reads.offices() == demo.stats.offices()
    assert reads.staff_choices() == listing.staff_choices()
    office = reads.offices()[0][0]
    assert reads.staff_choices(office) == listing.staff_choices(office)
    assert reads.industry_chains() == listing.industry_chains()
    assert reads.actor() is None and current_actor(demo) is None  # nobody signed in yet
    sign_in(demo, "王浩然", "上海联络办", Role.staff)
    assert reads.actor() == current_actor(demo) is not None


def test_no_early_reads_of_a_missing_damaged_or_older_database(
    demo: AppServices, paths: DataPaths, pages: FirstPageFile, tmp_path: Path
) -> None:
    assert EarlyReads.open(tmp_path / "none.db", pages) is None
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"this is not a database" * 100)
    assert EarlyReads.open(damaged, pages) is None
    demo.store.close()
    conn = sqlite3.connect(paths.database)
    conn.execute("UPDATE alembic_version SET version_num = '0005_conflict_resolution'")
    conn.commit()
    conn.close()
    assert EarlyReads.open(paths.database, pages) is None  # a migration is due: the usual way
