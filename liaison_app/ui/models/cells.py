"""How list cells read: headers, values, alignment and colours, per column kind.

Field labels, enum labels and money come from the domain layer (already in the user's
language); the few headers that are not fields go through Qt's translation.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from liaison_app.domain import i18n
from liaison_app.domain.enums import ReviewState
from liaison_app.domain.fields import field_spec
from liaison_app.domain.money import format_money
from liaison_app.services.list_columns import ListColumn
from liaison_app.services.list_query import KIND_ENTITY

MONEY_DECIMALS = 2

# Roles as the plain ints a model's ``data`` receives (comparing them to Qt enums costs
# more); ``UNUSED_ROLES``: the roles a paint asks of every cell that lists never set.
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole.value
ALIGNMENT_ROLE = Qt.ItemDataRole.TextAlignmentRole.value
BACKGROUND_ROLE = Qt.ItemDataRole.BackgroundRole.value
FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole.value
TOOLTIP_ROLE = Qt.ItemDataRole.ToolTipRole.value
UNUSED_ROLES = frozenset(
    role.value
    for role in (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.StatusTipRole,
        Qt.ItemDataRole.WhatsThisRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.AccessibleDescriptionRole,
    )
)


def header_label(kind: str, column: ListColumn) -> str:
    """The column's header: its field's label; money says its unit."""
    if column.field:
        label = field_spec(KIND_ENTITY[kind], column.field).label
    else:
        label = {
            "review_state": QCoreApplication.translate("ListColumns", "Review"),
            "reviewer": QCoreApplication.translate("ListColumns", "Reviewer"),
            "visits": QCoreApplication.translate("ListColumns", "Visits"),
            "last_visit": QCoreApplication.translate("ListColumns", "Last visit"),
        }.get(column.key, column.key)
    if column.kind == "money":  # the unit, like the amounts, comes from the domain layer
        return i18n.label(f"{label}（万元）", f"{label} (10k yuan)")
    return label


def display(column: ListColumn, value: Any) -> str:
    """The text of a cell: money in 万元 with separators and two decimals (one format per
    column), ISO dates, enum labels, 是/否."""
    if value is None:
        return ""
    kind = column.kind
    if kind == "money":
        return format_money(int(value), "wan", with_unit=False, decimals=MONEY_DECIMALS)
    if kind == "date":
        if isinstance(value, datetime):
            return value.date().isoformat()
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind == "enum" and column.enum is not None:
        try:
            return column.enum(value).label
        except ValueError:
            return str(value)
    if kind == "bool":
        return (
            QCoreApplication.translate("ListColumns", "Yes")
            if value
            else QCoreApplication.translate("ListColumns", "No")
        )
    if kind == "int":
        return f"{int(value):,}"
    if kind == "longtext":
        return " ".join(str(value).split())
    return str(value)


def exact_money(column: ListColumn, value: Any) -> str | None:
    """The exact amount with its unit when the cell shows it rounded (a tooltip)."""
    if column.kind != "money" or value is None:
        return None
    exact = format_money(int(value), "wan", with_unit=False)
    return None if exact == display(column, value) else format_money(int(value), "wan")


def sort_value(column: ListColumn, value: Any) -> Any:
    """A value that sorts like the column (SORT_ROLE): dates as ISO text, money as yuan."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value if value is not None else ""


def alignment(column: ListColumn) -> Qt.AlignmentFlag:
    v = Qt.AlignmentFlag.AlignVCenter
    if column.kind in ("money", "int"):
        return Qt.AlignmentFlag.AlignRight | v
    if column.kind in ("date", "bool"):
        return Qt.AlignmentFlag.AlignHCenter | v
    return Qt.AlignmentFlag.AlignLeft | v


REVIEW_COLOURS: dict[str, QColor] = {
    ReviewState.draft.value: QColor("#6b7280"),
    ReviewState.submitted.value: QColor("#b45309"),
    ReviewState.approved.value: QColor("#15803d"),
    ReviewState.returned.value: QColor("#b91c1c"),
}
RETURNED_BACKGROUND = QColor("#fdecec")
CONFLICT_BACKGROUND = QColor("#fff4e0")
"""Rows of records with a conflict to settle (the editor's banner has the same colour)."""
PLACEHOLDER = "…"
