"""What an editor shows around a record: choices for its reference fields, the records
linked to it, and readable names for the ids in its history.

Plain Python (no Qt): the forms call it; the CLI or an export could too. Reads only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, select

from liaison_app.db.models import Company, Contact, Deal, Lead, Office, Staff, Visit
from liaison_app.db.store import Store
from liaison_app.domain.dates import format_date
from liaison_app.domain.enums import DealStatus, LeadStage, VisitMode
from liaison_app.domain.money import format_money
from liaison_app.services.search import match_clause, terms


@dataclass(frozen=True)
class Choice:
    """An item of a combo box or completer: the id and what the user reads."""

    id: str
    name: str
    group: str | None = None  # e.g. the office of a staff member


@dataclass(frozen=True)
class RelatedRow:
    """One linked record, ready to list: labels are in the current language."""

    entity: str
    id: str
    day: date | None
    title: str
    status: str = ""
    amount_yuan: int | None = None


def _visit_title(visit_date: date, company: str, mode: str) -> str:
    return f"{format_date(visit_date)} {company} {VisitMode(mode).label}"


class RelatedService:
    """Reads for the record editors; one instance per store, cheap to build."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- choices ------------------------------------------------------------------------

    def companies_like(self, text: str, limit: int = 20) -> list[Choice]:
        """Live companies whose name contains every term of ``text``: names that start with
        it first, then the rest, each by pinyin like every list.

        The search index narrows the rows (trigrams for 3+ characters, name pieces for
        1-2 characters such as 华为), then the name itself must contain each term, since
        the trigram index also covers the address and notes.
        """
        words = terms(text)
        if not words:
            return []
        whole = "".join(text.split())
        name_has = and_(*(Company.name.contains(w, autoescape=True) for w in words))
        query = (
            select(Company.id, Company.name)
            .where(Company.deleted.is_(False), match_clause("companies", text), name_has)
            .order_by(
                case((Company.name.startswith(whole, autoescape=True), 0), else_=1),
                Company.sort_key,
            )
            .limit(limit)
        )
        with self.store.read() as session:
            return [Choice(i, n) for i, n in session.execute(query)]

    def offices(self) -> list[Choice]:
        with self.store.read() as session:
            rows = session.execute(
                select(Office.id, Office.name)
                .where(Office.deleted.is_(False))
                .order_by(Office.sort_key)
            )
            return [Choice(i, n) for i, n in rows]

    def staff(self) -> list[Choice]:
        """Every live staff member, with their office id as ``group``."""
        with self.store.read() as session:
            rows = session.execute(
                select(Staff.id, Staff.name, Staff.office_id)
                .where(Staff.deleted.is_(False))
                .order_by(Staff.sort_key)
            )
            return [Choice(i, n, o) for i, n, o in rows]

    # -- names --------------------------------------------------------------------------

    def names(self, entity: str, ids: Iterable[str]) -> dict[str, str]:
        """What the user reads for each id (company name, visit date and company...)."""
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return {}
        with self.store.read() as session:
            if entity in ("company", "office", "staff", "contact"):
                model: Any = {
                    "company": Company,
                    "office": Office,
                    "staff": Staff,
                    "contact": Contact,
                }[entity]
                rows = session.execute(select(model.id, model.name).where(model.id.in_(wanted)))
                return {i: n for i, n in rows}
            if entity == "visit":
                rows = session.execute(
                    select(Visit.id, Visit.visit_date, Company.name, Visit.mode)
                    .join(Company, Company.id == Visit.company_id)
                    .where(Visit.id.in_(wanted))
                )
                return {i: _visit_title(d, c, m) for i, d, c, m in rows}
            model = {"lead": Lead, "deal": Deal}[entity]
            rows = session.execute(select(model.id, model.title).where(model.id.in_(wanted)))
            return {i: t for i, t in rows}

    def name(self, entity: str, row_id: str | None) -> str:
        return self.names(entity, [row_id]).get(row_id or "", "") if row_id else ""

    def company_chain(self, company_id: str | None) -> str:
        """A company's industry chain (a new lead or deal starts from it)."""
        if not company_id:
            return ""
        with self.store.read() as session:
            return (
                session.scalar(select(Company.industry_chain).where(Company.id == company_id)) or ""
            )

    def deal_of_lead(self, lead_id: str) -> str | None:
        """The live deal signed from a lead, if any."""
        with self.store.read() as session:
            return session.scalar(
                select(Deal.id).where(Deal.lead_id == lead_id, Deal.deleted.is_(False)).limit(1)
            )

    # -- related records ----------------------------------------------------------------

    def related(self, entity: str, row_id: str) -> dict[str, list[RelatedRow]]:
        """Linked records by entity: a company's visits, leads, deals and contacts; a
        visit's leads; a lead's source visit and deal; a deal's lead; a contact's company.
        """
        with self.store.read() as session:
            if entity == "company":
                return {
                    "visit": self._visits(session, Visit.company_id == row_id, company=False),
                    "lead": self._leads(session, Lead.company_id == row_id),
                    "deal": self._deals(session, Deal.company_id == row_id),
                    "contact": self._contacts(session, Contact.company_id == row_id),
                }
            if entity == "visit":
                return {"lead": self._leads(session, Lead.source_visit_id == row_id)}
            if entity == "lead":
                source = select(Lead.source_visit_id).where(Lead.id == row_id).scalar_subquery()
                return {
                    "visit": self._visits(session, Visit.id == source),
                    "deal": self._deals(session, Deal.lead_id == row_id),
                }
            if entity == "deal":
                lead = select(Deal.lead_id).where(Deal.id == row_id).scalar_subquery()
                return {"lead": self._leads(session, Lead.id == lead)}
            if entity == "contact":
                company = select(Contact.company_id).where(Contact.id == row_id).scalar_subquery()
                return {"visit": self._visits(session, Visit.company_id == company)}
        return {}

    @staticmethod
    def _visits(session: Any, where: Any, *, company: bool = True) -> list[RelatedRow]:
        """Visits titled by their summary's first line (and company, unless it is known)."""
        rows = session.execute(
            select(Visit.id, Visit.visit_date, Company.name, Visit.mode, Visit.summary)
            .join(Company, Company.id == Visit.company_id)
            .where(where, Visit.deleted.is_(False))
            .order_by(Visit.visit_date.desc())
        )
        found = []
        for i, d, c, m, text in rows:
            first = text.strip().splitlines()[0] if text and text.strip() else ""
            title = f"{c}：{first}" if company else first
            found.append(RelatedRow("visit", i, d, title[:80], VisitMode(m).label))
        return found

    @staticmethod
    def _leads(session: Any, where: Any) -> list[RelatedRow]:
        rows = session.execute(
            select(Lead.id, Lead.found_on, Lead.title, Lead.stage, Lead.investment_yuan)
            .where(where, Lead.deleted.is_(False))
            .order_by(Lead.found_on.desc())
        )
        return [RelatedRow("lead", i, d, t, LeadStage(s).label, y) for i, d, t, s, y in rows]

    @staticmethod
    def _deals(session: Any, where: Any) -> list[RelatedRow]:
        rows = session.execute(
            select(Deal.id, Deal.signed_on, Deal.title, Deal.status, Deal.investment_yuan)
            .where(where, Deal.deleted.is_(False))
            .order_by(Deal.signed_on.desc())
        )
        return [RelatedRow("deal", i, d, t, DealStatus(s).label, y) for i, d, t, s, y in rows]

    @staticmethod
    def _contacts(session: Any, where: Any) -> list[RelatedRow]:
        rows = session.execute(
            select(Contact.id, Contact.name, Contact.title, Contact.phone)
            .where(where, Contact.deleted.is_(False))
            .order_by(Contact.sort_key)
        )
        return [
            RelatedRow("contact", i, None, " ".join(x for x in (n, t, p) if x))
            for i, n, t, p in rows
        ]


def amount_text(yuan: int | None) -> str:
    """An amount as the lists show it (万元), empty when unknown."""
    return "" if yuan is None else format_money(yuan, "wan")
