"""Closed choices: enum combos (labels in the user's language), check boxes, office and
staff combos (ids behind names), and read-only links to another record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton, QSizePolicy, QWidget

from liaison_app.domain.fields import FieldSpec, parse_bool
from liaison_app.services.related import Choice
from liaison_app.ui.fields.base import FieldEditor


class EnumField(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        assert spec.enum is not None
        self.combo = QComboBox()
        if not spec.required:
            self.combo.addItem(self.tr("(none)"), None)
        for member in spec.enum:
            self.combo.addItem(member.label, member.value)  # type: ignore[attr-defined]
        self.combo.currentIndexChanged.connect(self._edited)
        self.add_editor(self.combo)

    def value(self) -> str | None:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        assert self.spec.enum is not None
        if value not in (None, ""):
            value = self.spec.enum.from_text(str(value)).value  # type: ignore[attr-defined]
        index = self.combo.findData(value if value not in ("",) else None)
        self.combo.setCurrentIndex(max(index, 0))


class BoolField(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox(self.tr("Yes"))
        self.box.toggled.connect(self._edited)
        self.add_editor(self.box)

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(parse_bool(value))


class ChoiceField(FieldEditor):
    """Office or staff: a combo of names keeping the ids; "(not set)" when optional."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(8)
        self.combo.currentIndexChanged.connect(self._edited)
        self.add_editor(self.combo)
        self._choices: list[Choice] = []

    def set_choices(self, choices: Sequence[Choice], extra: Choice | None = None) -> None:
        """Offer ``choices`` (plus ``extra``, e.g. the stored staff of another office),
        keeping the current id when it is still offered."""
        current = self.value()
        self._choices = list(choices)
        if extra is not None and all(c.id != extra.id for c in self._choices):
            self._choices.append(extra)
        self.combo.blockSignals(True)
        self.combo.clear()
        empty = self.tr("(choose)") if self.spec.required else self.tr("(not set)")
        self.combo.addItem(empty, None)
        for choice in self._choices:
            self.combo.addItem(choice.name, choice.id)
        self.combo.setCurrentIndex(max(self.combo.findData(current), 0))
        self.combo.blockSignals(False)

    def value(self) -> str | None:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(value or None), 0))


class ElidedLabel(QLabel):
    """One line ending in "…" when narrower than its text, the whole text as tooltip: a
    wrapped Chinese line breaks anywhere, even in the middle of a company name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(80)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.width())
        self.setText(shown)
        self.setToolTip(self._full if shown != self._full else "")


class LinkField(FieldEditor):
    """A record this one came from (source visit, source lead): shown, opened, not typed."""

    open_requested = Signal(str, str)  # entity, id

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self._id: str | None = None
        self.label = ElidedLabel()  # a visit's title can be long; never widen the form
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_editor(self.label, 1)
        self.setFocusProxy(None)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self._open)
        self.row.addWidget(self.open_button, 0)
        self.set_value(None)
        self.set_title("")

    def value(self) -> str | None:
        return self._id

    def set_value(self, value: Any) -> None:
        self._id = value or None
        self.open_button.setVisible(self._id is not None)

    def set_title(self, title: str) -> None:
        self.label.set_full_text(title or self.tr("(none)"))

    def _open(self) -> None:
        if self._id and self.spec.ref:
            self.open_requested.emit(self.spec.ref, self._id)
