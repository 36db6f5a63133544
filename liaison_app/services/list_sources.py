"""The SQL side of each list: the table, its joins, and the expression that selects and
orders each column of ``list_columns`` (by the same keys).

``_rowid`` breaks ties in every order: it is stable (the search index relies on it too)
and comes free with every index entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Integer, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.selectable import Join

from liaison_app.db.models import Company, Contact, Deal, Lead, Office, Staff, Visit
from liaison_app.services.list_columns import COLUMNS, EXTRAS, ListColumn
from liaison_app.services.list_query import Kind

SUMMARY_CHARS = 160  # a list cell shows the start of long text; the editor shows the rest


@dataclass(frozen=True)
class Source:
    """A list's table and joins, and each column's SQL: ``(select, order by)``."""

    model: Any
    table: str
    columns: tuple[ListColumn, ...]
    exprs: dict[str, tuple[Any, Any]]
    date_column: Any | None
    joins: tuple[tuple[Any, Any, bool], ...]  # (target, on clause, outer)
    extras: tuple[tuple[str, Any], ...] = field(default=())

    def __post_init__(self) -> None:
        assert tuple(name for name, _ in self.extras) == EXTRAS[self.table], self.table

    def expr(self, key: str) -> Any:
        return self.exprs[key][0]

    def order_expr(self, key: str) -> Any:
        return self.exprs[key][1]


class _CrossJoin(Join):
    """An inner join whose left table SQLite keeps as the outer loop (``CROSS JOIN``)."""

    inherit_cache = True


@compiles(_CrossJoin)
def _compile_cross_join(join: _CrossJoin, compiler: Any, **kw: Any) -> str:
    return str(compiler.visit_join(join, **kw)).replace(" JOIN ", " CROSS JOIN ", 1)


def cross_join(left: Any, right: Any, on: Any) -> Join:
    return _CrossJoin(left, right, on)


def rowid(table: str) -> ColumnElement[int]:
    return literal_column(f"{table}.rowid", Integer)


def _cut(column: Any) -> Any:
    return func.substr(column, 1, SUMMARY_CHARS)


_Reviewer = aliased(Staff, name="reviewer")


def _exprs(kind: Kind, **given: Any) -> dict[str, tuple[Any, Any]]:
    """Each column's (select, order by) pair: a bare expression orders by itself."""
    pairs = {k: v if isinstance(v, tuple) else (v, v) for k, v in given.items()}
    assert list(pairs) == [c.key for c in COLUMNS[kind]], kind  # one entry per column
    return pairs


def _sources() -> dict[Kind, Source]:
    def company_join(model: Any) -> tuple[Any, Any, bool]:
        return (Company, Company.id == model.company_id, False)

    its_visits = (Visit.company_id == Company.id, Visit.deleted.is_(False))
    visit_count = select(func.count()).where(*its_visits).correlate(Company).scalar_subquery()
    last_visit = (
        select(func.max(Visit.visit_date)).where(*its_visits).correlate(Company).scalar_subquery()
    )
    company = (Company.name, Company.sort_key)  # pinyin order (domain.sort_key)
    office = (Office.name, Office.sort_key)
    staff = (Staff.name, Staff.sort_key)
    return {
        "visits": Source(
            Visit,
            "visits",
            COLUMNS["visits"],
            _exprs(
                "visits",
                visit_date=Visit.visit_date,
                company=company,
                office=office,
                staff=staff,
                mode=Visit.mode,
                review_state=Visit.review_state,
                next_follow_up=Visit.next_follow_up,
                people_met=Visit.people_met,
                summary=_cut(Visit.summary),
                outcome=_cut(Visit.outcome),
                next_step=_cut(Visit.next_step),
                reviewer=(_Reviewer.name, _Reviewer.sort_key),
            ),
            Visit.visit_date,
            (
                company_join(Visit),
                (Office, Office.id == Visit.office_id, False),
                (Staff, Staff.id == Visit.staff_id, True),
                (_Reviewer, _Reviewer.id == Visit.reviewer_id, True),
            ),
            (
                ("staff_id", Visit.staff_id),
                ("office_id", Visit.office_id),
                ("company_id", Visit.company_id),
                ("review_comment", Visit.review_comment),
            ),
        ),
        "leads": Source(
            Lead,
            "leads",
            COLUMNS["leads"],
            _exprs(
                "leads",
                title=(Lead.title, Lead.sort_key),
                company=company,
                office=office,
                staff=staff,
                found_on=Lead.found_on,
                industry_chain=Lead.industry_chain,
                chain_role=Lead.chain_role,
                investment=Lead.investment_yuan,
                stage=Lead.stage,
                is_valid=Lead.is_valid,
                intended_park=Lead.intended_park,
                description=_cut(Lead.description),
            ),
            Lead.found_on,
            (
                company_join(Lead),
                (Office, Office.id == Lead.office_id, False),
                (Staff, Staff.id == Lead.staff_id, True),
            ),
            (("company_id", Lead.company_id), ("office_id", Lead.office_id)),
        ),
        "deals": Source(
            Deal,
            "deals",
            COLUMNS["deals"],
            _exprs(
                "deals",
                title=(Deal.title, Deal.sort_key),
                company=company,
                office=office,
                signed_on=Deal.signed_on,
                signing_mode=Deal.signing_mode,
                investment=Deal.investment_yuan,
                funds_in_place=Deal.funds_in_place_yuan,
                status=Deal.status,
                groundbreaking_on=Deal.groundbreaking_on,
                carrier_park=Deal.carrier_park,
                production_on=Deal.production_on,
                industry_chain=Deal.industry_chain,
                responsible_unit=Deal.responsible_unit,
                staff=staff,
            ),
            Deal.signed_on,
            (
                company_join(Deal),
                (Office, Office.id == Deal.office_id, False),
                (Staff, Staff.id == Deal.staff_id, True),
            ),
            (("company_id", Deal.company_id), ("office_id", Deal.office_id)),
        ),
        "companies": Source(
            Company,
            "companies",
            COLUMNS["companies"],
            _exprs(
                "companies",
                name=company,
                uscc=Company.uscc,
                industry_chain=Company.industry_chain,
                region=Company.region,
                listed=Company.listed,
                foreign_funded=Company.foreign_funded,
                visits=visit_count,
                last_visit=last_visit,
                address=Company.address,
            ),
            None,
            (),
        ),
        "contacts": Source(
            Contact,
            "contacts",
            COLUMNS["contacts"],
            _exprs(
                "contacts",
                name=(Contact.name, Contact.sort_key),
                title=Contact.title,
                phone=Contact.phone,
                email=Contact.email,
                company=company,
                office=office,
            ),
            None,
            (company_join(Contact), (Office, Office.id == Contact.office_id, True)),
            (("company_id", Contact.company_id),),
        ),
    }


SOURCES = _sources()
