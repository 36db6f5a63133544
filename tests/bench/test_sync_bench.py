"""Benchmarks of the sync against this machine's PostgreSQL (issue: sync engine). Run:

    uv run pytest tests/bench/test_sync_bench.py --benchmark-enable --benchmark-only -s

- First sync of a laptop holding 100k records (80k visits, 10k companies, 8k leads, 2k
  deals): records/s, and the peak RSS growth during it (memory must stay flat: pages and
  batches, never the whole table).
- Incremental sync of 1,000 edited records.
- No-op sync at 100k and at 1M rows on both sides: median (target < 200 ms) and the ratio
  1M / 100k (target <= 1.5): an idle sync reads no data rows.
- A 100k-row Excel import, then its sync: the outbox is compared with the data it carries.

LIAISON_BENCH_SCALE scales the row counts (0.1 for a quick look).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from liaison_app.db.models import Visit
from liaison_app.db.store import Store
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.session_user import current_actor
from liaison_app.services.transfer import TransferService
from liaison_app.sync.central import admin
from liaison_app.sync.connect import connect, open_central
from liaison_app.sync.session import SyncSession
from tests.bench import datagen
from tests.sync.conftest import PASSWORD, START, Central, Device, MemoryKeyring

pytestmark = pytest.mark.postgres
SCALE = float(os.environ.get("LIAISON_BENCH_SCALE", "1"))
SIZES = {
    k: max(int(v * SCALE), 10)
    for k, v in {"visits": 80_000, "companies": 10_000, "leads": 8_000, "deals": 2_000}.items()
}
BIG = int(1_000_000 * SCALE)
OFFICES = ("上海联络办", "深圳联络办", "北京联络办")


def central_people(device: Device) -> tuple[list[str], list[str]]:
    """The central store's offices and their staff (one each), as the laptop pulled them."""
    with device.store.read() as session:
        offices = dict(session.execute(text("SELECT name, id FROM offices")).all())
        staff = dict(
            session.execute(text("SELECT office_id, id FROM staff WHERE role = 'staff'")).all()
        )
    office_ids = [offices[name] for name in OFFICES]
    return office_ids, [staff[office] for office in office_ids]


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakRss:
    """Samples this process's resident memory every 20 ms while a block runs."""

    def __enter__(self) -> PeakRss:
        self.start = self.peak = rss_mb()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.02)

    def __exit__(self, *exc: object) -> None:
        self.running = False
        self.thread.join()

    @property
    def growth(self) -> float:
        return self.peak - self.start


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, pg_server: Any) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("sync-bench")
    name = pg_server.create_database()
    db_url = pg_server.database_url(name)
    central = Central(
        "postgres",
        db_url,
        f"postgresql://{pg_server.host}:{pg_server.port}/{name}",
        name + "_",
        pg_server.checks_passwords,
    )
    admin.init_central(central.address, central.clock)
    for office in OFFICES:
        central.add_user(f"staff-{office[:2]}", office, "staff")
    login = central.add_user("hq", None, "hq")
    yield {"folder": folder, "central": central, "login": login}
    pg_server.drop_database(name)
    pg_server.drop_roles(name + "_")


@pytest.fixture(scope="module")
def laptop(world: dict[str, Any]) -> Iterator[Device]:
    folder = world["folder"] / "hq"
    device = Device(folder, world["central"], world["login"])
    started = time.perf_counter()
    datagen.build(device.services, **SIZES, people=central_people(device))
    print(f"\nbuilt {sum(SIZES.values()):,} records in {time.perf_counter() - started:.1f} s")
    yield device
    device.close()


def test_first_sync_of_100k_records(benchmark: Any, laptop: Device) -> None:
    total = sum(SIZES.values())
    peak = PeakRss()

    def first() -> Any:
        with peak:
            return laptop.sync()

    summary = benchmark.pedantic(first, rounds=1, iterations=1)
    seconds = benchmark.stats.stats.median
    assert summary.pushed >= total and summary.rejected == 0
    print(
        f"\nfirst sync: {total:,} records in {seconds:.1f} s = {total / seconds:,.0f} records/s;"
        f" RSS +{peak.growth:.0f} MB (peak {peak.peak:.0f} MB)"
    )
    benchmark.extra_info.update(records_per_s=total / seconds, rss_growth_mb=peak.growth)


def test_incremental_sync_of_1000_edits(benchmark: Any, laptop: Device) -> None:
    with laptop.store.read() as session:
        ids = [r[0] for r in session.execute(text("SELECT id FROM visits LIMIT 1000"))]
    rounds = iter(range(100))

    def setup() -> tuple[tuple, dict]:
        n = next(rounds)
        with laptop.store.write() as session:
            for i, row_id in enumerate(ids):
                row = session.get(Visit, row_id)
                laptop.services.records.apply(
                    session, "visit", row, {"next_step": f"第{n}轮跟进{i}"}, laptop.actor
                )
        return (), {}

    summary = benchmark.pedantic(laptop.sync, setup=setup, rounds=3, iterations=1)
    assert summary.pushed == 1000
    print(f"\nincremental sync of 1,000 edits: median {benchmark.stats.stats.median * 1000:.0f} ms")


def test_noop_sync_at_100k(benchmark: Any, laptop: Device) -> None:
    laptop.sync()
    summary = benchmark(laptop.sync)
    assert summary.nothing
    median = benchmark.stats.stats.median
    laptop.central.noop_100k = median  # type: ignore[attr-defined]
    print(f"\nno-op sync at 100k: median {median * 1000:.1f} ms")


def fill_central(central: Central, n: int) -> None:
    """n more visits straight into the central store, under real office and company ids."""
    engine = central.address.engine()
    with engine.begin() as conn:
        office, company = conn.execute(
            text("SELECT office_id, company_id FROM visits LIMIT 1")
        ).one()
        high = central.high()
        conn.execute(text("ALTER TABLE visits DISABLE TRIGGER visits_stamp"))
        conn.execute(
            text(
                "INSERT INTO visits (id, office_id, staff_id, company_id, visit_date, mode,"
                " people_met, summary, outcome, next_step, review_state, review_comment,"
                " created_at, updated_at, hlc, field_clocks, deleted, updated_login, server_seq)"
                " SELECT md5(i::text || 'fill'), :office, NULL, :company, date '2020-01-01',"
                " 'onsite', '', '填充', '', '', 'draft', '', now(), now(), '', '{}', false, '',"
                " :high + i FROM generate_series(1, :n) AS i"
            ),
            {"high": high, "n": n, "office": office, "company": company},
        )
        conn.execute(text("SELECT setval('liaison_server_seq', :v)"), {"v": high + n})
        conn.execute(text("ALTER TABLE visits ENABLE TRIGGER visits_stamp"))
        conn.execute(text("ANALYZE visits"))
    engine.dispose()


def fill_laptop(device: Device, n: int) -> None:
    """n more companies straight into the laptop's file, as if pulled long ago."""
    with device.store.write() as session:
        conn = session.connection()
        conn.exec_driver_sql("INSERT INTO search_index_paused VALUES (1)")
        conn.exec_driver_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO companies (id, name, name_key, uscc, industry_chain, region, address,"
            " listed, foreign_funded, notes, created_at, updated_at, updated_by, hlc,"
            " field_clocks, deleted, server_seq)"
            " SELECT 'fill-' || i, '填充企业' || i, '填充企业' || i, NULL, '', '', '', 0, 0, '',"
            " '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', NULL, '', '{}', 0, i"
            " FROM n",
            (n,),
        )
        conn.exec_driver_sql("DELETE FROM search_index_paused")


def test_noop_sync_at_1m(benchmark: Any, laptop: Device) -> None:
    central = laptop.central
    have = central.high()
    fill_central(central, max(BIG - have, 0))
    laptop.sync()  # hq pulls what it can see: the filled rows too
    fill_laptop(laptop, max(BIG - laptop.count("company", live=False) - laptop.count("visit"), 0))
    laptop.sync()
    summary = benchmark(laptop.sync)
    assert summary.nothing
    median = benchmark.stats.stats.median
    base = getattr(central, "noop_100k", None)
    ratio = f"; ratio to 100k {median / base:.2f}" if base else ""
    print(f"\nno-op sync at 1M: median {median * 1000:.1f} ms{ratio}")


def test_excel_import_then_sync(benchmark: Any, world: dict[str, Any], tmp_path: Path) -> None:
    # The ledger comes from another hq laptop: same offices and people, never synced.
    source = Device(tmp_path / "source", world["central"], world["login"])
    datagen.build(
        source.services,
        visits=int(100_000 * SCALE),
        companies=SIZES["companies"] // 2,
        leads=0,
        deals=0,
        people=central_people(source),
        seed=2,
    )
    workbook = tmp_path / "ledger.xlsx"
    TransferService(source.services).export(workbook)
    source.close()
    laptop_clock = FixedClock(START)

    store = Store.open(tmp_path / "target" / "liaison.db")
    target = AppServices(store, laptop_clock)
    connect(target, world["central"].laptop_url, world["login"], PASSWORD, MemoryKeyring())
    outcome = TransferService(target).import_file(workbook, current_actor(target))
    assert outcome.ok, outcome.plan.problem_count
    with store.read() as session:
        outbox = session.execute(
            text(
                "SELECT count(*), sum(length(id) + length(entity) + length(row_id) + length(op)"
                " + length(base) + length(changes) + length(hlc)) FROM outbox"
            )
        ).one()
        data = session.execute(
            text(
                "SELECT sum(length(summary) + length(people_met) + length(outcome) + 36 * 4)"
                " FROM visits"
            )
        ).scalar_one()
    print(
        f"\nafter import: {outbox[0]:,} outbox entries, {outbox[1] / 2**20:.1f} MB of outbox"
        f" for {data / 2**20:.1f} MB of visit data"
    )

    def sync() -> Any:
        central = open_central(target, world["central"].laptop_url, world["login"], PASSWORD)
        try:
            return SyncSession(target, central, world["central"].laptop_url).run()
        finally:
            central.close()

    summary = benchmark.pedantic(sync, rounds=1, iterations=1)
    seconds = benchmark.stats.stats.median
    print(
        f"import then sync: {summary.pushed:,} records pushed and {summary.received.total:,}"
        f" received (a new hq laptop also pulls what the others pushed) in {seconds:.1f} s"
    )
    assert outbox[1] < data
    store.close()
