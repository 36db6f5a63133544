"""Search: the same matching for the app's search box, the list filters and the CLI.

A query is split on spaces; every term must match (AND). A term of three characters or
more goes to the FTS5 trigram index; a shorter one (华为, 考察) to the pairs index, since
trigrams cannot match it (see ``db/search_index``). Visits, leads, deals and contacts also
match through their company's text (its name first of all).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    bindparam,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.sql import Select

from liaison_app.db.models import Company, Contact, Deal, Lead, Visit
from liaison_app.db.search_index import FTS_SOURCES, body_expr
from liaison_app.db.store import Store
from liaison_app.services.list_query import KIND_ENTITY, KINDS, Kind

__all__ = ["KINDS", "KIND_ENTITY", "Kind", "SearchService", "match_clause", "terms"]


def terms(query: str) -> list[str]:
    """The search terms of ``query``: split on (full-width too) spaces, ASCII lower-cased."""
    query = query.replace("\u3000", " ")
    return ["".join(c.lower() if c.isascii() else c for c in t) for t in query.split()]


def _fts_query(term: str) -> tuple[str, str]:
    """The index table suffix and FTS5 query for one term.

    Three characters or more: a phrase in the trigram index. Two: the exact token in the
    pairs index. One: a prefix of a token there (the pairs that start with it).
    """
    quoted = '"' + term.replace('"', '""') + '"'
    if len(term) >= 3:
        return "fts", quoted
    return "pairs", quoted if len(term) == 2 else quoted + "*"


def _matching_rowids(table: str, term: str) -> Select[Any]:
    suffix, query = _fts_query(term)
    index = f"{table}_{suffix}"
    return (
        select(literal_column("rowid"))
        .select_from(text(index))
        # unique=True: each term of a query gets its own parameter, not a shared ":q"
        .where(text(f"{index} MATCH :q").bindparams(bindparam("q", query, unique=True)))
    )


def _matches(table: str, term: str) -> ColumnElement[bool]:
    """Rows of ``table`` (companies, visits, leads) whose own text contains ``term``."""
    return literal_column(f"{table}.rowid").in_(_matching_rowids(table, term))


def _companies_matching(term: str) -> Select[Any]:
    return select(Company.id).where(_matches("companies", term))


def _company_matches(model: Any, term: str, *, scan: bool) -> ColumnElement[bool]:
    """Rows of ``model`` whose company's text contains ``term`` (through the index).

    ``scan``: as a test of each row, for a walk that stops at a page. ``company_id IN
    (the matching companies)`` would first list every match, however short the walk: at
    200k visits and 20k companies, a first page of 100 took 11 ms instead of 6 for 半导体
    (5,366 companies), 26 instead of 9 for 有限公司; this looks the row's one company up
    instead (about 1 ms more where few companies match).
    """
    if not scan:
        return model.company_id.in_(_companies_matching(term))
    company = Company.__table__.alias("matched_company")
    return exists().where(
        company.c.id == model.company_id,
        literal_column("matched_company.rowid").in_(_matching_rowids("companies", term)),
    )


def _contains(table: str, term: str) -> ColumnElement[bool]:
    """Rows of ``table`` whose own text contains ``term``, read from the row, not the index.

    What the index finds (its tokenizers fold ASCII case, as ``lower`` does): cheaper when a
    list is walked in order and most rows match, since the walk stops at a page.
    """
    columns = next(cols for name, cols in FTS_SOURCES.values() if name == table)
    body = literal_column(f"lower({body_expr(table, columns)})")
    return func.instr(body, bindparam("t", term, unique=True)) > 0


def _term_clause(kind: Kind, term: str, *, scan: bool = False) -> ColumnElement[bool]:
    own = _contains if scan else _matches
    if kind == "companies":
        return own("companies", term)
    companies = _companies_matching(term)
    if kind == "visits":
        return or_(_company_matches(Visit, term, scan=scan), own("visits", term))
    if kind == "leads":
        return or_(_company_matches(Lead, term, scan=scan), own("leads", term))
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


def match_clause(kind: Kind, query: str, *, scan: bool = False) -> ColumnElement[bool]:
    """A WHERE clause selecting the rows of ``kind`` that match ``query`` (all terms).

    ``scan``: test each row's own text instead of looking the terms up in the index (see
    ``_contains``), for a walk over the rows in list order.
    """
    clauses = [_term_clause(kind, t, scan=scan) for t in terms(query)]
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
                .order_by(Company.sort_key)
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
            .order_by(day.desc() if kind != "contacts" else Contact.sort_key, model.id)
            .limit(limit)
        )
