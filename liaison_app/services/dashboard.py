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
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy.orm import Session

from liaison_app.db import visit_tally
from liaison_app.db.models import Company, Deal, Lead, Office, Staff, Visit
from liaison_app.db.store import Store
from liaison_app.domain.enums import LeadStage
from liaison_app.services.stats import Period, StatsService

OVERDUE_SHOWN = 10  # the dashboard's list; the visits list has them all
# Kept by triggers, not ORM models (db/visit_tally.py).
VISIT_MONTHS = table(
    visit_tally.MONTHS.table, column("office_id"), column("month"), column("visits")
)
LAST_VISIT = table(visit_tally.LATEST, column("company_id"), column("visit_date"))


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
    same company followed up: visits on their company's latest visit date (the triggers'
    ``company_last_visit``). The dashboard and the visits list's filter share it.

    Written as a row-value IN, SQLite drives it from one row per company, seeking each
    company's visits of that day in ``ix_visits_live_company_date``.
    """
    latest = select(LAST_VISIT.c.company_id, LAST_VISIT.c.visit_date)
    return and_(
        Visit.next_follow_up.is_not(None),
        Visit.next_follow_up < today,
        tuple_(Visit.company_id, Visit.visit_date).in_(latest),
    )


def month_range(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from ``first`` to ``last``, both included."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month(day: date) -> str:
    return day.strftime("%Y-%m")


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def split_by_month(period: Period) -> tuple[str | None, str | None, list[Period]]:
    """The whole months of ``period`` as a "YYYY-MM" range (None: open; first > last:
    none) and the parts of months at its ends, at most two, as periods of their own."""
    start, end = period.start, period.end
    if start and end and start > end:
        return "1", "0", []
    parts: list[Period] = []
    first = last = None
    if start:
        if start.day == 1:
            first = _month(start)
        else:
            part_end = _month_end(start) if end is None else min(end, _month_end(start))
            parts.append(Period(start, part_end))
            first = _month(_month_end(start) + timedelta(days=1))
    if end:
        if end == _month_end(end):
            last = _month(end)
        else:
            if not parts or _month(end) != _month(start or end):
                part_start = _month_start(end) if start is None else max(start, _month_start(end))
                parts.append(Period(part_start, end))
            last = _month(_month_start(end) - timedelta(days=1))
    return first, last, parts


def visits_per_month(
    session: Session, period: Period, office_ids: list[str] | None
) -> list[tuple[str, str, int]]:
    """(office, "YYYY-MM", live visits) in ``period``: whole months read from
    ``visit_months`` (a few hundred rows, kept by triggers), the parts of months at the
    period's ends from the visits (1M visits: 1.1 s -> a few ms for all time)."""
    first, last, parts = split_by_month(period)
    tally = VISIT_MONTHS.c
    months = select(tally.office_id, tally.month, tally.visits)
    if first:
        months = months.where(tally.month >= first)
    if last:
        months = months.where(tally.month <= last)
    if office_ids is not None:
        months = months.where(tally.office_id.in_(office_ids))
    rows: list[tuple[str, str, int]] = []
    if not (first and last) or first <= last:
        rows += [(o, m, n) for o, m, n in session.execute(months)]
    month = func.substr(Visit.visit_date, 1, 7)
    for part in parts:
        stmt = (
            select(Visit.office_id, month, func.count())
            .where(Visit.deleted.is_(False), part.clause(Visit.visit_date))
            .group_by(Visit.office_id, month)
        )
        if office_ids is not None:
            stmt = stmt.where(Visit.office_id.in_(office_ids))
        rows += [(o, m, n) for o, m, n in session.execute(stmt)]
    return rows


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
        offices = select(Office.id, Office.name).where(Office.deleted.is_(False))
        if office_ids is not None:
            offices = offices.where(Office.id.in_(office_ids))
        with self.store.read() as session:
            names = {i: n for i, n in session.execute(offices.order_by(Office.sort_key))}
            rows = visits_per_month(session, period, office_ids)
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
        # SQLite drives these from each company's latest visit date to its visits of that
        # day (ix_visits_live_company_date): 1M visits, 600k follow-ups: 7 s -> tens of ms.
        where = [Visit.deleted.is_(False), overdue_clause(today)]
        if office_ids is not None:
            where.append(Visit.office_id.in_(office_ids))
        count_stmt = select(func.count()).select_from(Visit).where(*where)
        # The few most recently due first, from the index alone (rowids), then their rows.
        rowid = literal_column("visits.rowid")
        due = (
            select(rowid.label("row"), Visit.next_follow_up, Visit.visit_date)
            .where(*where)
            .order_by(Visit.next_follow_up.desc(), Visit.visit_date.desc())
            .limit(limit)
            .subquery()
        )
        rows_stmt = (
            select(
                Visit.id,
                Company.name,
                Office.name,
                Staff.name,
                Visit.visit_date,
                Visit.next_follow_up,
            )
            .select_from(due)
            .join(Visit, rowid == due.c.row)
            .join(Company, Company.id == Visit.company_id)
            .join(Office, Office.id == Visit.office_id)
            .outerjoin(Staff, Staff.id == Visit.staff_id)
            .order_by(due.c.next_follow_up.desc(), due.c.visit_date.desc())
        )
        with self.store.read() as session:
            total = session.scalar(count_stmt) or 0
            rows = session.execute(rows_stmt).all()
        return total, [
            OverdueFollowUp(vid, company, office, staff or "", day, due, (today - due).days)
            for vid, company, office, staff, day, due in rows
        ]
