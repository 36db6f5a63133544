"""What goes wrong between a laptop and the central store: a clear message, nothing lost."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from liaison_app.db.store import Store
from liaison_app.domain.errors import KnownError
from liaison_app.domain.i18n import set_language
from liaison_app.services.actor import SYSTEM
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.demo import load_demo
from liaison_app.sync.central import admin
from liaison_app.sync.central.connection import CentralAddress
from liaison_app.sync.central.endpoint import CentralStore
from liaison_app.sync.connect import connect
from liaison_app.sync.session import SyncSession
from tests.sync.conftest import PASSWORD, START, Central, Device, MemoryKeyring


def snapshot(device: Device) -> tuple[int, int, list[str]]:
    """What a failed sync must leave as it was: outbox, live visits, sync state."""
    with device.store.read() as session:
        state = [str(r) for r in session.execute(text("SELECT * FROM sync_state")).all()]
    return len(device.outbox()), device.count("visit"), state


def sync_with(device: Device, url: str, password: str) -> None:
    store = CentralStore(CentralAddress.parse(url), device.login, password, device.clock)
    try:
        SyncSession(device.services, store, url).run()
    finally:
        store.close()


POSTGRES_ONLY = pytest.mark.parametrize("central", ["postgres"], indirect=True)
SQLITE_ONLY = pytest.mark.parametrize("central", ["sqlite"], indirect=True)


@POSTGRES_ONLY
def test_wrong_password_changes_nothing(laptops: Any, central: Central) -> None:
    if not central.checks_passwords:
        pytest.skip("this PostgreSQL trusts every connection: no password to refuse")
    wang: Device = laptops("wang")
    wang.visit(wang.company())
    before = snapshot(wang)
    with pytest.raises(KnownError) as caught:
        sync_with(wang, central.laptop_url, "wrong")
    assert caught.value.code == "central_auth_failed"
    assert "密码错误" in caught.value.message and wang.login in caught.value.message
    assert snapshot(wang) == before


@POSTGRES_ONLY
def test_a_server_whose_access_rules_refuse_the_laptop_says_so(
    laptops: Any, central: Central, pg_server: Any
) -> None:
    """A pg_hba.conf refusal (say, a server that accepts only TLS) is not "no such database"."""
    refused = getattr(pg_server, "refused_database", None)
    if refused is None:
        pytest.skip("the external PostgreSQL has no refusing pg_hba.conf rule to test against")
    wang: Device = laptops("wang")
    wang.visit(wang.company())
    before = snapshot(wang)
    url = f"postgresql://{pg_server.host}:{pg_server.port}/{refused}"
    with pytest.raises(KnownError) as caught:
        sync_with(wang, url, PASSWORD)
    assert caught.value.code == "central_refused"
    assert "拒绝" in caught.value.message and "sslmode" in caught.value.message
    assert snapshot(wang) == before


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_server_down_changes_nothing(laptops: Any, central: Central, tmp_path: Path) -> None:
    wang: Device = laptops("wang")
    wang.visit(wang.company())
    before = snapshot(wang)
    if central.kind == "postgres":
        url, code = f"postgresql://127.0.0.1:{free_port()}/liaison", "central_unreachable"
    else:
        url, code = (
            f"sqlite:///{tmp_path / 'usb-stick-not-plugged' / 'c.db'}",
            "central_file_missing",
        )
    with pytest.raises(KnownError) as caught:
        sync_with(wang, url, PASSWORD)
    assert caught.value.code == code
    set_language("en")
    assert "nothing on this laptop changed" in caught.value.message or "connected" in (
        caught.value.message
    )
    assert snapshot(wang) == before


def test_an_older_app_is_told_to_update_and_keeps_its_outbox(
    laptops: Any, central: Central
) -> None:
    wang: Device = laptops("wang")
    wang.visit(wang.company())
    engine = central.address.engine()
    with engine.begin() as conn:
        conn.execute(text("UPDATE store_info SET schema_version = schema_version + 1"))
    engine.dispose()
    before = snapshot(wang)
    with pytest.raises(KnownError) as caught:
        wang.sync()
    assert caught.value.code == "central_too_new"
    assert "升级本软件" in caught.value.message
    assert snapshot(wang) == before


def test_a_sample_database_refuses_to_push(central: Central, tmp_path: Path) -> None:
    login = central.add_user("wang", "上海联络办", "staff")
    store = Store.open(tmp_path / "demo" / "liaison.db")
    try:
        services = AppServices(store, FixedClock(START))
        load_demo(services)
        connect(services, central.laptop_url, login, PASSWORD, MemoryKeyring())
        central_store = CentralStore(
            CentralAddress.parse(central.laptop_url), login, PASSWORD, services.clock
        )
        try:
            with pytest.raises(KnownError) as caught:
                SyncSession(services, central_store, central.laptop_url).run()
        finally:
            central_store.close()
        assert caught.value.code == "sync_sample_data"
        assert "示例数据库" in caught.value.message
    finally:
        store.close()
    assert central.rows("visit") == []


@SQLITE_ONLY  # on PostgreSQL an unknown login cannot even connect
def test_an_unknown_login_is_refused(central: Central, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "x" / "liaison.db")
    try:
        services = AppServices(store, FixedClock(START))
        with pytest.raises(KnownError) as caught:
            connect(services, central.laptop_url, "nobody", None, MemoryKeyring())
        assert caught.value.code == "central_not_member"
    finally:
        store.close()


@SQLITE_ONLY  # re-created by deleting the file; the laptop's side is the same for both
def test_a_recreated_central_gets_everything_again(
    laptops: Any, central: Central, tmp_path: Path
) -> None:
    wang: Device = laptops("wang")
    visit = wang.visit(wang.company())
    wang.sync()
    # The central file is lost and made again from scratch, with the same people.
    Path(central.address.database).unlink()
    admin.init_central(central.address, central.clock)
    central.add_user("wang", "上海联络办", "staff")
    summary = wang.sync()
    assert summary.resent >= 2  # the company and the visit were queued again
    ids = {r["id"] for r in central.rows("visit")}
    assert visit in ids


def test_offline_work_moves_to_the_central_identity(central: Central, tmp_path: Path) -> None:
    """First run offline as 王浩然 of 上海联络办; then connecting adopts the central ids."""
    from liaison_app.domain.enums import Role
    from liaison_app.services.session_user import current_actor, sign_in

    login = central.add_user("wang", "上海联络办", "staff")
    store = Store.open(tmp_path / "offline" / "liaison.db")
    try:
        services = AppServices(store, FixedClock(START))
        offline = sign_in(services, "王浩然", "上海联络办", Role.staff)
        company = services.records.create("company", {"name": "华为技术有限公司"}, offline)
        visit = services.records.create(
            "visit",
            {
                "company_id": company,
                "office_id": offline.office_id,
                "staff_id": offline.staff_id,
                "visit_date": "2026-11-02",
                "summary": "离线记录",
            },
            offline,
        )
        connect(services, central.laptop_url, login, PASSWORD, MemoryKeyring())
        actor = current_actor(services)
        assert actor is not None and actor.staff_id != offline.staff_id
        row = services.records.get("visit", visit)
        assert (row["staff_id"], row["office_id"]) == (actor.staff_id, actor.office_id)
        central_store = CentralStore(
            CentralAddress.parse(central.laptop_url), login, PASSWORD, services.clock
        )
        try:
            summary = SyncSession(services, central_store, central.laptop_url).run()
        finally:
            central_store.close()
        assert summary.rejected == 0
        [pushed] = central.rows("visit")
        assert pushed["office_id"] == actor.office_id and pushed["summary"] == "离线记录"
        assert len([r for r in central.rows("office") if not r["deleted"]]) == 1
    finally:
        store.close()


def test_an_edit_made_while_a_batch_is_in_flight_is_not_lost(
    laptops: Any, central: Central
) -> None:
    from liaison_app.sync import failpoints

    wang: Device = laptops("wang")
    visit = wang.visit(wang.company(), "原始")
    failpoints.arm("push:marked", lambda: wang.edit("visit", visit, summary="同步中修改"))
    wang.sync()
    failpoints.disarm_all()
    assert wang.outbox() == []  # the edit went out in a second batch of the same sync
    [row] = central.rows("visit")
    assert row["summary"] == "同步中修改"


@POSTGRES_ONLY  # a SQLite central has no security boundary (the README says so)
def test_a_refused_operation_is_kept_and_reported(laptops: Any, central: Central) -> None:
    wang: Device = laptops("wang")
    zhao: Device = laptops("zhao", "深圳联络办")
    company = zhao.company()
    zhao.sync()
    wang.sync()
    # wang's laptop is tampered with: a visit filed under 深圳's office.
    with wang.store.write() as session:
        wang.services.records.insert(
            session,
            "visit",
            {
                "company_id": company,
                "office_id": zhao.actor.office_id,
                "staff_id": None,
                "visit_date": START.date(),
                "summary": "越权",
            },
            SYSTEM,
        )
    summary = wang.sync()
    assert summary.rejected == 1
    [entry] = wang.outbox()
    assert entry.error and not entry.in_flight  # kept, with the reason, never dropped
    assert all(r["summary"] != "越权" for r in central.rows("visit"))
    again = wang.sync()
    assert again.rejected == 0 and len(wang.outbox()) == 1  # not resent until edited


def test_a_record_pointing_at_nothing_central_knows_is_refused(
    laptops: Any, central: Central
) -> None:
    """No laptop may pull a visit whose office or company exists nowhere: it is refused."""
    wang: Device = laptops("wang")
    li: Device = laptops("li")
    company = wang.company()
    with wang.store.write() as session:  # an office made on this laptop only
        office = wang.services.records.insert(session, "office", {"name": "幽灵联络办"}, SYSTEM)
        ghost = wang.services.records.insert(
            session,
            "visit",
            {
                "company_id": company,
                "office_id": office,
                "staff_id": None,
                "visit_date": START.date(),
                "summary": "指向本机才有的联络办",
            },
            SYSTEM,
        )
    summary = wang.sync()
    assert summary.rejected == 1 and summary.pushed == 1  # the company went, the visit not
    assert [e.row_id for e in wang.outbox() if e.entity == "visit"] == [ghost]
    assert "office_id" in next(e.error for e in wang.outbox() if e.row_id == ghost)
    li.sync()  # the other laptop is not blocked by it
    assert li.row("company", company) is not None
