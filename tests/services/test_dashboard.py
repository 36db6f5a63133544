"""The dashboard's own figures agree with the statistics service and the data."""

from __future__ import annotations

from datetime import date, timedelta

from liaison_app.services.actor import SYSTEM
from liaison_app.services.context import AppServices
from liaison_app.services.dashboard import DashboardService, month_range
from liaison_app.services.stats import Period

TODAY = date(2020, 7, 1)


def test_month_range() -> None:
    assert month_range("2019-11", "2020-02") == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert month_range("2020-05", "2020-05") == ["2020-05"]


def test_trend_and_pipeline_add_up_to_the_statistics(demo: AppServices) -> None:
    service = DashboardService(demo.store)
    for period in (Period(), Period(date(2020, 1, 1), date(2020, 12, 31))):
        offices = demo.stats.offices()
        for office_ids in (None, [offices[0][0]]):
            data = service.load(period, office_ids, TODAY)
            figures = demo.stats.compute(period, office_ids)
            assert data.figures == figures
            visits = sum(sum(counts.values()) for counts in data.trend.values())
            assert visits == figures["visits"]
            assert sum(s.leads for s in data.pipeline) == figures["leads"]
            assert sum(s.valid_leads for s in data.pipeline) == figures["valid_leads"]
            assert set(data.trend) == {n for i, n in offices if office_ids in (None, [i])}
    data = service.load(Period(date(2020, 1, 1), date(2020, 12, 31)), None, TODAY)
    assert data.months == [f"2020-{m:02d}" for m in range(1, 8)]  # not past today's month


def test_overdue_follow_ups(demo: AppServices) -> None:
    service = DashboardService(demo.store)
    total, every = service.overdue_follow_ups(TODAY, None, limit=1000)
    assert total == len(every) > 10
    office = demo.stats.offices()[0][0]
    assert service.overdue_follow_ups(TODAY, [office])[0] < total
    _, items = service.overdue_follow_ups(TODAY, None)  # the dashboard's few
    assert len(items) == 10
    assert items == every[:10]  # the most recently due first: still worth a call
    assert [i.next_follow_up for i in every] == sorted(
        (i.next_follow_up for i in every), reverse=True
    )
    item = items[0]
    assert item.next_follow_up < TODAY
    assert item.days_overdue == (TODAY - item.next_follow_up).days

    # A later visit to the company is the follow-up: the entry leaves the list.
    visit = demo.records.get("visit", item.visit_id)
    demo.records.create(
        "visit",
        {
            "visit_date": item.next_follow_up + timedelta(days=1),
            "company_id": visit["company_id"],
            "office_id": visit["office_id"],
            "mode": "onsite",
            "summary": "回访",
        },
        SYSTEM,
    )
    after, items_after = service.overdue_follow_ups(TODAY, None, limit=1000)
    assert item.visit_id not in {i.visit_id for i in items_after}
    assert after < total
    # Before its due date nothing is overdue.
    assert service.overdue_follow_ups(date(2020, 1, 1), None)[0] == 0


def test_has_records(demo: AppServices) -> None:
    service = DashboardService(demo.store)
    office = demo.stats.offices()[0][0]
    assert service.has_records(Period(), None)
    assert service.has_records(Period(date(2020, 1, 1), date(2020, 12, 31)), [office])
    assert not service.has_records(Period(date(2026, 1, 1), date(2026, 12, 31)), None)
    assert not service.has_records(Period(), ["no such office"])
