"""Benchmarks of the lists and figures at scale (issue 11). Run:

    uv run pytest tests/bench/test_list_bench.py --benchmark-enable --benchmark-only -s

On the UI benchmarks' 200k-visit database (``tests/bench/test_ui_bench``; keep it between
runs with LIAISON_BENCH_CACHE=<folder>; LIAISON_BENCH_1M=1 adds the 1M one), warm cache:

- a search's first page (what the list shows first), and the count or ordered keys read
  after it, off the UI thread (``PagedTableModel.reload``);
- the visits list switched to sort by company: its first page, then its keys;
- ``stats`` over all time, and for one office;
- the dashboard over all time, and for one office, with follow-ups on 60% of the visits.

Figures are medians, printed at the end.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from liaison_app.db.store import Store
from liaison_app.services.dashboard import DashboardService
from liaison_app.services.listing import ListFilter, ListingService, ListQuery
from liaison_app.services.stats import Period, StatsService
from tests.bench.test_ui_bench import BIG_VISITS, _cache_root, build_database, sizes

RESULTS: dict[str, float] = {}
BLOCK = 200  # PagedTableModel.BLOCK
SEARCHES = ("华为", "实地考察", "华", "半导体")


def median_ms(fn: Callable[[], Any], rounds: int = 7) -> float:
    fn()  # warm
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def databases() -> list[str]:
    return ["200k", "1m"] if os.environ.get("LIAISON_BENCH_1M") else ["200k"]


@pytest.fixture(scope="module", params=databases())
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    root = _cache_root(tmp_path_factory)
    (root / request.param).mkdir(exist_ok=True)
    path = root / request.param / "liaison.db"
    build_database(path, sizes()["visits"] if request.param == "200k" else BIG_VISITS)
    opened = Store.open(Path(path))
    yield request.param, opened
    opened.close()


def rest(listing: ListingService, query: ListQuery) -> int:
    """What the model reads after the first page: the count, or the ordered keys."""
    if listing.is_windowed(query):
        return listing.count(query)
    return len(listing.keys(query))


def test_search_first_page_then_the_rest(store: Any, benchmark) -> None:  # type: ignore[no-untyped-def]
    size, opened = store
    listing = ListingService(opened)
    for text in SEARCHES:
        query = ListQuery("visits", ListFilter(text=text))
        hits = rest(listing, query)
        RESULTS[f"{size}: search '{text}' ({hits:,} hits), first page (ms)"] = median_ms(
            lambda q=query: listing.first_page(q, BLOCK)
        )
        RESULTS[f"{size}: search '{text}', count/keys after it (ms)"] = median_ms(
            lambda q=query: rest(listing, q), 3
        )
    query = ListQuery("visits", ListFilter(text="实地考察"))
    benchmark.pedantic(lambda: listing.first_page(query, BLOCK), rounds=5, iterations=1)


def test_visits_sorted_by_company(store: Any, benchmark) -> None:  # type: ignore[no-untyped-def]
    size, opened = store
    listing = ListingService(opened)
    query = ListQuery("visits", sort="company", descending=False)
    RESULTS[f"{size}: visits by company, first page (ms)"] = median_ms(
        lambda: listing.first_page(query, BLOCK)
    )
    RESULTS[f"{size}: visits by company, keys after it (ms)"] = median_ms(
        lambda: rest(listing, query), 3
    )
    benchmark.pedantic(lambda: listing.first_page(query, BLOCK), rounds=5, iterations=1)


def test_stats_all_time_and_one_office(store: Any, benchmark) -> None:  # type: ignore[no-untyped-def]
    size, opened = store
    stats = StatsService(opened)
    office = stats.offices()[0][0]
    RESULTS[f"{size}: stats, all time (ms)"] = median_ms(stats.compute)
    RESULTS[f"{size}: stats, one office, all time (ms)"] = median_ms(
        lambda: stats.compute(office_ids=[office])
    )
    benchmark.pedantic(stats.compute, rounds=5, iterations=1)


def test_dashboard_with_follow_ups(store: Any, tmp_path: Path, benchmark) -> None:  # type: ignore[no-untyped-def]
    """The dashboard over all time and for one office, on a copy where 60% of the visits
    have a follow-up date a month later (the sample data's share), so that the overdue
    list has work to do."""
    size, opened = store
    copy = tmp_path / "follow-ups.db"
    with closing(sqlite3.connect(opened.path)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute(
            "UPDATE visits SET next_follow_up = date(visit_date, '+30 days') WHERE rowid % 10 < 6"
        )
        conn.commit()
    with_follow_ups = Store.open(copy)
    try:
        dashboard = DashboardService(with_follow_ups)
        office = dashboard.stats.offices()[0][0]
        today = date(2026, 11, 30)
        overdue = dashboard.overdue_follow_ups(today, None)[0]
        RESULTS[f"{size}: dashboard, all time, {overdue:,} overdue (ms)"] = median_ms(
            lambda: dashboard.load(Period(), None, today)
        )
        RESULTS[f"{size}: dashboard, one office, all time (ms)"] = median_ms(
            lambda: dashboard.load(Period(), [office], today)
        )
        benchmark.pedantic(lambda: dashboard.load(Period(), None, today), rounds=5, iterations=1)
    finally:
        with_follow_ups.close()


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    if RESULTS:
        print("\n\nList benchmarks (medians):")
        for name, value in RESULTS.items():
            print(f"  {name}: {value:,.1f}")
