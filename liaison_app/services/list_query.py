"""What a list asks for (its kind, filter and order) and the rows it gets back.

Plain data, free of SQLAlchemy: the window restores a list's query and shows its first
page before the ORM is loaded (see ``services.early_reads``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Literal

Kind = Literal["visits", "leads", "deals", "companies", "contacts"]
KINDS: tuple[Kind, ...] = ("visits", "leads", "deals", "companies", "contacts")
KIND_ENTITY: dict[Kind, str] = {
    "visits": "visit",
    "leads": "lead",
    "deals": "deal",
    "companies": "company",
    "contacts": "contact",
}


@dataclass(frozen=True)
class ListFilter:
    office_id: str | None = None
    staff_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    review_state: str | None = None
    stage: str | None = None
    valid: bool | None = None
    industry_chain: str | None = None
    deal_status: str | None = None
    company_id: str | None = None
    overdue_on: date | None = None  # visits whose follow-up was due before this day, undone
    text: str = ""


@dataclass(frozen=True)
class ListQuery:
    kind: Kind
    filter: ListFilter = field(default_factory=ListFilter)
    sort: str | None = None  # a column key; None: the kind's default order
    descending: bool = True

    def with_filter(self, **changes: Any) -> ListQuery:
        return replace(self, filter=replace(self.filter, **changes))


@dataclass(frozen=True)
class ListRow:
    """A row of a list: its id, the column values in column order, and extra facts."""

    id: str
    values: tuple[Any, ...]
    extra: dict[str, Any]


def query_key(query: ListQuery) -> str:
    """``query`` as text, equal for equal queries (the early first page is filed by it)."""
    return json.dumps(asdict(query), sort_keys=True, default=str, ensure_ascii=False)
