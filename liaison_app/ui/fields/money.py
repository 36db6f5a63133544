"""Amounts as people type them ("1.2亿", "5000万", "3,000万元", full-width digits), with
the amount as the lists show it beside: "= 120,000.00 万元" ("= 120,000.00 × 10k yuan")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QWidget

from liaison_app.domain.errors import ParseError
from liaison_app.domain.fields import FieldSpec
from liaison_app.domain.i18n import current_language
from liaison_app.domain.money import YUAN_PER_WAN, YUAN_PER_YI, format_money, parse_money
from liaison_app.ui.fields.base import FieldEditor


def money_input_text(yuan: int | None) -> str:
    """A stored amount as a user would type it: "1.2亿", "5000万", "1234元"; in English,
    yuan with separators ("120,000,000"), since English readers do not count in 万 and 亿."""
    if yuan is None:
        return ""
    if yuan == 0:
        return "0"
    if current_language() == "en":
        return f"{yuan:,}"
    if yuan >= YUAN_PER_YI:
        return f"{_plain(Decimal(yuan).scaleb(-8))}亿"
    if yuan >= YUAN_PER_WAN:
        return f"{_plain(Decimal(yuan).scaleb(-4))}万"
    return f"{yuan}元"


def _plain(number: Decimal) -> str:
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class MoneyField(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(QCoreApplication.translate("MoneyField", "e.g. 120,000,000"))
        self.edit.setMinimumWidth(110)
        self.edit.setMaximumWidth(150)
        self.edit.textEdited.connect(self._edited)
        self.edit.editingFinished.connect(self.revalidate)
        self.add_editor(self.edit, 0)
        self.add_hint()

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        if isinstance(value, int) and not isinstance(value, bool):
            value = money_input_text(value)
        self.edit.setText("" if value is None else str(value))
        self.update_hint()

    def yuan(self) -> int | None:
        """The amount typed, or None when empty or unreadable."""
        try:
            return parse_money(self.edit.text())
        except ParseError:
            return None

    def update_hint(self) -> None:
        amount = self.yuan()
        self.set_hint("" if amount is None else "= " + format_money(amount, "wan"))
