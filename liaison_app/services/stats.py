"""Statistics for a period and office: the figures headquarters counts.

Definitions (one place, shared by `stats`, the dashboard and the HQ report):
- visits, companies_visited: live visits dated in the period; distinct companies among them.
  Over all time both come from ``visit_tally``, which triggers keep equal to the visits.
- leads, valid_leads, valid_lead_investment_yuan: live leads found in the period; those
  marked valid; the sum of their estimated investment.
- signed_deals, signed_investment_yuan, deals_100m_plus: live deals signed in the period
  (whatever their later status), their total investment, those of 1 亿元 and above.
- groundbroken_deals: live deals whose groundbreaking date falls in the period.
- funds_in_place_yuan: funds in place of the deals signed in the period.
Money is integer yuan; every sum is exact.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, TextClause, and_, bindparam, case, func, select, text
from sqlalchemy.orm import Session

from liaison_app.db.models import Deal, Lead, Office
from liaison_app.db.store import Store
from liaison_app.domain.money import YUAN_PER_YI
from liaison_app.domain.sort_key import sort_key

FIGURES = (
    "visits",
    "companies_visited",
    "leads",
    "valid_leads",
    "valid_lead_investment_yuan",
    "signed_deals",
    "signed_investment_yuan",
    "deals_100m_plus",
    "groundbroken_deals",
    "funds_in_place_yuan",
)


@dataclass(frozen=True)
class Period:
    start: date | None = None
    end: date | None = None  # inclusive

    def clause(self, column: Any) -> ColumnElement[bool]:
        parts = []
        if self.start:
            parts.append(column >= self.start)
        if self.end:
            parts.append(column <= self.end)
        return and_(True, *parts)

    @property
    def all_time(self) -> bool:
        """No bounds: the visit figures come from ``visit_tally`` (``db/visit_tally.py``)."""
        return self.start is None and self.end is None


class StatsService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def offices(self) -> list[tuple[str, str]]:
        """(id, name) of live offices, by pinyin (the stored ``sort_key``), as every list."""
        with self.store.read() as session:
            rows = session.execute(
                select(Office.id, Office.name)
                .where(Office.deleted.is_(False))
                .order_by(Office.sort_key)
            ).all()
            return [(r.id, r.name) for r in rows]

    def office_id(self, name_or_id: str) -> str | None:
        for office_id, name in self.offices():
            if name_or_id in (office_id, name):
                return office_id
        return None

    def compute(
        self,
        period: Period = Period(),
        office_ids: list[str] | None = None,
        *,
        session: Session | None = None,
    ) -> dict[str, Any]:
        """Overall figures, plus ``by_office`` (keyed by office name) and ``offices``.

        ``session``: read in the caller's session (the Excel export's, with its settings).
        """
        reading = nullcontext(session) if session is not None else self.store.read()
        with reading as session:
            per_office = self._per_office(session, period, office_ids)
            names = dict(self.offices_in(session))
            if office_ids is not None and len(office_ids) == 1:  # counted per office already
                companies = per_office.get(office_ids[0], {}).get("companies_visited", 0)
            else:
                companies = self._companies_visited(session, period, office_ids)
        overall = dict.fromkeys(FIGURES, 0)
        for figures in per_office.values():
            for key in FIGURES:
                overall[key] += figures[key]
        overall["companies_visited"] = companies
        overall["offices"] = len(per_office)
        overall["by_office"] = {
            names.get(office_id, office_id): figures
            for office_id, figures in sorted(
                per_office.items(), key=lambda item: sort_key(names.get(item[0], item[0]))
            )
        }
        return overall

    @staticmethod
    def offices_in(session: Session) -> list[tuple[str, str]]:
        return [(r.id, r.name) for r in session.execute(select(Office.id, Office.name))]

    def _per_office(
        self, session: Session, period: Period, office_ids: list[str] | None
    ) -> dict[str, dict[str, int]]:
        offices = select(Office.id).where(Office.deleted.is_(False))
        if office_ids is not None:
            offices = offices.where(Office.id.in_(office_ids))
        result = {oid: dict.fromkeys(FIGURES, 0) for oid in session.scalars(offices)}

        def scoped(model: Any, date_column: Any) -> list[ColumnElement[bool]]:
            where = [model.deleted.is_(False), period.clause(date_column)]
            if office_ids is not None:
                where.append(model.office_id.in_(office_ids))
            return where

        for office_id, visits, companies in session.execute(*_visit_pairs(period, office_ids)):
            figures = result.setdefault(office_id, dict.fromkeys(FIGURES, 0))
            figures.update(visits=visits, companies_visited=companies)

        valid = Lead.is_valid.is_(True)
        lead_rows = session.execute(
            select(
                Lead.office_id,
                func.count(),
                func.count(case((valid, 1))),
                func.coalesce(func.sum(case((valid, Lead.investment_yuan), else_=0)), 0),
            )
            .where(*scoped(Lead, Lead.found_on))
            .group_by(Lead.office_id)
        )
        for office_id, leads, valid_leads, investment in lead_rows:
            figures = result.setdefault(office_id, dict.fromkeys(FIGURES, 0))
            figures.update(
                leads=leads, valid_leads=valid_leads, valid_lead_investment_yuan=int(investment)
            )

        deal_rows = session.execute(
            select(
                Deal.office_id,
                func.count(),
                func.coalesce(func.sum(Deal.investment_yuan), 0),
                func.count(case((Deal.investment_yuan >= YUAN_PER_YI, 1))),
                func.coalesce(func.sum(Deal.funds_in_place_yuan), 0),
            )
            .where(*scoped(Deal, Deal.signed_on))
            .group_by(Deal.office_id)
        )
        for office_id, deals, investment, big, funds in deal_rows:
            figures = result.setdefault(office_id, dict.fromkeys(FIGURES, 0))
            figures.update(
                signed_deals=deals,
                signed_investment_yuan=int(investment),
                deals_100m_plus=big,
                funds_in_place_yuan=int(funds),
            )

        ground_rows = session.execute(
            select(Deal.office_id, func.count())
            .where(*scoped(Deal, Deal.groundbreaking_on), Deal.groundbreaking_on.is_not(None))
            .group_by(Deal.office_id)
        )
        for office_id, count in ground_rows:
            result.setdefault(office_id, dict.fromkeys(FIGURES, 0))["groundbroken_deals"] = count
        return result

    @staticmethod
    def _companies_visited(session: Session, period: Period, office_ids: list[str] | None) -> int:
        """Distinct over all offices: a company two offices visited counts once."""
        if period.all_time:
            where = "" if office_ids is None else " WHERE office_id IN :offices"
            sql = f"SELECT count(DISTINCT company_id) FROM visit_tally{where}"
            params: dict[str, Any] = {} if office_ids is None else {"offices": list(office_ids)}
            return session.execute(_text(sql, office_ids), params).scalar() or 0
        index = "ix_visits_live_company" if office_ids is None else "ix_visits_live_office_company"
        where, params = _visit_scope(period, office_ids)
        sql = f"SELECT count(DISTINCT company_id) FROM visits INDEXED BY {index} WHERE {where}"
        return session.execute(_text(sql, office_ids), params).scalar() or 0


def _visit_scope(period: Period, office_ids: list[str] | None) -> tuple[str, dict[str, Any]]:
    """WHERE text and parameters of live visits in ``period`` (and offices)."""
    where, params = ["deleted IS 0"], {}
    if period.start:
        where.append("visit_date >= :start")
        params["start"] = period.start.isoformat()
    if period.end:
        where.append("visit_date <= :end")
        params["end"] = period.end.isoformat()
    if office_ids is not None:
        where.append("office_id IN :offices")
        params["offices"] = list(office_ids)
    return " AND ".join(where), params


def _text(sql: str, office_ids: list[str] | None) -> TextClause:
    clause = text(sql)
    return clause if office_ids is None else clause.bindparams(bindparam("offices", expanding=True))


def _visit_pairs(period: Period, office_ids: list[str] | None) -> tuple[TextClause, dict[str, Any]]:
    """(office, visits, distinct companies) per office, in one index-only pass.

    All time: a sum and a count per office over ``visit_tally`` (one row per pair with
    live visits, kept by triggers). A period: written as SQL to name the index: SQLite's
    planner (without ANALYZE statistics) picks the narrower date index and reads every
    visit's row for its company. Through ``ix_visits_live_office_company`` the (office,
    company) groups stream in index order and one office reads only its own entries.
    """
    if period.all_time:
        where = "" if office_ids is None else " WHERE office_id IN :offices"
        sql = f"SELECT office_id, sum(visits), count(*) FROM visit_tally{where} GROUP BY office_id"
        return _text(sql, office_ids), {} if office_ids is None else {"offices": list(office_ids)}
    where, params = _visit_scope(period, office_ids)
    sql = (
        "SELECT office_id, sum(n), count(*) FROM (SELECT office_id, count(*) AS n"
        f" FROM visits INDEXED BY ix_visits_live_office_company WHERE {where}"
        " GROUP BY office_id, company_id) GROUP BY office_id"
    )
    return _text(sql, office_ids), params
