"""Records: validation with every problem at once, history, outbox, soft delete."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from liaison_app.db.models import ChangeLog, Company, Outbox, field_clock
from liaison_app.domain.errors import ValidationError
from liaison_app.domain.i18n import set_language
from liaison_app.services.actor import SYSTEM, Actor
from liaison_app.services.context import AppServices

HUAWEI = "91440300708461136T"


def company(services: AppServices, name: str = "华为技术有限公司", **values: object) -> str:
    return services.records.create("company", {"name": name, **values}, SYSTEM)


def visit_values(company_id: str, staff: Actor, **values: object) -> dict[str, object]:
    return {
        "visit_date": "2020年6月11日",
        "company_id": company_id,
        "office_id": staff.office_id,
        "staff_id": staff.staff_id,
        "mode": "上门拜访",
        "summary": "座谈新能源电池 pack 产线项目",
        **values,
    }


def test_create_parses_what_people_type(services: AppServices, staff: Actor) -> None:
    company_id = company(services, uscc=" 91440300708461136t ")
    lead_id = services.records.create(
        "lead",
        {
            "title": "电池 pack 产线",
            "company_id": company_id,
            "office_id": staff.office_id,
            "found_on": "2020/6/11",
            "investment_yuan": "1.2亿",
            "stage": "洽谈",
            "is_valid": "是",
            "chain_role": "补链",
        },
        staff,
    )
    lead = services.records.get("lead", lead_id)
    assert lead["investment_yuan"] == 120_000_000
    assert lead["found_on"] == date(2020, 6, 11)
    assert lead["stage"] == "negotiation"
    assert lead["is_valid"] is True
    assert lead["chain_role"] == "fill"
    assert services.records.get("company", company_id)["uscc"] == HUAWEI


def test_validation_returns_every_problem_at_once(services: AppServices, staff: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        services.records.create(
            "deal",
            {
                "title": "",
                "company_id": "no-such-company",
                "office_id": staff.office_id,
                "signed_on": "2020-02-30",
                "investment_yuan": "-5000万",
                "status": "已开工",
                "groundbreaking_on": "2020-05-01",
                "production_on": "2020-04-01",
            },
            staff,
        )
    problems = {p.field: p for p in caught.value.problems}
    assert set(problems) == {"title", "company_id", "signed_on", "investment_yuan", "production_on"}
    assert problems["signed_on"].code == "date_invalid"
    assert "2020-02-30" in problems["signed_on"].message
    assert problems["investment_yuan"].code == "money_negative"
    assert problems["production_on"].code == "production_before_groundbreaking"
    with services.store.read() as session:
        assert (
            session.scalar(select(func.count()).select_from(Outbox)) == 2
        )  # the office and staff of the fixtures only


def test_a_wrong_check_digit_names_the_field_in_the_users_language(
    services: AppServices,
) -> None:
    wrong = HUAWEI[:-1] + "X"
    with pytest.raises(ValidationError) as caught:
        company(services, uscc=wrong)
    [problem] = caught.value.problems
    assert problem.field == "uscc"
    assert "校验位" in problem.message and "T" in problem.message
    set_language("en")
    with pytest.raises(ValidationError) as caught:
        company(services, uscc=wrong)
    assert "check" in caught.value.problems[0].message.lower()


def test_uscc_must_be_unique_among_live_companies(services: AppServices) -> None:
    first = company(services, uscc=HUAWEI)
    with pytest.raises(ValidationError) as caught:
        company(services, "华为终端有限公司", uscc=HUAWEI)
    assert caught.value.problems[0].code == "uscc_duplicate"
    services.records.delete("company", first, SYSTEM)
    company(services, "华为终端有限公司", uscc=HUAWEI)  # the deleted one no longer counts


def test_update_writes_history_and_outbox_in_the_same_transaction(
    services: AppServices, staff: Actor, clock
) -> None:
    company_id = company(services)
    visit_id = services.records.create("visit", visit_values(company_id, staff), staff)
    clock.advance(hours=1)
    changed = services.records.update(
        "visit", visit_id, {"summary": "改为储能项目", "people_met": "张总"}, staff
    )
    assert sorted(changed) == ["people_met", "summary"]
    history = services.records.history("visit", visit_id)
    latest = {h.field: h for h in history if h.changed_at == clock.now()}
    assert latest["summary"].old_value == "座谈新能源电池 pack 产线项目"
    assert latest["summary"].new_value == "改为储能项目"
    assert latest["summary"].changed_by_name == "王浩然"
    with services.store.read() as session:
        outbox = session.scalars(
            select(Outbox).where(Outbox.row_id == visit_id).order_by(Outbox.seq)
        ).all()
    # The unsent insert absorbs the update: it pushes the row as it is at push time.
    assert [(o.op, o.changes) for o in outbox] == [("insert", {})]


def test_an_update_that_changes_nothing_writes_nothing(services: AppServices) -> None:
    company_id = company(services)
    with services.store.read() as session:
        before = session.scalar(select(func.count()).select_from(ChangeLog))
    assert (
        services.records.update("company", company_id, {"name": "华为技术有限公司"}, SYSTEM) == []
    )
    with services.store.read() as session:
        assert session.scalar(select(func.count()).select_from(ChangeLog)) == before


def test_field_clocks_advance_only_for_changed_fields(services: AppServices, clock) -> None:
    company_id = company(services, region="深圳")
    with services.store.read() as session:
        row = session.get(Company, company_id)
        first = {f: field_clock(row, f) for f in ("name", "region")}
    clock.advance(seconds=5)
    services.records.update("company", company_id, {"region": "深圳南山"}, SYSTEM)
    with services.store.read() as session:
        row = session.get(Company, company_id)
        second = {f: field_clock(row, f) for f in ("name", "region")}
    assert second["region"] > first["region"]
    assert second["name"] == first["name"] == first["region"]
    assert row.hlc == second["region"]


def test_soft_delete_keeps_a_tombstone(services: AppServices) -> None:
    company_id = company(services)
    services.records.delete("company", company_id, SYSTEM)
    with services.store.read() as session:
        row = session.get(Company, company_id)
        assert row is not None and row.deleted
        ops = session.scalars(select(Outbox.op).where(Outbox.row_id == company_id)).all()
    assert ops == ["insert"]  # never pushed: it will push once, as a tombstone
    with pytest.raises(ValidationError):
        services.records.get("company", company_id)
    assert services.search.search("华为", "companies") == []
    services.records.restore("company", company_id, SYSTEM)
    assert services.records.get("company", company_id)["name"] == "华为技术有限公司"


def test_lost_lead_needs_a_reason_and_follow_up_not_before_visit(
    services: AppServices, staff: Actor
) -> None:
    company_id = company(services)
    with pytest.raises(ValidationError) as caught:
        services.records.create(
            "lead",
            {
                "title": "x",
                "company_id": company_id,
                "office_id": staff.office_id,
                "found_on": "2020-06-01",
                "stage": "已终止",
            },
            staff,
        )
    assert [p.field for p in caught.value.problems] == ["lost_reason"]
    with pytest.raises(ValidationError) as caught:
        services.records.create(
            "visit", visit_values(company_id, staff, next_follow_up="2020-06-01"), staff
        )
    assert [p.field for p in caught.value.problems] == ["next_follow_up"]


def test_find_company_by_uscc_then_normalised_name(services: AppServices) -> None:
    company_id = company(services, "华为技术有限公司", uscc=HUAWEI)
    assert services.records.find_company(uscc=HUAWEI) == company_id
    assert services.records.find_company(name=" 华为技术有限责任公司") == company_id
    assert services.records.find_company(name="华为终端有限公司") is None
