"""The columns each list shows: key, kind, header field, width, and how it sorts.

Free of SQLAlchemy, so the window can lay out a list and show its first page before the
ORM is loaded; the SQL that selects and orders each column is in ``list_sources``, keyed
by the same column keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from liaison_app.domain import enums
from liaison_app.services.list_query import Kind, ListQuery, ListRow

ColumnKind = Literal["text", "longtext", "date", "money", "enum", "bool", "int"]


@dataclass(frozen=True)
class ListColumn:
    """One column of a list: what it shows and how it sorts."""

    key: str
    kind: ColumnKind = "text"
    enum: type[enums.Labelled] | None = None
    field: str | None = None  # the entity field whose label heads the column
    sortable: bool = True
    indexed: bool = False  # an index serves this order: windows by offset stay cheap
    width: float = 6.5  # default width, in Chinese characters (a date fits)
    hidden: bool = False  # hidden until the user shows it


C = ListColumn

COLUMNS: dict[Kind, tuple[ListColumn, ...]] = {
    "visits": (
        C("visit_date", "date", field="visit_date", indexed=True),
        C("company", field="company_id", width=16),
        C("office", field="office_id", width=6),
        C("staff", field="staff_id", width=4.5),
        C("mode", "enum", enums.VisitMode, field="mode", width=5),
        C("review_state", "enum", enums.ReviewState, width=5),
        C("next_follow_up", "date", field="next_follow_up"),
        C("people_met", field="people_met", width=5),
        C("summary", "longtext", field="summary", width=30, sortable=False),
        C("outcome", "longtext", field="outcome", width=14, sortable=False, hidden=True),
        C("next_step", "longtext", field="next_step", width=14, sortable=False, hidden=True),
        C("reviewer", width=4.5, hidden=True),
    ),
    "leads": (
        C("title", field="title", width=15),
        C("company", field="company_id", width=16),
        C("office", field="office_id", width=6),
        C("staff", field="staff_id", width=4.5),
        C("found_on", "date", field="found_on", indexed=True),
        C("industry_chain", field="industry_chain", width=5.5),
        C("chain_role", "enum", enums.ChainRole, field="chain_role", width=4.5),
        C("investment", "money", field="investment_yuan", width=8.5),
        C("stage", "enum", enums.LeadStage, field="stage", width=5),
        C("is_valid", "bool", field="is_valid", width=4.5),
        C("intended_park", field="intended_park", width=10),
        C("description", "longtext", field="description", width=24, sortable=False, hidden=True),
    ),
    "deals": (
        C("title", field="title", width=15),
        C("company", field="company_id", width=16),
        C("office", field="office_id", width=6),
        C("signed_on", "date", field="signed_on", indexed=True),
        C("signing_mode", "enum", enums.SigningMode, field="signing_mode", width=5),
        C("investment", "money", field="investment_yuan", width=8.5),
        C("funds_in_place", "money", field="funds_in_place_yuan", width=8.5),
        C("status", "enum", enums.DealStatus, field="status", width=5),
        C("groundbreaking_on", "date", field="groundbreaking_on"),
        C("carrier_park", field="carrier_park", width=12),
        C("production_on", "date", field="production_on", hidden=True),
        C("industry_chain", field="industry_chain", width=5.5, hidden=True),
        C("responsible_unit", field="responsible_unit", width=12, hidden=True),
        C("staff", field="staff_id", width=4.5, hidden=True),
    ),
    "companies": (
        C("name", field="name", width=16, indexed=True),
        C("uscc", "text", field="uscc", width=12),
        C("industry_chain", field="industry_chain", width=5.5),
        C("region", field="region", width=7),
        C("listed", "bool", field="listed", width=4.5),
        C("foreign_funded", "bool", field="foreign_funded", width=4.5),
        C("visits", "int", width=4.5, sortable=False),
        C("last_visit", "date", width=6.5, sortable=False),
        C("address", field="address", width=14, hidden=True),
    ),
    "contacts": (
        C("name", field="name", width=5, indexed=True),
        C("title", field="title", width=8),
        C("phone", field="phone", width=8),
        C("email", field="email", width=12),
        C("company", field="company_id", width=15, hidden=True),
        C("office", field="office_id", width=6),
    ),
}

EXTRAS: dict[Kind, tuple[str, ...]] = {
    "visits": ("staff_id", "office_id", "company_id", "review_comment"),
    "leads": ("company_id", "office_id"),
    "deals": ("company_id", "office_id"),
    "companies": (),
    "contacts": ("company_id",),
}
"""Facts a row carries beside its columns (``ListRow.extra``), selected after them."""

DEFAULT_ORDER: dict[Kind, tuple[str, bool]] = {
    "visits": ("visit_date", True),  # (column key, descending): newest first
    "leads": ("found_on", True),
    "deals": ("signed_on", True),
    "companies": ("name", False),  # A to Z
    "contacts": ("name", False),
}


def columns(kind: Kind) -> tuple[ListColumn, ...]:
    return COLUMNS[kind]


def column(kind: Kind, key: str) -> ListColumn:
    for col in COLUMNS[kind]:
        if col.key == key:
            return col
    raise KeyError(f"{kind}.{key}")


def default_query(kind: Kind) -> ListQuery:
    """A list as it first opens: in its kind's order (companies and contacts A to Z)."""
    return ListQuery(kind, descending=DEFAULT_ORDER[kind][1])


def sort_column(query: ListQuery) -> ListColumn:
    """The column ``query`` is ordered by: its sort, or the kind's default order."""
    default = DEFAULT_ORDER[query.kind][0]
    col = column(query.kind, query.sort or default)
    return col if col.sortable else column(query.kind, default)


def is_windowed(query: ListQuery) -> bool:
    """True when a window by offset is cheap: an index serves the order, no search.

    With a search, SQLite would walk the order's index looking for matches (all of it,
    when there are few); without a LIMIT it fetches the matches first, then sorts them.
    """
    return sort_column(query).indexed and not query.filter.text.strip()


def list_rows(kind: Kind, keys: Sequence[int], rows: Iterable[Sequence[Any]]) -> list[ListRow]:
    """``ListRow``s in the order of ``keys`` from rows of (rowid, id, columns…, extras…)."""
    n, names = len(COLUMNS[kind]), EXTRAS[kind]
    by_key = {}
    for row in rows:
        extra = dict(zip(names, row[2 + n :], strict=True))
        by_key[row[0]] = ListRow(row[1], tuple(row[2 : 2 + n]), extra)
    return [by_key[k] for k in keys if k in by_key]
