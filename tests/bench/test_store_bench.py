"""Benchmarks of the local store (issue: foundation). Run:

    uv run pytest tests/bench/test_store_bench.py --benchmark-enable --benchmark-only

Sizes: 200k visits, 20k companies, 10k leads, 2k deals (override with LIAISON_BENCH_SCALE,
e.g. 0.1 for a quick look). Each figure is a median; ratios are computed in the same run.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from liaison_app.db.engine import CACHE_KIB, make_engine
from liaison_app.db.models import Visit
from liaison_app.db.store import Store
from liaison_app.domain.fields import FIELDS
from liaison_app.services.actor import SYSTEM
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.listing import ListingService, ListQuery, columns
from liaison_app.services.stats import Period
from tests.bench import datagen

SCALE = float(os.environ.get("LIAISON_BENCH_SCALE", "1"))
SIZES = {
    k: int(v * SCALE)
    for k, v in {"visits": 200_000, "companies": 20_000, "leads": 10_000, "deals": 2_000}.items()
}
COMPARE_ROWS = int(50_000 * SCALE)


def fresh(path: Path) -> AppServices:
    return AppServices(Store.open(path), FixedClock(datetime(2026, 1, 1)))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("bench")
    services = fresh(folder / "big.db")
    started = time.perf_counter()
    ids = datagen.build(services, **SIZES)
    seconds = time.perf_counter() - started
    rows = sum(len(v) for v in ids.values())
    print(
        f"\nbulk build: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s "
        "(rows + history + outbox + FTS triggers)"
    )
    return {"services": services, "folder": folder, "ids": ids}


def visit_columns_and_rows(services: AppServices, n: int) -> tuple[list[str], list[tuple]]:
    """``n`` visit rows with every column, as the bare baseline inserts them."""
    with services.store.read() as session:
        sample = session.scalars(select(Visit).limit(n)).all()
        columns = [c.name for c in Visit.__table__.columns]
        rows = []
        for i, visit in enumerate(sample):
            values = [getattr(visit, c) for c in columns]
            values[columns.index("id")] = f"bare-{i}"
            values[columns.index("field_clocks")] = '{"*": "x"}'
            rows.append(
                tuple(
                    v.isoformat(" ")
                    if isinstance(v, datetime)
                    else v.isoformat()
                    if hasattr(v, "isoformat")
                    else v
                    for v in values
                )
            )
    return columns, rows


def test_bulk_insert_against_bare_executemany(big: dict[str, Any], benchmark) -> None:
    """Our bulk path (rows + history + outbox) vs sqlite3 executemany of the same rows."""
    services: AppServices = big["services"]
    folder: Path = big["folder"]
    columns, rows = visit_columns_and_rows(services, COMPARE_ROWS)
    template = folder / "template.db"
    if not template.exists():
        seed = fresh(template)
        datagen.build(seed, visits=0, companies=0, leads=0, deals=0)
        seed.store.close()
        conn = sqlite3.connect(template)
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("ATTACH ? AS big", (str(folder / "big.db"),))
        conn.execute("INSERT INTO companies SELECT * FROM big.companies")
        conn.execute("INSERT OR IGNORE INTO offices SELECT * FROM big.offices")
        conn.execute("INSERT OR IGNORE INTO staff SELECT * FROM big.staff")
        conn.commit()
        conn.execute("DETACH big")
        conn.close()

    def bare(search_index: bool) -> float:
        """executemany into the same table: with its search triggers, or without them."""
        target = folder / "bare.db"
        shutil.copyfile(template, target)
        conn = sqlite3.connect(target)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute("PRAGMA foreign_keys = ON")  # as the app runs
        if not search_index:
            conn.execute("DROP TRIGGER visits_fts_ai")
            conn.execute("DROP TRIGGER visits_pairs_ai")
        started = time.perf_counter()
        placeholders = ", ".join("?" for _ in columns)
        conn.executemany(f"INSERT INTO visits ({', '.join(columns)}) VALUES ({placeholders})", rows)
        conn.commit()
        elapsed = time.perf_counter() - started
        conn.close()
        return elapsed

    fields = [spec for spec in FIELDS["visit"]]
    clean_rows = [
        {spec.name: spec.parse(row[columns.index(spec.name)]) for spec in fields} for row in rows
    ]

    def ours() -> float:
        target = folder / "ours.db"
        shutil.copyfile(template, target)
        services = AppServices(Store(target, make_engine(target)))
        started = time.perf_counter()
        with services.store.write() as session:
            services.records.insert_many(session, "visit", clean_rows, SYSTEM)
        elapsed = time.perf_counter() - started
        services.store.close()
        return elapsed

    triggers_median = sorted(bare(True) for _ in range(3))[1]
    bare_times = sorted(bare(False) for _ in range(3))
    ours_times = sorted(ours() for _ in range(3))
    benchmark.pedantic(lambda: None, rounds=1)
    ours_median = ours_times[1]
    bare_median = bare_times[1]
    n = len(rows)
    benchmark.extra_info.update(
        rows=n,
        ours_rows_per_s=round(n / ours_median),
        bare_rows_per_s=round(n / bare_median),
        bare_with_search_triggers_rows_per_s=round(n / triggers_median),
        ratio=round(ours_median / bare_median, 2),
    )
    print(
        f"\n{n:,} visits (medians of 3): ours (rows + history + outbox + search index) "
        f"{n / ours_median:,.0f} rows/s; bare executemany of the same rows without the search "
        f"index {n / bare_median:,.0f} rows/s (ours takes {ours_median / bare_median:.2f}x); "
        f"bare with the search triggers {n / triggers_median:,.0f} rows/s"
    )


def test_orm_one_object_at_a_time_for_comparison(big: dict[str, Any], benchmark) -> None:
    """The path we avoid for bulk work: RecordService.create, one transaction per row."""
    services: AppServices = big["services"]
    company = big["ids"]["company"][0]
    office = big["ids"]["office"][0]
    n = max(50, int(2000 * SCALE))

    def create_many() -> None:
        for i in range(n):
            services.records.create(
                "visit",
                {
                    "visit_date": "2020-01-01",
                    "company_id": company,
                    "office_id": office,
                    "summary": f"逐条保存{i}",
                },
                SYSTEM,
            )

    benchmark.pedantic(create_many, rounds=1, iterations=1)
    benchmark.extra_info.update(rows=n, rows_per_s=round(n / benchmark.stats.stats.median))


def test_stats_over_all_data(big: dict[str, Any], benchmark) -> None:
    services: AppServices = big["services"]
    result = benchmark(services.stats.compute, Period())
    assert result["visits"] >= SIZES["visits"]


def test_two_character_company_search(big: dict[str, Any], benchmark) -> None:
    services: AppServices = big["services"]
    hits = benchmark(services.search.search, "华为", "companies", 200)
    assert hits and all("华为" in h.title for h in hits)


def test_page_of_visits_sorted_by_date_at_offset_150k(big: dict[str, Any], benchmark) -> None:
    """The list view's page query (services.listing), 200 rows deep in the list."""
    services: AppServices = big["services"]
    listing = ListingService(services.store)
    query = ListQuery("visits", sort="visit_date", descending=False)
    offset = int(150_000 * SCALE)

    rows = benchmark(listing.page, query, offset, 200)
    assert len(rows) == 200
    dates = [row.values[[c.key for c in columns("visits")].index("visit_date")] for row in rows]
    assert dates == sorted(dates)
