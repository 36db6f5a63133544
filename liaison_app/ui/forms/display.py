"""Stored values as people read them: enum labels, 万元, 是/否, names behind ids.

Used by the history view, where old and new values come back as JSON (dates as ISO text).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from liaison_app.domain.enums import ReviewState
from liaison_app.domain.fields import FIELDS, FieldSpec
from liaison_app.domain.money import format_money

MAX_SHOWN = 80


def extra_label(name: str) -> str | None:
    """Labels of the fields review and deletion write (not in FIELDS)."""
    return {
        "review_state": QCoreApplication.translate("History", "Review state"),
        "review_comment": QCoreApplication.translate("History", "Review comment"),
        "reviewer_id": QCoreApplication.translate("History", "Reviewer"),
        "reviewed_at": QCoreApplication.translate("History", "Reviewed at"),
        "deleted": QCoreApplication.translate("History", "Deleted"),
    }.get(name)


def spec_of(entity: str, name: str) -> FieldSpec | None:
    return next((s for s in FIELDS[entity] if s.name == name), None)


def field_title(entity: str, name: str) -> str:
    """A field's label in the current language; "*" is the creation of the record."""
    if name == "*":
        return QCoreApplication.translate("History", "Created")
    spec = spec_of(entity, name)
    if spec is not None:
        return spec.label
    return extra_label(name) or name


def ref_entity(entity: str, name: str) -> str | None:
    if name == "reviewer_id":
        return "staff"
    spec = spec_of(entity, name)
    return spec.ref if spec is not None and spec.kind == "ref" else None


def show_value(
    entity: str, name: str, value: Any, names: Mapping[str, Mapping[str, str]] | None = None
) -> str:
    """``value`` of field ``name`` as text for a person; ids through ``names[entity]``."""
    if value is None or value == "":
        return ""
    if name == "review_state":
        return _label(ReviewState, value)
    if name == "deleted":
        return yes_no(value)
    if name == "reviewed_at":
        return local_time(value)
    target = ref_entity(entity, name)
    if target is not None:
        return (names or {}).get(target, {}).get(str(value), "")
    spec = spec_of(entity, name)
    if spec is None:
        return _short(str(value))
    if spec.kind == "money":
        return format_money(int(value), "wan")
    if spec.kind == "bool":
        return yes_no(value)
    if spec.kind == "enum" and spec.enum is not None:
        return _label(spec.enum, value)
    return _short(str(value))


def yes_no(value: Any) -> str:
    if value:
        return QCoreApplication.translate("History", "Yes")
    return QCoreApplication.translate("History", "No")


def local_time(value: datetime | str) -> str:
    """A stored UTC time as local "2020-07-01 17:30"."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def _label(enum: Any, value: Any) -> str:
    try:
        return enum(value).label
    except ValueError:
        return str(value)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
