"""The local store made ready for sync: HLC high-water mark, outbox merging, device ids,
company ids from the USCC, sample-data flag, and migration 0004 of an older database."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select, text

from liaison_app.db.migrate import read_revision, upgrade
from liaison_app.db.models import Company, Lead, Outbox, company_id_for
from liaison_app.db.revision import HEAD
from liaison_app.db.store import Store
from liaison_app.domain.fields import FIELDS
from liaison_app.domain.uscc import make_uscc
from liaison_app.paths import DataPaths
from liaison_app.services.actor import SYSTEM, Actor
from liaison_app.services.backup import create_backup, restore_backup
from liaison_app.services.clock import (
    MAX_DRIFT_MS,
    FixedClock,
    HybridClock,
    clamp_stamp,
    format_hlc,
    hlc_key,
    millis,
    parse_hlc,
)
from liaison_app.services.context import SAMPLE_DATA_KEY, AppServices, device_id, get_meta
from liaison_app.services.records import HLC_HIGH_KEY

HUAWEI = make_uscc("91440300708461136")
OTHER_USCC = make_uscc("91310115MA1H7XK2Q")


# --- helpers ---------------------------------------------------------------------------------


def new_company(services: AppServices, name: str = "华为技术有限公司", **values: object) -> str:
    return services.records.create("company", {"name": name, **values}, SYSTEM)


def new_lead(services: AppServices, staff: Actor, **values: object) -> str:
    company_id = new_company(services)
    return services.records.create(
        "lead",
        {
            "title": "电池 pack 产线",
            "company_id": company_id,
            "office_id": staff.office_id,
            "staff_id": staff.staff_id,
            "found_on": "2020-06-11",
            "investment_yuan": "1.2亿",
            **values,
        },
        staff,
    )


def new_visit(services: AppServices, staff: Actor) -> str:
    return services.records.create(
        "visit",
        {
            "visit_date": "2020-06-11",
            "company_id": new_company(services),
            "office_id": staff.office_id,
            "staff_id": staff.staff_id,
            "summary": "座谈新能源电池 pack 产线项目",
        },
        staff,
    )


def entries(store: Store, entity: str, row_id: str) -> list[Outbox]:
    """The outbox entries of one record, oldest first."""
    with store.read() as session:
        query = select(Outbox).where(Outbox.entity == entity, Outbox.row_id == row_id)
        return list(session.scalars(query.order_by(Outbox.seq)))


def mark_pushed(store: Store) -> None:
    """What a successful push leaves: an empty outbox."""
    with store.write() as session:
        session.execute(delete(Outbox))


def row_stamp(store: Store, row_id: str) -> tuple[str, dict[str, str]]:
    with store.read() as session:
        lead = session.get(Lead, row_id)
        assert lead is not None
        return lead.hlc, dict(lead.field_clocks)


# --- 1. hybrid logical clock -------------------------------------------------------------------


def test_restart_with_clock_set_back_still_stamps_after_the_high_water_mark(
    services: AppServices, store: Store, paths: DataPaths, clock: FixedClock, staff: Actor
) -> None:
    """`hlc_high` is saved with each write; a reopened store starts past it."""
    lead_id = new_lead(services, staff)
    old_hlc, _ = row_stamp(store, lead_id)
    assert get_meta(store, HLC_HIGH_KEY) == old_hlc
    store.close()

    clock.advance(hours=-1)
    reopened = Store.open(paths.database, paths.backups)
    try:
        services2 = AppServices(reopened, clock)
        services2.records.update("lead", lead_id, {"title": "电池 pack 二期"}, staff)
        new_hlc, clocks = row_stamp(reopened, lead_id)
        assert hlc_key(new_hlc) > hlc_key(old_hlc)
        assert hlc_key(clocks["title"]) > hlc_key(old_hlc)
        assert get_meta(reopened, HLC_HIGH_KEY) == new_hlc
    finally:
        reopened.close()


def test_counter_keeps_order_past_100000_ticks_in_one_millisecond(clock: FixedClock) -> None:
    """The 10-digit counter sorts as text and as a tuple beyond five digits."""
    hlc = HybridClock(clock, "dev")
    previous = hlc.tick()
    for _ in range(100_001):
        stamp = hlc.tick()
        assert hlc_key(stamp) > hlc_key(previous)
        assert stamp > previous
        previous = stamp
    wall_ms, counter, device = parse_hlc(previous)
    assert (wall_ms, counter, device) == (millis(clock.now()), 100_001, "dev")
    assert previous.split("-")[1] == "0000100001"


def test_old_five_digit_stamps_compare_by_value() -> None:
    old = "1593595800000-00009-dev"
    new = format_hlc(1593595800000, 10, "dev")
    assert parse_hlc(old) == (1593595800000, 9, "dev")
    assert hlc_key(old) < hlc_key(new)
    assert old > new  # text comparison would get it wrong
    assert hlc_key(None) < hlc_key(old)


def test_observe_clamps_far_future_stamps_and_accepts_small_drift(clock: FixedClock) -> None:
    hlc = HybridClock(clock, "dev")
    now_ms = millis(clock.now())
    near = format_hlc(now_ms + 60_000, 3, "peer")
    assert hlc.observe(near) == near
    assert hlc.clamped == 0

    far = format_hlc(millis(clock.now() + timedelta(days=1)), 4, "peer")
    seen = hlc.observe(far)
    assert parse_hlc(seen) == (now_ms + MAX_DRIFT_MS, 4, "peer")
    assert hlc.clamped == 1
    following = hlc.tick()
    assert hlc_key(following) > hlc_key(seen)
    assert parse_hlc(following)[0] <= now_ms + MAX_DRIFT_MS


def test_clamp_stamp() -> None:
    now_ms = 1_600_000_000_000
    within = format_hlc(now_ms + MAX_DRIFT_MS, 1, "a")
    assert clamp_stamp(within, now_ms) == within
    beyond = format_hlc(now_ms + MAX_DRIFT_MS + 1, 2, "a")
    assert clamp_stamp(beyond, now_ms) == format_hlc(now_ms + MAX_DRIFT_MS, 2, "a")


# --- 2, 3. outbox ------------------------------------------------------------------------------


def test_insert_entry_points_at_the_row_and_stays_an_insert(
    services: AppServices, store: Store, staff: Actor
) -> None:
    lead_id = new_lead(services, staff)
    (entry,) = entries(store, "lead", lead_id)
    assert (entry.op, entry.changes, entry.base_seq, entry.in_flight) == ("insert", {}, None, False)
    services.records.update("lead", lead_id, {"title": "改名"}, staff)
    (entry,) = entries(store, "lead", lead_id)
    assert (entry.op, entry.changes) == ("insert", {})


def test_fifty_updates_merge_into_one_entry_with_the_first_base(
    services: AppServices, store: Store, staff: Actor
) -> None:
    lead_id = new_lead(services, staff)
    mark_pushed(store)
    for n in range(50):
        services.records.update("lead", lead_id, {"title": f"标题 {n}", "stage": "洽谈"}, staff)
    (entry,) = entries(store, "lead", lead_id)
    assert entry.op == "update"
    assert entry.base == {"title": "电池 pack 产线", "stage": "contact"}
    assert set(entry.changes) == {"title", "stage"}
    assert entry.hlc == row_stamp(store, lead_id)[0]

    services.records.delete("lead", lead_id, staff)
    (entry,) = entries(store, "lead", lead_id)
    assert entry.op == "delete"
    assert entry.base["title"] == "电池 pack 产线"


def test_visit_updates_merge_too(services: AppServices, store: Store, staff: Actor) -> None:
    visit_id = new_visit(services, staff)
    mark_pushed(store)
    for n in range(50):
        services.records.update("visit", visit_id, {"outcome": f"成效 {n}"}, staff)
    (entry,) = entries(store, "visit", visit_id)
    assert (entry.op, entry.base) == ("update", {"outcome": ""})


def test_an_in_flight_entry_is_never_merged_into(
    services: AppServices, store: Store, staff: Actor
) -> None:
    lead_id = new_lead(services, staff)
    with store.write() as session:
        session.execute(text("UPDATE outbox SET in_flight = 1"))
    sent = entries(store, "lead", lead_id)[0]
    services.records.update("lead", lead_id, {"title": "第二版"}, staff)
    services.records.update("lead", lead_id, {"title": "第三版"}, staff)
    first, second = entries(store, "lead", lead_id)
    assert (first.id, first.op, first.hlc, first.changes) == (sent.id, "insert", sent.hlc, {})
    assert first.in_flight
    assert (second.op, second.in_flight, second.base) == (
        "update",
        False,
        {"title": "电池 pack 产线"},
    )


def test_base_seq_is_the_server_seq_of_the_first_edit(
    services: AppServices, store: Store, staff: Actor
) -> None:
    lead_id = new_lead(services, staff)
    mark_pushed(store)

    def pulled(seq: int) -> None:
        with store.write() as session:
            lead = session.get(Lead, lead_id)
            assert lead is not None
            lead.server_seq = seq

    pulled(7)
    services.records.update("lead", lead_id, {"title": "一"}, staff)
    pulled(9)
    services.records.update("lead", lead_id, {"title": "二"}, staff)
    services.records.update("lead", lead_id, {"title": "三"}, staff)
    (entry,) = entries(store, "lead", lead_id)
    assert entry.base_seq == 7


def test_derived_name_key_never_enters_the_outbox(services: AppServices, store: Store) -> None:
    company_id = new_company(services)
    mark_pushed(store)
    services.records.update("company", company_id, {"name": "华为技术（深圳）有限公司"}, SYSTEM)
    services.records.delete("company", company_id, SYSTEM)
    (entry,) = entries(store, "company", company_id)
    assert entry.base["name"] == "华为技术有限公司"
    assert "name" in entry.changes
    assert "name_key" not in entry.base
    assert "name_key" not in entry.changes


def test_outbox_row_index_exists(store: Store) -> None:
    with store.read() as session:
        table = session.scalar(
            text("SELECT tbl_name FROM sqlite_master WHERE type='index' AND name='ix_outbox_row'")
        )
        columns = [r[2] for r in session.execute(text("PRAGMA index_info('ix_outbox_row')"))]
    assert table == "outbox"
    assert columns == ["entity", "row_id"]


def test_delete_base_holds_every_field_it_saw(
    services: AppServices, store: Store, staff: Actor
) -> None:
    lead_id = new_lead(services, staff, intended_park="光明科学城")
    mark_pushed(store)
    services.records.delete("lead", lead_id, staff)
    (entry,) = entries(store, "lead", lead_id)
    assert entry.op == "delete"
    assert entry.changes == {"deleted": True}
    assert set(entry.base) == {spec.name for spec in FIELDS["lead"]} | {"deleted"}
    assert entry.base["deleted"] is False
    assert entry.base["intended_park"] == "光明科学城"
    assert entry.base["investment_yuan"] == 120_000_000
    assert entry.base["found_on"] == "2020-06-11"


def test_approval_puts_the_reviewed_fields_in_the_base(
    services: AppServices, store: Store, staff: Actor, manager: Actor
) -> None:
    visit_id = new_visit(services, staff)
    assert services.review.submit([visit_id], staff) == 1
    mark_pushed(store)
    assert services.review.approve([visit_id], manager) == 1
    (entry,) = entries(store, "visit", visit_id)
    assert entry.op == "update"
    assert entry.changes.keys() >= {"review_state", "reviewer_id"}
    assert {spec.name for spec in FIELDS["visit"]} <= entry.base.keys()
    assert entry.base["summary"] == "座谈新能源电池 pack 产线项目"
    assert entry.base["visit_date"] == "2020-06-11"
    assert entry.base["review_state"] == "submitted"


# --- 4. sample data ----------------------------------------------------------------------------


def test_sample_data_is_marked(demo: AppServices, tmp_path: Path) -> None:
    assert get_meta(demo.store, SAMPLE_DATA_KEY) == "1"
    fresh = Store.open(tmp_path / "fresh.db", tmp_path / "backups")
    try:
        assert get_meta(fresh, SAMPLE_DATA_KEY) is None
    finally:
        fresh.close()


# --- 5. restore --------------------------------------------------------------------------------


def test_restore_gives_the_database_a_new_device_id(
    services: AppServices, store: Store, paths: DataPaths, clock: FixedClock
) -> None:
    new_company(services)
    before = device_id(store)
    backup = create_backup(paths.database, None, paths.backups, clock.now())
    store.close()
    restore_backup(backup, paths.database, paths.backups, clock.now())
    reopened = Store.open(paths.database, paths.backups)
    try:
        after = device_id(reopened)
        assert after != before
        assert AppServices(reopened, clock).hlc.device_id == after
        with reopened.read() as session:
            assert session.scalar(select(Company.name)) == "华为技术有限公司"
    finally:
        reopened.close()


# --- 6. company ids ----------------------------------------------------------------------------


def test_company_ids_derive_from_the_uscc(services: AppServices) -> None:
    with_uscc = new_company(services, uscc=HUAWEI)
    assert with_uscc == company_id_for(HUAWEI)
    assert uuid.UUID(with_uscc).version == 5
    first, second = new_company(services, "甲公司"), new_company(services, "乙公司")
    assert first != second
    assert uuid.UUID(first).version == uuid.UUID(second).version == 4


def test_creating_a_deleted_companys_uscc_brings_it_back(
    services: AppServices, store: Store
) -> None:
    company_id = new_company(services, uscc=HUAWEI)
    services.records.delete("company", company_id, SYSTEM)
    again = new_company(services, "华为技术有限公司（新）", uscc=HUAWEI)
    assert again == company_id
    assert services.records.get("company", again)["name"] == "华为技术有限公司（新）"
    with store.read() as session:
        rows = list(session.scalars(select(Company)))
    assert [(r.id, r.deleted) for r in rows] == [(company_id, False)]


def test_a_uscc_given_up_by_a_live_company_does_not_overwrite_it(services: AppServices) -> None:
    first = new_company(services, "甲公司", uscc=HUAWEI)
    services.records.update("company", first, {"uscc": OTHER_USCC}, SYSTEM)
    second = new_company(services, "乙公司", uscc=HUAWEI)
    assert second != first
    kept = services.records.get("company", first)
    assert (kept["name"], kept["uscc"]) == ("甲公司", OTHER_USCC)


# --- 7. migration 0004 -------------------------------------------------------------------------


def test_a_0003_database_upgrades_and_keeps_its_outbox(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    upgrade(path, "0003_live_list_indexes")
    assert read_revision(path) == "0003_live_list_indexes"
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute(
                "INSERT INTO outbox (id, entity, row_id, op, base, changes, hlc, created_at)"
                " VALUES (?, 'lead', 'row-1', 'update', ?, ?, '1593595800000-00001-dev', ?)",
                (
                    "op-1",
                    json.dumps({"title": "旧"}),
                    json.dumps({"title": "新"}),
                    "2020-07-01 09:30:00.000000",
                ),
            )
    finally:
        conn.close()

    store = Store.open(path, tmp_path / "backups")
    try:
        assert read_revision(path) == HEAD
        with store.read() as session:
            (entry,) = session.scalars(select(Outbox))
            columns = {r[1] for r in session.execute(text("PRAGMA table_info('sync_state')"))}
        assert (entry.id, entry.base, entry.changes) == ("op-1", {"title": "旧"}, {"title": "新"})
        assert (entry.in_flight, entry.error, entry.base_seq) == (False, "", None)
        assert entry.created_at == datetime(2020, 7, 1, 9, 30)
        assert "store_id" in columns
        assert "store" not in columns
    finally:
        store.close()
