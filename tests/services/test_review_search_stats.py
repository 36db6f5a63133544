"""Review workflow, search (short Chinese names too) and statistics."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from liaison_app.db.models import Company, Lead, Visit
from liaison_app.domain.enums import Role
from liaison_app.domain.errors import ValidationError
from liaison_app.domain.sort_key import sort_key
from liaison_app.services.actor import SYSTEM, Actor
from liaison_app.services.context import AppServices
from liaison_app.services.stats import FIGURES, Period


def make_visit(
    services: AppServices, staff: Actor, name: str = "奇瑞汽车股份有限公司", **values: object
) -> str:
    company_id = services.records.find_company(name=name) or services.records.create(
        "company", {"name": name}, SYSTEM
    )
    return services.records.create(
        "visit",
        {
            "visit_date": "2020-06-11",
            "company_id": company_id,
            "office_id": staff.office_id,
            "staff_id": staff.staff_id,
            "mode": "onsite",
            "summary": "洽谈动力电池项目",
            **values,
        },
        staff,
    )


def review_state(services: AppServices, visit_id: str) -> str:
    return services.records.get("visit", visit_id)["review_state"]


def test_review_flow_submit_approve_return(
    services: AppServices, staff: Actor, manager: Actor
) -> None:
    first, second = make_visit(services, staff), make_visit(services, staff)
    assert review_state(services, first) == "draft"
    assert services.review.submit([first, second], staff) == 2
    assert services.review.approve([first], manager) == 1
    with pytest.raises(ValidationError) as caught:
        services.review.return_([second], manager, "  ")
    assert caught.value.problems[0].code == "return_needs_comment"
    assert services.review.return_([second], manager, "请补充投资规模") == 1
    returned = services.records.get("visit", second)
    assert returned["review_state"] == "returned"
    assert returned["review_comment"] == "请补充投资规模"
    assert returned["reviewer_id"] == manager.staff_id
    assert services.review.submit([second], staff) == 1  # the author fixes and resubmits
    assert review_state(services, second) == "submitted"


def test_editing_an_approved_visit_sends_it_back_to_review(
    services: AppServices, staff: Actor, manager: Actor
) -> None:
    visit_id = make_visit(services, staff)
    services.review.submit([visit_id], staff)
    services.review.approve([visit_id], manager)
    services.records.update("visit", visit_id, {"outcome": "企业确定来访考察"}, staff)
    assert review_state(services, visit_id) == "submitted"
    history = services.records.history("visit", visit_id)
    assert any(h.field == "review_state" and h.new_value == "submitted" for h in history)


def test_only_managers_of_the_office_decide(
    services: AppServices, staff: Actor, manager: Actor
) -> None:
    visit_id = make_visit(services, staff)
    services.review.submit([visit_id], staff)
    with pytest.raises(ValidationError) as caught:
        services.review.approve([visit_id], staff)
    assert caught.value.problems[0].code == "review_not_manager"
    other_office = services.records.create("office", {"name": "深圳联络办"}, SYSTEM)
    stranger = Actor(manager.staff_id, other_office, Role.manager, "x")
    with pytest.raises(ValidationError):
        services.review.approve([visit_id], stranger)
    assert review_state(services, visit_id) == "submitted"


def test_search_finds_two_character_names_and_long_fragments(
    services: AppServices, staff: Actor
) -> None:
    make_visit(services, staff, "奇瑞汽车股份有限公司")
    make_visit(services, staff, "青岛海尔智家股份有限公司", summary="参观海尔互联工厂")
    make_visit(services, staff, "华为技术有限公司", summary="鸿蒙生态合作")
    names = lambda q, k: sorted(h.company for h in services.search.search(q, k))  # noqa: E731
    assert names("奇瑞", "companies") == ["奇瑞汽车股份有限公司"]
    assert names("海尔", "visits") == ["青岛海尔智家股份有限公司"]
    assert names("华", "companies") == ["华为技术有限公司"]
    assert names("鸿蒙生态", "visits") == ["华为技术有限公司"]  # text, not the name
    assert names("股份 汽车", "companies") == ["奇瑞汽车股份有限公司"]  # all terms must match
    assert names("奇瑞汽车 股份有限", "companies") == ["奇瑞汽车股份有限公司"]  # two long terms
    assert names("奇瑞汽车 海尔智家", "companies") == []
    assert names("互联工厂", "companies") == []
    assert names("鸿蒙", "visits") == ["华为技术有限公司"]  # two characters of visit text
    assert names("蒙", "visits") == ["华为技术有限公司"]
    assert names("厂", "visits") == ["青岛海尔智家股份有限公司"]  # the very last character
    assert names("", "companies") == []
    assert names('"; DROP TABLE visits; --', "visits") == []  # text, never SQL


def test_search_index_follows_updates(services: AppServices, staff: Actor) -> None:
    visit_id = make_visit(services, staff, summary="洽谈光伏组件项目")
    assert services.search.search("光伏组件", "visits")
    services.records.update("visit", visit_id, {"summary": "洽谈储能电站项目"}, staff)
    assert services.search.search("光伏组件", "visits") == []
    assert [h.id for h in services.search.search("储能电站", "visits")] == [visit_id]
    company_id = services.records.get("visit", visit_id)["company_id"]
    services.records.update("company", company_id, {"name": "长城汽车股份有限公司"}, SYSTEM)
    assert services.search.search("奇瑞", "visits") == []
    assert [h.id for h in services.search.search("长城", "visits")] == [visit_id]


def test_demo_statistics_are_the_reported_figures(demo: AppServices) -> None:
    result = demo.stats.compute()
    assert result["offices"] == 3
    assert result["companies_visited"] == 219
    assert result["valid_leads"] == 52
    assert result["valid_lead_investment_yuan"] == 131 * 100_000_000
    assert result["signed_deals"] == 17
    assert set(result["by_office"]) == {"上海联络办", "深圳联络办", "北京联络办"}
    for key in FIGURES:  # per-office figures add up (companies are visited by one office)
        assert sum(o[key] for o in result["by_office"].values()) == result[key]


def test_stats_for_a_period_and_office_match_a_direct_count(demo: AppServices) -> None:
    period = Period(date(2020, 3, 1), date(2020, 4, 30))
    office_id = demo.stats.office_id("深圳联络办")
    assert office_id is not None
    result = demo.stats.compute(period, [office_id])
    with demo.store.read() as session:
        visits = session.scalars(
            select(Visit).where(
                Visit.office_id == office_id,
                Visit.deleted.is_(False),
                Visit.visit_date.between(period.start, period.end),
            )
        ).all()
        leads = session.scalars(
            select(Lead).where(
                Lead.office_id == office_id,
                Lead.found_on.between(period.start, period.end),
                Lead.is_valid.is_(True),
            )
        ).all()
    assert result["visits"] == len(visits) > 0
    assert result["companies_visited"] == len({v.company_id for v in visits})
    assert result["valid_leads"] == len(leads)
    assert result["valid_lead_investment_yuan"] == sum(lead.investment_yuan for lead in leads)
    assert list(result["by_office"]) == ["深圳联络办"]


def test_deleted_records_leave_the_statistics(demo: AppServices) -> None:
    before = demo.stats.compute()
    with demo.store.read() as session:
        lead = session.scalars(select(Lead).where(Lead.is_valid.is_(True))).first()
    demo.records.delete("lead", lead.id, SYSTEM)
    after = demo.stats.compute()
    assert after["valid_leads"] == before["valid_leads"] - 1
    assert after["valid_lead_investment_yuan"] == (
        before["valid_lead_investment_yuan"] - lead.investment_yuan
    )


def test_demo_is_deterministic_and_refuses_a_filled_database(demo: AppServices, tmp_path) -> None:
    from liaison_app.db.store import Store
    from liaison_app.domain.errors import KnownError
    from liaison_app.services.demo import load_demo

    with pytest.raises(KnownError):
        load_demo(demo, seed=2020)
    other = Store.open(tmp_path / "again.db")
    try:
        load_demo(AppServices(other), seed=2020)
        ids = lambda s: sorted(  # noqa: E731
            (v.id, v.summary, v.visit_date) for v in s.scalars(select(Visit)).all()
        )
        with demo.store.read() as a, other.read() as b:
            assert ids(a) == ids(b)
    finally:
        other.close()


def test_demo_company_names_read_like_real_ones(demo: AppServices) -> None:
    with demo.store.read() as session:
        names = list(session.scalars(select(Company.name)))
    assert len(names) == 240
    assert not [n for n in names if "科技科技" in n]
    assert any(n.endswith("科技有限公司") for n in names)


def test_offices_are_listed_by_pinyin(demo: AppServices) -> None:
    """北京, 上海, 深圳 (bei, shang, shen): not the code-point order 上海, 北京, 深圳."""
    expected = ["北京联络办", "上海联络办", "深圳联络办"]
    assert [name for _, name in demo.stats.offices()] == expected
    assert list(demo.stats.compute()["by_office"]) == expected
    assert sorted(["总部", "驻成都联络处", "广州联络办", *expected], key=sort_key) == [
        "北京联络办",
        "广州联络办",
        "上海联络办",
        "深圳联络办",
        "驻成都联络处",  # zhu before zong
        "总部",
    ]
