"""apply_remote: pulled rows land with history and search, never in the outbox."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from liaison_app.db.models import ChangeLog, Outbox, Visit
from liaison_app.domain.errors import ValidationError
from liaison_app.services.actor import Actor
from liaison_app.services.clock import format_hlc, hlc_key, millis
from liaison_app.services.context import AppServices
from liaison_app.sync.apply import apply_remote
from liaison_app.sync.config import save_connection


def pulled(services: AppServices, visit_id: str, **changes: Any) -> dict[str, Any]:
    """The visit as the central store would send it back, changed as given."""
    with services.store.read() as session:
        row = session.get(Visit, visit_id)
        values = {c.name: getattr(row, c.name) for c in Visit.__table__.columns}
    stamp = format_hlc(millis(services.clock.now() + timedelta(seconds=30)), 0, "other")
    clocks = {**values["field_clocks"], **dict.fromkeys(changes, stamp)}
    return {
        **values,
        **changes,
        "field_clocks": clocks,
        "hlc": stamp,
        "server_seq": 42,
        "updated_login": "li",
    }


def new_visit(services: AppServices, staff: Actor) -> str:
    company = services.records.create("company", {"name": "宁德时代"}, staff)
    return services.records.create(
        "visit",
        {
            "company_id": company,
            "office_id": staff.office_id,
            "staff_id": staff.staff_id,
            "visit_date": "2026-11-02",
            "summary": "座谈",
        },
        staff,
    )


def test_a_pending_field_keeps_the_local_value(services: AppServices, staff: Actor) -> None:
    visit = new_visit(services, staff)
    with services.store.write() as session:  # as after a push: the insert has gone out
        session.query(Outbox).delete()
    services.records.update("visit", visit, {"summary": "本机未上传的修改"}, staff)
    row = pulled(services, visit, summary="别人的纪要", next_step="别人的下步计划")
    with services.store.write() as session:
        applied = apply_remote(
            session, {"visit": [row]}, hlc=services.hlc, now=services.clock.now()
        )
    assert applied.received == {"visit": 1}
    got = services.records.get("visit", visit)
    assert (got["summary"], got["next_step"]) == ("本机未上传的修改", "别人的下步计划")
    with services.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Outbox)) == 1  # ours only
        assert session.get(Visit, visit).server_seq == 42
        history = session.scalars(
            select(ChangeLog.field).where(ChangeLog.row_id == visit, ChangeLog.field == "next_step")
        )
        assert list(history) == ["next_step"]
    assert services.search.search("下步计划", "visits")[0].id == visit
    assert hlc_key(services.hlc.tick()) > hlc_key(row["hlc"])  # the clock moved past it


def test_a_new_row_is_inserted_without_an_outbox_entry(services: AppServices, staff: Actor) -> None:
    visit = new_visit(services, staff)
    row = pulled(services, visit)
    with services.store.write() as session:
        session.query(Outbox).delete()
        session.query(Visit).filter(Visit.id == visit).delete()
    with services.store.write() as session:
        apply_remote(
            session,
            {"visit": [{**row, "id": "v-from-central"}]},
            hlc=services.hlc,
            now=services.clock.now(),
        )
    with services.store.read() as session:
        assert session.get(Visit, "v-from-central") is not None
        assert session.scalar(select(func.count()).select_from(Outbox)) == 0


def test_a_stamp_from_the_future_is_clamped(services: AppServices, staff: Actor) -> None:
    visit = new_visit(services, staff)
    row = pulled(services, visit, summary="2030 年的时钟")
    row["hlc"] = format_hlc(millis(services.clock.now() + timedelta(days=365)), 0, "fast")
    with services.store.write() as session:
        apply_remote(session, {"visit": [row]}, hlc=services.hlc, now=services.clock.now())
    assert services.hlc.clamped == 1
    assert hlc_key(services.hlc.high_water)[0] <= millis(services.clock.now()) + 5 * 60_000


def test_offices_and_staff_are_read_only_once_connected(
    services: AppServices, staff: Actor, office: str
) -> None:
    services.records.update("office", office, {"city": "上海"}, staff)  # offline: allowed
    save_connection(services.store, "sqlite:////central.db", "wang")
    with pytest.raises(ValidationError) as caught:
        services.records.update("office", office, {"city": "北京"}, staff)
    assert caught.value.problems[0].code == "central_managed"
    with pytest.raises(ValidationError):
        services.records.create("staff", {"name": "自封负责人", "role": "manager"}, staff)
