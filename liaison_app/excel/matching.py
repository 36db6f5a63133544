"""Natural keys: the stored record a ledger row without an id stands for.

Offices keep a cumulative 台账 and import it every month; its rows carry no id, so without
these keys every import would add the whole ledger again. A visit is its company, date and
office (and its staff member when the row names one); a lead its company and title; a deal
its company, title and signing date; a contact its company and name. Titles and names
compare without spaces, case or full-width differences.

Two rows of one file with the same key are two records (two visits to one company on one
day happen): each row claims the next stored record with that key, in the order they were
created (SQLite's rowid: the import inserts a day's rows in the file's order), so the same
file imported again matches each of them once and creates nothing.
The stored keys are loaded in one query per entity, the first time a row needs them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from liaison_app.db.models import ENTITY_MODELS
from liaison_app.domain.errors import ParseError
from liaison_app.domain.fields import field_spec

KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "visit": ("company_id", "visit_date", "office_id"),
    "lead": ("company_id", "title"),
    "deal": ("company_id", "title", "signed_on"),
    "contact": ("company_id", "name"),
}
_TEXT_FIELDS = frozenset({"title", "name"})


def text_key(text: str) -> str:
    """A title or name as compared: NFKC, case-folded, without any spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def natural_key(entity: str, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The key of a row's clean values, or None when a part of it is missing."""
    key = []
    for name in KEY_FIELDS[entity]:
        value = values.get(name)
        if value is None or value == "":
            return None
        key.append(text_key(value) if name in _TEXT_FIELDS else value)
    return tuple(key)


def key_values_of(
    entity: str, raw: Mapping[str, Any], refs: Mapping[str, Any]
) -> dict[str, Any] | None:
    """A row's natural key fields as stored: references resolved, dates and text parsed
    (None when one cannot be read: validation reports it)."""
    out: dict[str, Any] = {}
    for name in KEY_FIELDS[entity]:
        if name in refs:
            out[name] = refs[name]
            continue
        try:
            out[name] = field_spec(entity, name).parse(raw.get(name))
        except ParseError:
            return None
    return out


class NaturalKeys:
    """Stored records by natural key; each can be claimed by one row of the import."""

    def __init__(self, session: Session) -> None:
        self.session = session
        # entity -> key -> [(id, staff_id)] in creation order, not yet claimed
        self._index: dict[str, dict[tuple[Any, ...], list[tuple[str, str | None]]]] = {}
        self._claimed: dict[str, set[str]] = {entity: set() for entity in KEY_FIELDS}
        self._key_of: dict[str, tuple[Any, ...]] = {}  # stored id -> its key

    def claim(self, entity: str, values: Mapping[str, Any], staff_id: str | None) -> str | None:
        """The id of the first unclaimed stored record with the row's key, now claimed.

        A visit row that names its staff member matches only that member's visits.
        """
        key = natural_key(entity, values)
        if key is None:
            return None
        candidates = self._stored(entity).get(key)
        if not candidates:
            return None
        for position, (record_id, staff) in enumerate(candidates):
            if staff_id is None or staff == staff_id:
                del candidates[position]
                self._claimed[entity].add(record_id)
                return record_id
        return None

    def taken(self, entity: str, record_id: str) -> None:
        """A row matched this record by its id: no row may claim it by key."""
        if entity not in self._claimed:
            return
        self._claimed[entity].add(record_id)
        key = self._key_of.get(record_id)
        candidates = self._index.get(entity, {}).get(key) if key is not None else None
        if candidates:
            self._index[entity][key] = [c for c in candidates if c[0] != record_id]

    def _stored(self, entity: str) -> dict[tuple[Any, ...], list[tuple[str, str | None]]]:
        index = self._index.get(entity)
        if index is not None:
            return index
        model = ENTITY_MODELS[entity]
        fields = KEY_FIELDS[entity]
        staff = model.staff_id if entity == "visit" else model.id
        query = (
            select(model.id, staff, *(getattr(model, name) for name in fields))
            .where(model.deleted.is_(False))
            .order_by(model.created_at, literal_column("rowid"))
        )
        index = {}
        claimed = self._claimed[entity]
        for row in self.session.execute(query):
            if row[0] in claimed:
                continue
            key = natural_key(entity, dict(zip(fields, row[2:], strict=True)))
            if key is not None:
                index.setdefault(key, []).append((row[0], row[1] if entity == "visit" else None))
                self._key_of[row[0]] = key
        self._index[entity] = index
        return index
