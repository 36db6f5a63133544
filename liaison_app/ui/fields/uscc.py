"""统一社会信用代码: upper-cased as typed, its check digit verified live."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLineEdit, QWidget

from liaison_app.domain.fields import FieldSpec
from liaison_app.domain.uscc import LENGTH, normalize_uscc
from liaison_app.ui.fields.base import OK_COLOR, FieldEditor


class UsccField(FieldEditor):
    """The result shows while typing: a typo in 18 characters is easy and costly."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit()
        self.edit.setMaxLength(LENGTH + 8)  # room for pasted spaces
        self.edit.setPlaceholderText(self.tr("18 characters, e.g. 91440300708461136T"))
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.edit.setFont(mono)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self.revalidate)
        # Wide enough for the placeholder (in either language) and a code with spaces.
        metrics = QFontMetrics(mono)
        text = max(self.edit.placeholderText(), "9" * (LENGTH + 4), key=metrics.horizontalAdvance)
        self.edit.setFixedWidth(metrics.horizontalAdvance(text) + 28)
        self.add_editor(self.edit, 0)
        self.add_hint()

    def _typed(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            pos = self.edit.cursorPosition()
            self.edit.setText(upper)
            self.edit.setCursorPosition(pos)
        self._edited()
        self.revalidate()  # the check result is shown live, not only on leaving

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value).upper())
        self.update_hint()

    def update_hint(self) -> None:
        code = normalize_uscc(self.edit.text())
        if code and self.parse_problem() is None:
            self.set_hint("✓ " + self.tr("Check digit correct"), OK_COLOR)
        else:
            self.set_hint("")
