"""Values as they travel and merge (JSON form: dates as ISO text) and as columns hold them."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Column, Date, DateTime

from liaison_app.db.models import ENTITY_MODELS
from liaison_app.db.outbox import DERIVED_FIELDS
from liaison_app.services.records import to_json

META_FIELDS = ("created_at", "updated_at", "updated_by")
"""Row metadata sent with every operation: last writer wins, never a conflict."""
SYNC_COLUMNS = frozenset({"id", "hlc", "field_clocks", "server_seq", *META_FIELDS})


@cache
def data_fields(entity: str) -> tuple[str, ...]:
    """Fields an operation can carry: every column but the sync ones and derived ones."""
    table = ENTITY_MODELS[entity].__table__
    return tuple(
        c.name for c in table.columns if c.name not in SYNC_COLUMNS and c.name not in DERIVED_FIELDS
    )


def _column(entity: str, name: str) -> Column[Any]:
    return ENTITY_MODELS[entity].__table__.columns[name]


@cache
def _parser(entity: str, name: str) -> Any:
    kind = _column(entity, name).type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    return None


def from_json(entity: str, name: str, value: Any) -> Any:
    """A JSON-form value as the column holds it (ISO text back to a date)."""
    if value is None or not isinstance(value, str):
        return value
    parse = _parser(entity, name)
    return value if parse is None else parse(value)


@cache
def column_defaults(entity: str) -> dict[str, Any]:
    """Each field's default, JSON form: the base of an insert that meets an existing row.

    Cached: callers must not change the dict they get.
    """
    out: dict[str, Any] = {}
    for name in data_fields(entity):
        default = _column(entity, name).default
        arg = default.arg if default is not None and default.is_scalar else None  # type: ignore[attr-defined]
        out[name] = to_json(arg)
    return out
