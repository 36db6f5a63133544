"""The common frame of every input: the editor itself, a hint beside it (the value as it
will be stored) and a problem line under it, in the user's language.

Problems of a value show when the user leaves the field and disappear as soon as the text
is fixed; "required" waits for a save attempt, so an empty new form is not all red.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from liaison_app.domain.errors import ParseError
from liaison_app.domain.fields import FieldSpec

ERROR_COLOR = "#c0392b"
INVALID_STYLE = (
    'QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"]'
    " { border: 1px solid #c0392b; border-radius: 4px; }"
)
"""For the dialog holding the fields: a field with a problem gets a red frame."""
HINT_COLOR = "#5f6b7a"
OK_COLOR = "#1e8449"


def hint_label(text: str = "") -> QLabel:
    """A wrapped grey note under a form's fields."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {HINT_COLOR};")
    return label


class FieldEditor(QWidget):
    """Base of the typed inputs. Subclasses add their editor with ``add_editor``."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"field_{spec.name}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(6)
        outer.addLayout(self.row)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint.setStyleSheet(f"color: {HINT_COLOR};")
        self.hint.hide()
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {ERROR_COLOR};")
        self.problem.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.problem.hide()
        outer.addWidget(self.problem)
        self._problem_shown = False

    def add_editor(self, widget: QWidget, stretch: int = 1) -> None:
        self.row.addWidget(widget, stretch)
        if self.focusProxy() is None:
            self.setFocusProxy(widget)

    def add_hint(self) -> None:
        """Put the hint label beside the editor (money, dates, USCC), then the slack."""
        self.row.addWidget(self.hint, 0)
        self.row.addStretch(1)

    # -- values -------------------------------------------------------------------------

    def value(self) -> Any:
        """What goes to the services: text as typed, enum value, bool or id."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a stored value (or a prefilled one, stored or typed form)."""
        raise NotImplementedError

    def state(self) -> Any:
        """What "unsaved changes" compares: the value, unless the text says more."""
        return self.value()

    def focus_widget(self) -> QWidget:
        return self.focusProxy() or self

    # -- problems -----------------------------------------------------------------------

    def parse_problem(self) -> ParseError | None:
        try:
            self.spec.parse(self.value())
        except ParseError as exc:
            return exc
        return None

    def live_problem(self) -> str | None:
        """The problem to show while editing: parse errors, but not "required"."""
        exc = self.parse_problem()
        if exc is None or exc.code == "required":
            return None
        return exc.message

    def local_problem(self) -> str | None:
        """A problem only the form knows (e.g. a company name that matches no company)."""
        return None

    def show_problem(self, message: str | None) -> None:
        self._problem_shown = bool(message)
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))
        widget = self.focus_widget()
        if bool(widget.property("invalid")) != bool(message):
            widget.setProperty("invalid", bool(message))
            widget.style().unpolish(widget)  # the style sheet's [invalid] rule applies now
            widget.style().polish(widget)

    @property
    def problem_text(self) -> str:
        return self.problem.text() if self._problem_shown else ""

    def revalidate(self) -> None:
        """On leaving the field: show what is wrong with the value, if anything."""
        self.show_problem(self.local_problem() or self.live_problem())

    def _edited(self) -> None:
        """On each change: update the hint; clear or update a problem already shown."""
        self.update_hint()
        if self._problem_shown:
            self.revalidate()
        self.changed.emit()

    def update_hint(self) -> None:
        """Subclasses with a hint refresh it here."""

    def set_hint(self, text: str, color: str = HINT_COLOR) -> None:
        self.hint.setText(text)
        self.hint.setStyleSheet(f"color: {color};")
        self.hint.setVisible(bool(text))
