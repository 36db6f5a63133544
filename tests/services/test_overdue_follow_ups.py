"""Overdue follow-ups found from each company's latest visit give exactly what the rule
says: a live visit due before today that no later live visit of its company followed."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from liaison_app.db.models import Visit
from liaison_app.services.actor import SYSTEM
from liaison_app.services.context import AppServices
from liaison_app.services.dashboard import DashboardService, overdue_clause

TODAY = date(2020, 7, 1)


def by_the_rule(services: AppServices, today: date, office_ids: list[str] | None) -> list[str]:
    """The rule itself, one visit at a time (what the dashboard counted before)."""
    later = aliased(Visit)
    followed = (
        select(later.id)
        .where(
            later.company_id == Visit.company_id,
            later.deleted.is_(False),
            later.visit_date > Visit.visit_date,
        )
        .exists()
    )
    stmt = select(Visit.id).where(
        Visit.deleted.is_(False),
        Visit.next_follow_up.is_not(None),
        Visit.next_follow_up < today,
        ~followed,
    )
    if office_ids is not None:
        stmt = stmt.where(Visit.office_id.in_(office_ids))
    with services.store.read() as session:
        return sorted(session.scalars(stmt))


def listed(services: AppServices, today: date, office_ids: list[str] | None) -> list[str]:
    """The visits list's filter (``overdue_clause``)."""
    stmt = select(Visit.id).where(and_(Visit.deleted.is_(False), overdue_clause(today)))
    if office_ids is not None:
        stmt = stmt.where(Visit.office_id.in_(office_ids))
    with services.store.read() as session:
        return sorted(session.scalars(stmt))


def agree(services: AppServices) -> int:
    dashboard = DashboardService(services.store)
    checked = 0
    offices = [None, *([o] for o, _ in services.stats.offices())]
    for today in (date(2020, 3, 1), TODAY, date(2026, 11, 30)):
        for office_ids in offices:
            expected = by_the_rule(services, today, office_ids)
            total, items = dashboard.overdue_follow_ups(today, office_ids, limit=10_000)
            assert total == len(expected) == len(items)
            assert sorted(i.visit_id for i in items) == expected
            assert listed(services, today, office_ids) == expected
            checked += len(expected)
    return checked


def test_the_same_visits_as_the_rule_after_edits(demo: AppServices) -> None:
    assert agree(demo) > 50
    rng = random.Random(11)
    with demo.store.read() as session:
        visits = list(session.execute(select(Visit.id, Visit.visit_date)))
        companies = list(session.scalars(select(Visit.company_id).distinct()))
    for visit_id, day in rng.sample(visits, 12):  # move visits in time and between companies
        demo.records.update(
            "visit",
            visit_id,
            {
                "visit_date": day + timedelta(days=rng.choice((-60, -20, -1))),
                "company_id": rng.choice(companies),
            },
            SYSTEM,
        )
    deleted = [visit_id for visit_id, _ in rng.sample(visits, 8)]
    for visit_id in deleted:  # delete some, restore a few
        demo.records.delete("visit", visit_id, SYSTEM)
    for visit_id in deleted[:3]:
        demo.records.restore("visit", visit_id, SYSTEM)
    assert agree(demo) > 50


def test_two_visits_on_the_latest_day_are_both_overdue(demo: AppServices) -> None:
    """No *later* visit: a second visit on the same day does not follow the first up."""
    dashboard = DashboardService(demo.store)
    total, items = dashboard.overdue_follow_ups(TODAY, None, limit=1)
    visit = demo.records.get("visit", items[0].visit_id)
    twin = demo.records.create(
        "visit",
        {
            "visit_date": visit["visit_date"],
            "company_id": visit["company_id"],
            "office_id": visit["office_id"],
            "mode": "onsite",
            "summary": "同日第二次座谈",
            "next_follow_up": visit["next_follow_up"],
        },
        SYSTEM,
    )
    after, every = dashboard.overdue_follow_ups(TODAY, None, limit=10_000)
    assert after == total + 1 and {twin, visit["id"]} <= {i.visit_id for i in every}
    with demo.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) > after
