"""What the database and the file already hold, for matching references by name.

Loaded once per import: companies by id, USCC and normalised name; offices, staff and
leads by their display name (with the office or company they belong to). Records planned
from the file are added as rows are read, so a later row finds them too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_app.db.models import Company
from liaison_app.domain.text import normalize_company_name


@lru_cache(maxsize=65536)
def company_key(name: str) -> str:
    """``normalize_company_name``, remembered: a visit log names the same companies often."""
    return normalize_company_name(name)


class Companies:
    """Companies by id, USCC and normalised name: the database's and the file's own.

    The USCC wins over the name: a name that matches a company holding another USCC names
    another company (two firms may share a name in different places; a USCC is one firm).
    """

    def __init__(self, session: Session) -> None:
        self.name: dict[str, str] = {}
        self.key_of: dict[str, str] = {}
        self.uscc_of: dict[str, str] = {}
        self.by_key: dict[str, str] = {}
        self.by_uscc: dict[str, str] = {}
        rows = session.execute(
            select(Company.id, Company.name, Company.name_key, Company.uscc).where(
                Company.deleted.is_(False)
            )
        )
        for company_id, name, key, uscc in rows:
            self.name[company_id] = name
            self.key_of[company_id] = key
            self.by_key.setdefault(key, company_id)
            if uscc:
                self.by_uscc.setdefault(uscc, company_id)
                self.uscc_of[company_id] = uscc

    def find(self, uscc: str | None, name: str) -> str | None:
        """The company with this USCC, else the one of this name (unless its USCC differs)."""
        if uscc and uscc in self.by_uscc:
            return self.by_uscc[uscc]
        found = self.by_key.get(company_key(name)) if name else None
        if found is not None and uscc and self.uscc_of.get(found, uscc) != uscc:
            return None
        return found

    def register(self, company_id: str, name: str, uscc: str | None) -> None:
        key = company_key(name)
        self.name[company_id] = name
        self.key_of[company_id] = key
        self.by_key.setdefault(key, company_id)  # a namesake keeps the name to the first
        if uscc:
            self.by_uscc[uscc] = company_id
            self.uscc_of[company_id] = uscc
        else:
            self.uscc_of.pop(company_id, None)


@dataclass
class Named:
    """Offices, staff or leads: id -> (display, scope), and lookup by display."""

    display: dict[str, str] = field(default_factory=dict)
    scope: dict[str, str | None] = field(default_factory=dict)

    def add(self, row_id: str, display: str, scope: str | None = None) -> None:
        self.display[row_id] = display
        self.scope[row_id] = scope

    def find(self, display: str, scope: str | None = None) -> list[str]:
        """Ids with this display; those in ``scope`` first."""
        found = [i for i, d in self.display.items() if d == display]
        return sorted(found, key=lambda i: self.scope.get(i) != scope)


class NameIndex(Named):
    """``Named`` with a dict from display to ids, for sheets of many rows."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, list[str]] = {}

    def add(self, row_id: str, display: str, scope: str | None = None) -> None:
        if row_id in self.display and self.display[row_id] != display:
            old = self.ids.get(self.display[row_id], [])
            if row_id in old:
                old.remove(row_id)
        super().add(row_id, display, scope)
        ids = self.ids.setdefault(display, [])
        if row_id not in ids:
            ids.append(row_id)

    def find(self, display: str, scope: str | None = None) -> list[str]:
        found = self.ids.get(display, [])
        return sorted(found, key=lambda i: self.scope.get(i) != scope)
