"""RelatedService: company completion, choices, linked records and names."""

from __future__ import annotations

from liaison_app.services.actor import SYSTEM, Actor
from liaison_app.services.context import AppServices
from liaison_app.services.related import RelatedService


def make_companies(services: AppServices) -> dict[str, str]:
    names = ["华为技术有限公司", "深圳华为终端有限公司", "华润置地有限公司", "比亚迪股份有限公司"]
    ids = {n: services.records.create("company", {"name": n}, SYSTEM) for n in names}
    services.records.create(
        "company", {"name": "中兴通讯股份有限公司", "address": "华为路 1 号"}, SYSTEM
    )
    return ids


def test_companies_like_finds_two_character_names_prefix_first(services: AppServices) -> None:
    make_companies(services)
    related = RelatedService(services.store)
    assert [c.name for c in related.companies_like("华为")] == [
        "华为技术有限公司",
        "深圳华为终端有限公司",
    ]
    assert [c.name for c in related.companies_like("华")] == [
        "华润置地有限公司",  # prefixes first, by pinyin: hua run before hua wei
        "华为技术有限公司",
        "深圳华为终端有限公司",
    ]


def test_companies_like_matches_names_only_and_skips_deleted(services: AppServices) -> None:
    ids = make_companies(services)
    related = RelatedService(services.store)
    # "华为路" is in an address: the trigram index finds it, the name filter drops it.
    assert related.companies_like("华为路") == []
    assert {c.name for c in related.companies_like("有限公司")} == set(ids) | {
        "中兴通讯股份有限公司"
    }
    assert [c.name for c in related.companies_like("股份 比亚迪")] == ["比亚迪股份有限公司"]
    services.records.delete("company", ids["华为技术有限公司"], SYSTEM)
    assert [c.name for c in related.companies_like("华为")] == ["深圳华为终端有限公司"]
    assert related.companies_like("  ") == []


def test_related_records_of_company_visit_lead_and_deal(
    services: AppServices, staff: Actor, office: str
) -> None:
    company = services.records.create("company", {"name": "华为技术有限公司"}, SYSTEM)
    visit = services.records.create(
        "visit",
        {
            "visit_date": "2020-05-08",
            "company_id": company,
            "office_id": office,
            "summary": "洽谈储能项目\n第二行",
        },
        staff,
    )
    lead = services.records.create(
        "lead",
        {
            "title": "储能项目",
            "company_id": company,
            "office_id": office,
            "found_on": "2020-05-09",
            "source_visit_id": visit,
            "investment_yuan": "5亿",
        },
        staff,
    )
    deal = services.records.create(
        "deal",
        {
            "title": "储能项目",
            "company_id": company,
            "office_id": office,
            "lead_id": lead,
            "signed_on": "2020-06-01",
            "investment_yuan": "5亿",
        },
        staff,
    )
    contact = services.records.create("contact", {"company_id": company, "name": "徐勇"}, staff)
    related = RelatedService(services.store)

    of_company = related.related("company", company)
    assert [r.id for r in of_company["visit"]] == [visit]
    assert of_company["visit"][0].title == "洽谈储能项目"  # the company is known here
    assert of_company["visit"][0].status == "上门拜访"
    assert [(r.id, r.status, r.amount_yuan) for r in of_company["lead"]] == [
        (lead, "初步对接", 500_000_000)
    ]
    assert [r.id for r in of_company["deal"]] == [deal]
    assert [r.id for r in of_company["contact"]] == [contact]
    assert [r.id for r in related.related("visit", visit)["lead"]] == [lead]
    of_lead = related.related("lead", lead)
    assert [(r.id, r.title) for r in of_lead["visit"]] == [
        (visit, "华为技术有限公司：洽谈储能项目")
    ]
    assert [r.id for r in of_lead["deal"]] == [deal]
    assert [r.id for r in related.related("deal", deal)["lead"]] == [lead]
    assert related.deal_of_lead(lead) == deal

    assert related.name("visit", visit) == "2020-05-08 华为技术有限公司 上门拜访"
    assert related.name("lead", lead) == "储能项目"
    assert related.name("staff", staff.staff_id) == "王浩然"
    assert related.name("company", None) == ""


def test_office_and_staff_choices(services: AppServices, staff: Actor, office: str) -> None:
    related = RelatedService(services.store)
    assert [(c.id, c.name) for c in related.offices()] == [(office, "上海联络办")]
    assert [(c.name, c.group) for c in related.staff()] == [("王浩然", office)]
