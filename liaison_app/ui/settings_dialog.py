"""Settings kept in QSettings: language, and where the central store is for syncing.

The language applies after a restart (every window is built in one language). The data
folder is shown, not edited here: it is chosen before the database opens, by --data-dir or
LIAISON_HOME. The sync password is never stored here; the sync asks for it and keeps it in
the system's password store.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_app.paths import resolve_data_dir
from liaison_app.ui.fields.base import HINT_COLOR
from liaison_app.ui.translations import LANGUAGES, normalize_language, system_language

LANGUAGE_KEY = "language"
SYNC_URL_KEY = "sync/url"
SYNC_USER_KEY = "sync/username"


def saved_language(settings: QSettings) -> str:
    """The chosen language, or the system's when none was chosen yet."""
    value = settings.value(LANGUAGE_KEY)
    return normalize_language(str(value)) if value else system_language()


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {HINT_COLOR};")
    return label


class SettingsDialog(QDialog):
    """``language_changed`` tells the caller to offer a restart after accept."""

    def __init__(
        self, settings: QSettings, parent: QWidget | None = None, *, data_dir: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.language_changed = False
        self.setObjectName("settings")
        self.setWindowTitle(self.tr("Settings"))
        layout = QVBoxLayout(self)
        layout.setSpacing(12)

        general = QGroupBox(self.tr("Display"))
        form = QFormLayout(general)
        self.language = QComboBox()
        self.language.setObjectName("language")  # each language named in itself
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self._initial_language = saved_language(settings)
        self.language.setCurrentIndex(max(self.language.findData(self._initial_language), 0))
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", _note(self.tr("A new language applies after restarting the app.")))
        layout.addWidget(general)

        data = QGroupBox(self.tr("Data folder"))
        form = QFormLayout(data)
        folder = data_dir if data_dir is not None else resolve_data_dir(None).root
        self.data_dir = QLineEdit(str(folder))
        self.data_dir.setReadOnly(True)
        self.data_dir.setCursorPosition(0)
        form.addRow(self.tr("Folder"), self.data_dir)
        form.addRow(
            "",
            _note(
                self.tr(
                    "To use another folder, start the app with --data-dir FOLDER or set the"
                    " LIAISON_HOME environment variable. Backups and logs are kept inside it."
                )
            ),
        )
        layout.addWidget(data)

        sync = QGroupBox(self.tr("Central database (sync)"))
        form = QFormLayout(sync)
        self.sync_url = QLineEdit(str(settings.value(SYNC_URL_KEY, "") or ""))
        self.sync_url.setPlaceholderText(self.tr("e.g. postgresql://server/liaison"))
        self.sync_user = QLineEdit(str(settings.value(SYNC_USER_KEY, "") or ""))
        self.sync_user.setMaxLength(100)
        form.addRow(self.tr("Address"), self.sync_url)
        form.addRow(self.tr("User name"), self.sync_user)
        form.addRow(
            "",
            _note(
                self.tr(
                    "The password is asked for when you sync and kept in the system's password"
                    " store, never in a file."
                )
            ),
        )
        layout.addWidget(sync)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.ok = QPushButton(self.tr("OK"))
        self.ok.setObjectName("primary")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.accept)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setAutoDefault(False)
        self.cancel.clicked.connect(self.reject)
        for button in (self.ok, self.cancel):
            button.setMinimumWidth(88)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._align_labels()
        self.resize(560, self.sizeHint().height())

    def _align_labels(self) -> None:
        """One label width in every group, so the fields line up."""
        forms = [box.layout() for box in self.findChildren(QGroupBox)]
        labels = [
            item.widget()
            for form in forms
            if isinstance(form, QFormLayout)
            for row in range(form.rowCount())
            if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
            and item.widget() is not None
        ]
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)

    def accept(self) -> None:
        lang = self.language.currentData()
        self.settings.setValue(LANGUAGE_KEY, lang)
        self.settings.setValue(SYNC_URL_KEY, self.sync_url.text().strip())
        self.settings.setValue(SYNC_USER_KEY, self.sync_user.text().strip())
        self.settings.sync()
        self.language_changed = lang != self._initial_language
        super().accept()
