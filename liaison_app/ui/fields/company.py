"""The company of a record: typed, completed from the companies table, or created inline.

The completer asks the search index on each pause in typing, so two-character names such
as 华为 are found too; when nothing matches, the field offers to create the company with
the typed name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QPushButton, QWidget

from liaison_app.domain.fields import FieldSpec
from liaison_app.services.related import Choice, RelatedService
from liaison_app.ui.fields.base import FieldEditor

COMPLETION_DELAY_MS = 150


class CompanyField(FieldEditor):
    create_requested = Signal(str)  # the typed name
    company_chosen = Signal(str)  # the id, when the user picks or creates a company

    def __init__(
        self,
        spec: FieldSpec,
        related: RelatedService,
        find_company: Callable[[str], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(spec, parent)
        self.related = related
        self.find_company = find_company
        self._id: str | None = None
        self._name = ""
        self._found: list[Choice] = []
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Type part of the company name"))
        self.edit.setMinimumWidth(220)
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.completer.popup().setObjectName("completerPopup")  # styled like combo popups
        self.completer.activated[str].connect(self._picked)
        self.edit.setCompleter(self.completer)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self.revalidate)
        self.add_editor(self.edit)
        self.new_button = QPushButton(self.tr("New company…"))
        self.new_button.setAutoDefault(False)
        self.new_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.new_button.clicked.connect(self._create)
        self.row.addWidget(self.new_button, 0)
        self.offer = QLabel()
        self.offer.setObjectName("offer")
        self.offer.setWordWrap(True)
        self.offer.linkActivated.connect(lambda _link: self._create())
        self.offer.hide()
        self.layout().addWidget(self.offer)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COMPLETION_DELAY_MS)
        self.timer.timeout.connect(self.refresh_completions)

    # -- typing and picking -------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._id = None
        self.timer.start()
        self._edited()

    def refresh_completions(self) -> None:
        """Ask the index for companies matching the text and offer them."""
        text = self.edit.text().strip()
        self._found = self.related.companies_like(text) if text else []
        self.model.setStringList([c.name for c in self._found])
        exact = next((c for c in self._found if c.name == text), None)
        if exact is not None:
            self._id, self._name = exact.id, exact.name
        no_match = bool(text) and not self._found
        if no_match:
            self.offer.setText(
                self.tr('No company matches. <a href="new">Create “{name}”…</a>').format(
                    name=_escape(text)
                )
            )
        self.offer.setVisible(no_match)
        if self._found and self.edit.hasFocus():
            self.completer.setCompletionPrefix(text)
            self.completer.complete()

    def completions(self) -> list[str]:
        return self.model.stringList()

    def _picked(self, name: str) -> None:
        choice = next((c for c in self._found if c.name == name), None)
        if choice is not None:
            self.set_company(choice.id, choice.name)
            self.company_chosen.emit(choice.id)

    def _create(self) -> None:
        self.create_requested.emit(self.edit.text().strip())

    def set_company(self, company_id: str, name: str) -> None:
        self._id, self._name = company_id, name
        self.edit.setText(name)
        self.offer.hide()
        self._edited()
        self.revalidate()

    # -- FieldEditor --------------------------------------------------------------------

    def value(self) -> str | None:
        text = self.edit.text().strip()
        if self._id and text == self._name:
            return self._id
        if not text:
            return None
        found = self.find_company(text)
        if found:
            self._id, self._name = found, text
        return found

    def state(self) -> str:
        return self.edit.text().strip()

    def set_value(self, value: Any) -> None:
        self._id = value or None
        self._name = self.related.name("company", self._id) if self._id else ""
        self.edit.setText(self._name)
        self.offer.hide()

    def local_problem(self) -> str | None:
        text = self.edit.text().strip()
        if text and self.value() is None:
            return self.tr(
                "No company is named “{name}”: choose one from the list, or click"
                " “New company…” to add it."
            ).format(name=text)
        return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
