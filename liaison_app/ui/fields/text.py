"""Plain text inputs: one line, several lines, and the industry chain (text with choices)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from liaison_app.domain.enums import INDUSTRY_CHAINS
from liaison_app.domain.fields import FieldSpec
from liaison_app.ui.fields.base import FieldEditor


class TextField(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit()
        if spec.max_len:
            self.edit.setMaxLength(spec.max_len)
        self.edit.textEdited.connect(self._edited)
        self.edit.editingFinished.connect(self.revalidate)
        self.add_editor(self.edit)

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))
        self.update_hint()


class _FocusOut(QObject):
    """Calls back when the watched widget loses focus (QPlainTextEdit has no signal)."""

    def __init__(self, owner: FieldEditor) -> None:
        super().__init__(owner)
        self.owner = owner

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A focused editor loses focus while its dialog is destroyed, the owner first.
        if event.type() == QEvent.Type.FocusOut and shiboken6.isValid(self.owner):
            self.owner.revalidate()
        return False


class LongTextField(FieldEditor):
    """Several lines; Tab moves on to the next field (a form is filled with the keyboard)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None, lines: int = 4) -> None:
        super().__init__(spec, parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        height = self.edit.fontMetrics().lineSpacing() * lines + 16
        # As a style sheet rule: the app's style sheet sets a min-height on every input,
        # which would override setMinimumHeight and let the layout squeeze this to a line.
        self.edit.setStyleSheet(f"QPlainTextEdit {{ min-height: {height}px; }}")
        self.edit.setMaximumHeight(int(height * 1.6))
        self.edit.textChanged.connect(self._edited)
        self.edit.installEventFilter(_FocusOut(self))
        self.add_editor(self.edit)

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText("" if value is None else str(value))
        self.edit.blockSignals(False)


class ChainField(FieldEditor):
    """Industry chain: free text (each city has its own list) with the usual ones offered."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItem("")
        self.combo.addItems(list(INDUSTRY_CHAINS))
        self.combo.setMaxVisibleItems(20)
        line = self.combo.lineEdit()
        if spec.max_len:
            line.setMaxLength(spec.max_len)
        self.combo.currentTextChanged.connect(self._edited)
        line.editingFinished.connect(self.revalidate)
        self.add_editor(self.combo)

    def value(self) -> str:
        return self.combo.currentText()

    def set_value(self, value: Any) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentText("" if value is None else str(value))
        self.combo.blockSignals(False)
