"""The first start on a laptop: who is using it (name, office, role) and in which language.

Asked once; the answer is remembered in the database (``session_user.sign_in``). Changing
the language here switches the dialog at once, so the user sees what they chose.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_app.domain.enums import Role
from liaison_app.domain.errors import KnownError, ValidationError
from liaison_app.domain.i18n import current_language, msg
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.services.related import RelatedService
from liaison_app.services.session_user import sign_in
from liaison_app.ui.fields.base import ERROR_COLOR
from liaison_app.ui.translations import LANGUAGES, install_translators

log = logging.getLogger("liaison.ui.first_run")


class FirstRunDialog(QDialog):
    """On accept, ``actor`` is the signed-in user and ``language`` the chosen language."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor: Actor | None = None
        self.language = current_language()
        self.setObjectName("first_run")
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        self.name = QLineEdit()
        self.name.setMaxLength(50)
        self.office = QComboBox()
        self.office.setEditable(True)
        self.office.addItems([o.name for o in RelatedService(services.store).offices()])
        self.office.setCurrentIndex(-1)
        self.role = QComboBox()
        self.language_box = QComboBox()
        self.language_box.setObjectName("language")  # each language named in itself
        for code, name in LANGUAGES:
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(max(self.language_box.findData(self.language), 0))
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        self.labels = [QLabel() for _ in range(4)]
        for label, widget in zip(
            self.labels, (self.name, self.office, self.role, self.language_box), strict=True
        ):
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {ERROR_COLOR};")
        self.problem.hide()
        layout.addWidget(self.problem)
        # Typing is the answer to the problem shown: it goes until the next Start.
        self.name.textChanged.connect(self.problem.hide)
        self.office.currentTextChanged.connect(self.problem.hide)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start = QPushButton()
        self.start.setObjectName("primary")
        self.start.setDefault(True)
        self.start.clicked.connect(self.accept)
        self.quit = QPushButton()
        self.quit.setAutoDefault(False)
        self.quit.clicked.connect(self.reject)
        buttons.addWidget(self.start)
        buttons.addWidget(self.quit)
        layout.addLayout(buttons)
        self.retranslate()
        self.resize(520, self.sizeHint().height())

    def retranslate(self) -> None:
        """Every text of the dialog, again: called when the language changes."""
        self.setWindowTitle(self.tr("Welcome"))
        self.heading.setText(self.tr("Welcome to Liaison"))
        self.intro.setText(
            self.tr(
                "Before you start, tell us who you are. This is asked only once and kept on"
                " this computer; your name and office appear on the records you enter."
            )
        )
        texts = (self.tr("Your name"), self.tr("Office"), self.tr("Role"), self.tr("Language"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.name.setPlaceholderText(self.tr("Your full name"))
        self.office.lineEdit().setPlaceholderText(self.tr("Choose, or type a new office"))
        current = self.role.currentData() or Role.staff.value
        self.role.clear()
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.role.setCurrentIndex(max(self.role.findData(current), 0))
        self.start.setText(self.tr("Start"))
        self.quit.setText(self.tr("Quit"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _language_chosen(self) -> None:
        self.language = self.language_box.currentData()
        app = QApplication.instance()
        if app is not None:
            install_translators(app, self.language)  # sends LanguageChange to every widget
        self.retranslate()

    def accept(self) -> None:
        name, office = self.name.text().strip(), self.office.currentText().strip()
        missing = []
        if not name:
            missing.append(self.tr("Please enter your name."))
        if not office:
            missing.append(self.tr("Please choose or type your office."))
        if missing:
            self._show_problem("\n".join(missing))
            (self.name if not name else self.office).setFocus()  # where to type next
            return
        try:
            self.actor = sign_in(self.services, name, office, Role(self.role.currentData()))
        except ValidationError as exc:
            self._show_problem("\n".join(p.message for p in exc.problems))
            return
        except KnownError as exc:
            self._show_problem(exc.message)
            return
        except Exception:
            log.exception("first-run sign-in failed")
            self._show_problem(msg("internal_error", log="liaison.log"))
            return
        super().accept()

    def _show_problem(self, text: str) -> None:
        """Show ``text`` under the form; the dialog grows to keep the rows' spacing (else
        Qt squeezes the rows together to make room for it)."""
        self.problem.setText(text)
        self.problem.show()
        self.layout().activate()
        needed = self.sizeHint().height()
        if self.height() < needed:
            self.resize(self.width(), needed)
