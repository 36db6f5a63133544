"""The dashboard's figures beside the statistics: trend, pipeline, overdue follow-ups.

The headline figures are ``StatsService.compute`` itself (one definition for the
dashboard, the CLI and the HQ report); this module adds what only the dashboard shows:
- visits per month and office (the trend chart),
- leads by stage (the pipeline), counted like ``stats``: live leads found in the period,
- overdue follow-ups: live visits whose next follow-up date has passed while no later
  visit of the same company exists (the follow-up has not happened); the dashboard shows
  the few most recently due (still worth a call), the visits list filters all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from liaison_app.db.models import Company, Deal, Lead, Office, Staff, Visit
from liaison_app.db.store import Store
from liaison_app.domain.enums import LeadStage
from liaison_app.services.stats import Period, StatsService

OVERDUE_SHOWN = 10  # the dashboard's list; the visits list has them all


@dataclass(frozen=True)
class StageCount:
    stage: str
    leads: int
    valid_leads: int
    investment_yuan: int  # estimated investment of all leads at this stage


@dataclass(frozen=True)
class OverdueFollowUp:
    visit_id: str
    company: str
    office: str
    staff: str
    visit_date: date
    next_follow_up: date
    days_overdue: int


@dataclass
class Dashboard:
    """Everything the dashboard page shows for one period and office, read at once."""

    period: Period
    office_ids: list[str] | None
    figures: dict[str, Any]
    months: list[str]  # "YYYY-MM", every month of the range, in order
    trend: dict[str, dict[str, int]]  # office name -> month -> visits
    pipeline: list[StageCount]
    overdue_total: int
    overdue: list[OverdueFollowUp] = field(default_factory=list)


def overdue_clause(today: date) -> ColumnElement[bool]:
    """Live visits whose follow-up was due before ``today`` and that no later visit of the
    same company followed up. The dashboard and the visits list's filter share it."""
    later = aliased(Visit)
    followed_up = (
        select(later.id)
        .where(
            later.company_id == Visit.company_id,
            later.deleted.is_(False),
            later.visit_date > Visit.visit_date,
        )
        .exists()
    )
    return and_(Visit.next_follow_up.is_not(None), Visit.next_follow_up < today, ~followed_up)


def month_range(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from ``first`` to ``last``, both included."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class DashboardService:
    def __init__(self, store: Store, stats: StatsService | None = None) -> None:
        self.store = store
        self.stats = stats or StatsService(store)

    def load(
        self,
        period: Period,
        office_ids: list[str] | None,
        today: date,
        overdue_shown: int = OVERDUE_SHOWN,
    ) -> Dashboard:
        figures = self.stats.compute(period, office_ids)
        months, trend = self.monthly_visits(period, office_ids)
        months = [m for m in months if m <= today.strftime("%Y-%m")]  # no future zeros
        total, overdue = self.overdue_follow_ups(today, office_ids, overdue_shown)
        return Dashboard(
            period,
            office_ids,
            figures,
            months,
            trend,
            self.pipeline(period, office_ids),
            total,
            overdue,
        )

    def has_records(self, period: Period, office_ids: list[str] | None) -> bool:
        """Whether any live visit, lead or deal falls in the period (each an index probe
        on its date that stops at the first row)."""
        probes = []
        for model, day in (
            (Visit, Visit.visit_date),
            (Lead, Lead.found_on),
            (Deal, Deal.signed_on),
        ):
            where = [model.deleted.is_(False), period.clause(day)]
            if office_ids is not None:
                where.append(model.office_id.in_(office_ids))
            probes.append(exists().where(*where))
        with self.store.read() as session:
            return bool(session.scalar(select(or_(*probes))))

    def monthly_visits(
        self, period: Period, office_ids: list[str] | None
    ) -> tuple[list[str], dict[str, dict[str, int]]]:
        """Months of the period (bounded by the data when open-ended) and visits per
        office and month; every office in scope appears, with zeros."""
        month = func.substr(Visit.visit_date, 1, 7)
        stmt = (
            select(Visit.office_id, month, func.count())
            .where(Visit.deleted.is_(False), period.clause(Visit.visit_date))
            .group_by(Visit.office_id, month)
        )
        offices = select(Office.id, Office.name).where(Office.deleted.is_(False))
        if office_ids is not None:
            stmt = stmt.where(Visit.office_id.in_(office_ids))
            offices = offices.where(Office.id.in_(office_ids))
        with self.store.read() as session:
            names = {i: n for i, n in session.execute(offices.order_by(Office.sort_key))}
            rows = session.execute(stmt).all()
        trend: dict[str, dict[str, int]] = {name: {} for name in names.values()}
        for office_id, ym, count in rows:
            name = names.get(office_id, office_id)
            trend.setdefault(name, {})[ym] = count
        seen = sorted({ym for _, ym, _ in rows})
        first = period.start.strftime("%Y-%m") if period.start else (seen[0] if seen else None)
        last = period.end.strftime("%Y-%m") if period.end else (seen[-1] if seen else None)
        months = month_range(first, last) if first and last and first <= last else []
        return months, trend

    def pipeline(self, period: Period, office_ids: list[str] | None) -> list[StageCount]:
        valid = Lead.is_valid.is_(True)
        stmt = (
            select(
                Lead.stage,
                func.count(),
                func.count(case((valid, 1))),
                func.coalesce(func.sum(Lead.investment_yuan), 0),
            )
            .where(Lead.deleted.is_(False), period.clause(Lead.found_on))
            .group_by(Lead.stage)
        )
        if office_ids is not None:
            stmt = stmt.where(Lead.office_id.in_(office_ids))
        with self.store.read() as session:
            found = {row[0]: row for row in session.execute(stmt)}
        return [
            StageCount(
                stage.value,
                found[stage.value][1] if stage.value in found else 0,
                found[stage.value][2] if stage.value in found else 0,
                int(found[stage.value][3]) if stage.value in found else 0,
            )
            for stage in LeadStage
        ]

    def overdue_follow_ups(
        self, today: date, office_ids: list[str] | None, limit: int = OVERDUE_SHOWN
    ) -> tuple[int, list[OverdueFollowUp]]:
        """How many follow-ups are overdue, and the ``limit`` most recently due."""
        where = [Visit.deleted.is_(False), overdue_clause(today)]
        if office_ids is not None:
            where.append(Visit.office_id.in_(office_ids))
        rows_stmt = (
            select(
                Visit.id,
                Company.name,
                Office.name,
                Staff.name,
                Visit.visit_date,
                Visit.next_follow_up,
            )
            .join(Company, Company.id == Visit.company_id)
            .join(Office, Office.id == Visit.office_id)
            .outerjoin(Staff, Staff.id == Visit.staff_id)
            .where(*where)
            .order_by(Visit.next_follow_up.desc(), Visit.visit_date.desc())
            .limit(limit)
        )
        with self.store.read() as session:
            total = session.scalar(select(func.count()).select_from(Visit).where(*where)) or 0
            rows = session.execute(rows_stmt).all()
        return total, [
            OverdueFollowUp(vid, company, office, staff or "", day, due, (today - due).days)
            for vid, company, office, staff, day, due in rows
        ]
