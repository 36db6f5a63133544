"""Search: the same matching for the app's search box, the list filters and the CLI.

A query is split on spaces; every term must match (AND). A term of three characters or
more goes to the FTS5 trigram index; a shorter one (华为, 奇瑞) to ``name_grams``, the
one- and two-character pieces of company names, since trigrams cannot match it. Visits,
leads, deals and contacts also match through their company's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import ColumnElement, false, literal_column, or_, select, text, true
from sqlalchemy.sql import Select

from liaison_app.db.models import Company, Contact, Deal, Lead, Visit
from liaison_app.db.store import Store

Kind = Literal["visits", "leads", "deals", "companies", "contacts"]
KINDS: tuple[Kind, ...] = ("visits", "leads", "deals", "companies", "contacts")
KIND_ENTITY: dict[Kind, str] = {
    "visits": "visit",
    "leads": "lead",
    "deals": "deal",
    "companies": "company",
    "contacts": "contact",
}
MAX_CODEPOINT = "\U0010ffff"


def terms(query: str) -> list[str]:
    """The search terms of ``query``: split on (full-width too) spaces, ASCII lower-cased."""
    query = query.replace("\u3000", " ")
    return ["".join(c.lower() if c.isascii() else c for c in t) for t in query.split()]


def _fts_quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _rowids(fts_table: str, term: str) -> Select[Any]:
    return (
        select(literal_column("rowid"))
        .select_from(text(fts_table))
        .where(text(f"{fts_table} MATCH :q").bindparams(q=_fts_quote(term)))
    )


def _companies_matching(term: str) -> Select[Any]:
    """Ids of companies whose name (or, for long terms, other text) contains ``term``."""
    if len(term) >= 3:
        rowids = _rowids("companies_fts", term)
        return select(Company.id).where(literal_column("companies.rowid").in_(rowids))
    if len(term) == 2:
        return (
            select(literal_column("company_id"))
            .select_from(text("name_grams"))
            .where(literal_column("gram") == term)
        )
    return (
        select(literal_column("company_id"))
        .select_from(text("name_grams"))
        .where(literal_column("gram") >= term, literal_column("gram") < term + MAX_CODEPOINT)
    )


def _term_clause(kind: Kind, term: str) -> ColumnElement[bool]:
    companies = _companies_matching(term)
    if kind == "companies":
        return Company.id.in_(companies)
    if kind == "visits":
        own = (
            literal_column("visits.rowid").in_(_rowids("visits_fts", term))
            if len(term) >= 3
            else false()
        )
        return or_(Visit.company_id.in_(companies), own)
    if kind == "leads":
        own = (
            literal_column("leads.rowid").in_(_rowids("leads_fts", term))
            if len(term) >= 3
            else Lead.title.contains(term, autoescape=True)
        )
        return or_(Lead.company_id.in_(companies), own)
    if kind == "deals":
        return or_(
            Deal.company_id.in_(companies),
            Deal.title.contains(term, autoescape=True),
            Deal.carrier_park.contains(term, autoescape=True),
        )
    return or_(
        Contact.company_id.in_(companies),
        Contact.name.contains(term, autoescape=True),
        Contact.phone.contains(term, autoescape=True),
    )


def match_clause(kind: Kind, query: str) -> ColumnElement[bool]:
    """A WHERE clause selecting the rows of ``kind`` that match ``query`` (all terms)."""
    clauses = [_term_clause(kind, t) for t in terms(query)]
    if not clauses:
        return true()
    clause = clauses[0]
    for other in clauses[1:]:
        clause = clause & other
    return clause


@dataclass(frozen=True)
class SearchHit:
    kind: Kind
    id: str
    title: str
    company: str
    date: date | None


class SearchService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def search(self, query: str, kind: Kind | None = None, limit: int = 200) -> list[SearchHit]:
        """Live records matching ``query``, newest first; at most ``limit`` per kind."""
        if not terms(query):
            return []
        hits: list[SearchHit] = []
        with self.store.read() as session:
            for k in [kind] if kind else KINDS:
                hits += [
                    SearchHit(k, *row) for row in session.execute(self._query(k, query, limit))
                ]
        return hits

    @staticmethod
    def _query(kind: Kind, query: str, limit: int) -> Select[Any]:
        where = match_clause(kind, query)
        if kind == "companies":
            return (
                select(Company.id, Company.name, Company.name, literal_column("NULL"))
                .where(Company.deleted.is_(False), where)
                .order_by(Company.name)
                .limit(limit)
            )
        model, title, day = {
            "visits": (Visit, Visit.summary, Visit.visit_date),
            "leads": (Lead, Lead.title, Lead.found_on),
            "deals": (Deal, Deal.title, Deal.signed_on),
            "contacts": (Contact, Contact.name, literal_column("NULL")),
        }[kind]
        return (
            select(model.id, title, Company.name, day)
            .join(Company, Company.id == model.company_id)
            .where(model.deleted.is_(False), where)
            .order_by(day.desc() if kind != "contacts" else model.name, model.id)
            .limit(limit)
        )
