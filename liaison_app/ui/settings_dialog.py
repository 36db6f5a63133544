"""Settings: language (QSettings), the data folder, who you are, and the sync.

The language applies after a restart (every window is built in one language). The data
folder is shown, not edited here: it is chosen before the database opens, by --data-dir or
LIAISON_HOME. Name, office and role are shown, never edited: they come from the first run
and, once connected, from the central store (a staff member cannot make themselves a
manager). The connection to the central store lives in the database (``sync.config``);
its password in the system's password store, never here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_app.paths import resolve_data_dir
from liaison_app.ui.auto_sync import AUTO_SYNC_MINUTES_KEY, AUTO_SYNC_START_KEY, auto_sync_settings
from liaison_app.ui.fields.base import hint_label
from liaison_app.ui.translations import LANGUAGES, normalize_language, system_language

if TYPE_CHECKING:
    from liaison_app.services.context import AppServices

LANGUAGE_KEY = "language"


def saved_language(settings: QSettings) -> str:
    """The chosen language, or the system's when none was chosen yet."""
    value = settings.value(LANGUAGE_KEY)
    return normalize_language(str(value)) if value else system_language()


class SettingsDialog(QDialog):
    """``language_changed`` tells the caller to offer a restart after accept;
    ``person_changed`` is emitted when connecting made another person this laptop's user."""

    person_changed = Signal()

    def __init__(
        self,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
        services: AppServices | None = None,
        ring: Any = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.language_changed = False
        self.setObjectName("settings")
        self.setWindowTitle(self.tr("Settings"))
        outer = QVBoxLayout(self)
        outer.setSpacing(12)
        self.tabs = QTabWidget(objectName="settingsTabs")
        outer.addWidget(self.tabs)
        general_tab = QWidget()
        layout = QVBoxLayout(general_tab)
        layout.setSpacing(12)
        self.tabs.addTab(general_tab, self.tr("General"))

        general = QGroupBox(self.tr("Display"))
        form = QFormLayout(general)
        self.language = QComboBox()
        self.language.setObjectName("language")  # each language named in itself
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self._initial_language = saved_language(settings)
        self.language.setCurrentIndex(max(self.language.findData(self._initial_language), 0))
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", hint_label(self.tr("A new language applies after restarting the app.")))
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
            hint_label(
                self.tr(
                    "To use another folder, start the app with --data-dir FOLDER or set the"
                    " LIAISON_HOME environment variable. Backups and logs are kept inside it."
                )
            ),
        )
        layout.addWidget(data)

        if services is not None:
            self._build_person(layout, services)
            from liaison_app.ui.sync_settings import SyncSettings

            sync_tab = QWidget()
            sync_layout = QVBoxLayout(sync_tab)
            sync = QGroupBox(self.tr("Sync with the central store"))
            box = QVBoxLayout(sync)
            self.sync = SyncSettings(services, sync, ring=ring)
            self.sync.connected.connect(self._connected)
            box.addWidget(self.sync)
            sync_layout.addWidget(sync)
            sync_layout.addWidget(self._build_auto_sync(settings))
            sync_layout.addStretch(1)
            self.tabs.addTab(sync_tab, self.tr("Sync"))
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
        outer.addLayout(buttons)
        self._align_labels()
        self.resize(560, self.sizeHint().height())

    def _build_auto_sync(self, settings: QSettings) -> QGroupBox:
        box = QGroupBox(self.tr("Automatic sync"))
        form = QFormLayout(box)
        on_start, minutes = auto_sync_settings(settings)
        self.sync_on_start = QCheckBox(self.tr("Sync when the app starts"))
        self.sync_on_start.setChecked(on_start)
        self.sync_every = QSpinBox()
        self.sync_every.setRange(0, 24 * 60)
        self.sync_every.setSpecialValueText(self.tr("never"))
        self.sync_every.setSuffix(self.tr(" min"))
        self.sync_every.setValue(minutes)
        form.addRow("", self.sync_on_start)
        form.addRow(self.tr("Sync every"), self.sync_every)
        form.addRow(
            "",
            hint_label(
                self.tr(
                    "Only with a saved password, and never while a dialog is open; what"
                    " happened shows in the status bar."
                )
            ),
        )
        return box

    def _build_person(self, layout: QVBoxLayout, services: AppServices) -> None:
        from liaison_app.services.session_user import current_actor

        person = QGroupBox(self.tr("You"))
        form = QFormLayout(person)
        self.person_labels = [QLabel(), QLabel(), QLabel()]
        for label, text in zip(
            self.person_labels, (self.tr("Name"), self.tr("Office"), self.tr("Role")), strict=True
        ):
            label.setObjectName("person")
            form.addRow(text, label)
        self.person_note = hint_label()
        form.addRow("", self.person_note)
        layout.addWidget(person)
        self._show_person(current_actor(services), services)

    def _show_person(self, actor: Any, services: AppServices) -> None:
        from liaison_app.sync import config

        if actor is None:
            for label in self.person_labels:
                label.setText("—")
            return
        office = dict(services.stats.offices()).get(actor.office_id or "", "")
        for label, text in zip(
            self.person_labels,
            (actor.name, office or self.tr("all offices"), actor.role.label),
            strict=True,
        ):
            label.setText(text)
        self.person_note.setText(
            self.tr("As the central store knows you; it changes there, not here.")
            if config.is_connected(services.store)
            else self.tr(
                "As chosen at the first start; connecting takes them from the central store."
            )
        )

    def _connected(self) -> None:
        from liaison_app.services.session_user import current_actor

        assert self.services is not None
        self._show_person(current_actor(self.services), self.services)
        self.person_changed.emit()

    def _align_labels(self) -> None:
        """One label width in every group, so the fields line up."""
        forms = self.findChildren(QFormLayout)
        labels = [
            item.widget()
            for form in forms
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
        if self.services is not None:
            self.settings.setValue(AUTO_SYNC_START_KEY, self.sync_on_start.isChecked())
            self.settings.setValue(AUTO_SYNC_MINUTES_KEY, self.sync_every.value())
        self.settings.sync()
        self.language_changed = lang != self._initial_language
        super().accept()
