"""The dashboard's visits per office and month: whole months from ``visit_months``, the
parts of months at a period's ends from the visits, the same figures as counting them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from liaison_app.db.models import Visit
from liaison_app.services.actor import SYSTEM
from liaison_app.services.context import AppServices
from liaison_app.services.dashboard import split_by_month, visits_per_month
from liaison_app.services.stats import Period


def counted(services: AppServices, period: Period, office_ids: list[str] | None) -> set:
    """The figures straight from the visits: what the dashboard read before."""
    month = func.substr(Visit.visit_date, 1, 7)
    stmt = (
        select(Visit.office_id, month, func.count())
        .where(Visit.deleted.is_(False), period.clause(Visit.visit_date))
        .group_by(Visit.office_id, month)
    )
    if office_ids is not None:
        stmt = stmt.where(Visit.office_id.in_(office_ids))
    with services.store.read() as session:
        return {tuple(r) for r in session.execute(stmt)}


def per_month(services: AppServices, period: Period, office_ids: list[str] | None) -> set:
    with services.store.read() as session:
        rows = visits_per_month(session, period, office_ids)
    assert len(rows) == len(set((o, m) for o, m, _ in rows))  # a month counted once
    return set(rows)


@pytest.mark.parametrize(
    ("start", "end", "whole", "parts"),
    [
        (None, None, (None, None), []),
        (date(2020, 1, 1), date(2020, 6, 30), ("2020-01", "2020-06"), []),
        (date(2020, 1, 15), date(2020, 6, 30), ("2020-02", "2020-06"), [(15, 31)]),
        (date(2020, 1, 1), date(2020, 6, 10), ("2020-01", "2020-05"), [(1, 10)]),
        (date(2020, 2, 3), date(2020, 2, 20), ("2020-03", "2020-01"), [(3, 20)]),  # none whole
        (date(2020, 2, 3), None, ("2020-03", None), [(3, 29)]),
        (None, date(2020, 2, 28), (None, "2020-01"), [(1, 28)]),
        (date(2020, 3, 1), date(2020, 2, 1), ("1", "0"), []),  # empty
    ],
)
def test_split_by_month(
    start: date | None, end: date | None, whole: tuple, parts: list[tuple[int, int]]
) -> None:
    first, last, pieces = split_by_month(Period(start, end))
    assert (first, last) == whole
    assert [(p.start.day, p.end.day) for p in pieces if p.start and p.end] == parts


DAYS = st.dates(date(2019, 12, 1), date(2020, 8, 31))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=st.none() | DAYS, end=st.none() | DAYS, one_office=st.booleans())
def test_the_same_figures_as_counting_the_visits(
    demo: AppServices, start: date | None, end: date | None, one_office: bool
) -> None:
    office_ids = [demo.stats.offices()[0][0]] if one_office else None
    period = Period(start, end)
    assert per_month(demo, period, office_ids) == counted(demo, period, office_ids)


def test_edits_move_visits_between_months(demo: AppServices) -> None:
    period = Period(date(2020, 2, 10), date(2020, 5, 20))
    with demo.store.read() as session:
        visit_id, day = session.execute(
            select(Visit.id, Visit.visit_date).where(
                ~Visit.deleted, Visit.visit_date >= date(2020, 3, 1)
            )
        ).first()
    demo.records.update("visit", visit_id, {"visit_date": day - timedelta(days=40)}, SYSTEM)
    assert per_month(demo, period, None) == counted(demo, period, None)
    demo.records.delete("visit", visit_id, SYSTEM)
    assert per_month(demo, period, None) == counted(demo, period, None)
    assert per_month(demo, Period(), None) == counted(demo, Period(), None)
