"""Lists of Chinese names sort by pinyin, in SQL, through the stored ``sort_key``."""

from __future__ import annotations

from sqlalchemy import select

from liaison_app.db.models import Company, Outbox
from liaison_app.domain.sort_key import sort_key
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.services.dashboard import DashboardService
from liaison_app.services.listing import ListFilter, ListingService, ListQuery
from liaison_app.services.related import RelatedService
from liaison_app.services.stats import Period

SUZHOU = ("苏州通达电子有限公司", "苏州航天科技有限公司", "苏州鼎信材料有限公司")
BY_PINYIN = ["苏州鼎信材料有限公司", "苏州航天科技有限公司", "苏州通达电子有限公司"]


def names(services: AppServices, query: ListQuery) -> list[str]:
    """The first column (the name) of the list's first page."""
    return [row.values[0] for row in ListingService(services.store).first_page(query, 50)]


def test_the_companies_list_sorts_by_pinyin(services: AppServices, staff: Actor) -> None:
    for name in SUZHOU:
        services.records.create("company", {"name": name}, staff)
    query = ListQuery("companies", descending=False)
    assert names(services, query) == BY_PINYIN
    assert [r.values[0] for r in ListingService(services.store).page(query, 0, 50, 3)] == BY_PINYIN
    backwards = ListQuery("companies")
    assert names(services, backwards) == BY_PINYIN[::-1]
    found = ListingService(services.store).first_page(
        ListQuery("companies", ListFilter(text="苏州"), descending=False), 50
    )
    assert [r.values[0] for r in found] == BY_PINYIN
    hits = services.search.search("苏州", kind="companies")
    assert [h.title for h in hits] == BY_PINYIN


def test_a_renamed_company_moves_and_the_key_never_travels(
    services: AppServices, staff: Actor
) -> None:
    ids = [services.records.create("company", {"name": name}, staff) for name in SUZHOU]
    services.records.update("company", ids[0], {"name": "阿里巴巴（苏州）有限公司"}, staff)
    assert (
        names(services, ListQuery("companies", descending=False))[0] == "阿里巴巴（苏州）有限公司"
    )
    with services.store.read() as session:
        assert session.get(Company, ids[0]).sort_key == sort_key("阿里巴巴（苏州）有限公司")
        for entry in session.scalars(select(Outbox)):
            assert "sort_key" not in entry.base and "sort_key" not in entry.changes
    history = services.records.history("company", ids[0])
    assert {h.field for h in history} == {"*", "name"}


def test_contacts_staff_and_offices_sort_by_pinyin(services: AppServices, staff: Actor) -> None:
    company = services.records.create("company", {"name": "苏州鼎信材料有限公司"}, staff)
    for name in ("赵敏", "王芳", "安然"):
        services.records.create("contact", {"company_id": company, "name": name}, staff)
    assert names(services, ListQuery("contacts", descending=False)) == ["安然", "王芳", "赵敏"]
    for name in ("杭州联络办", "北京联络办"):
        services.records.create("office", {"name": name}, staff)
    offices = [name for _id, name in services.stats.offices()]
    assert offices == sorted(offices, key=sort_key)
    assert offices.index("北京联络办") < offices.index("杭州联络办")
    # The choices of the editors and the dashboard's chart lines follow the same order.
    choices = [c.name for c in RelatedService(services.store).offices()]
    assert choices == offices
    _months, trend = DashboardService(services.store).monthly_visits(Period(), None)
    assert list(trend) == offices
