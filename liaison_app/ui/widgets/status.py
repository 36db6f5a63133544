"""The status bar's right side: work in progress (with Cancel), the user, unsynced changes,
the last sync."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class TaskProgress(QWidget):
    """A label, a progress bar and a Cancel button, shown while work runs."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskProgress")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.cancel = QPushButton(self.tr("Cancel"), self, objectName="cancelTask")
        self.cancel.clicked.connect(self.cancelRequested)
        for widget in (self.label, self.bar, self.cancel):
            layout.addWidget(widget)
        self.setVisible(False)

    def begin(self, label: str, cancellable: bool) -> None:
        self.label.setText(label)
        self.bar.setRange(0, 0)  # busy until the first report
        self.cancel.setVisible(cancellable)
        self.cancel.setEnabled(True)
        self.setVisible(True)

    def report(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def end(self) -> None:
        self.setVisible(False)


class StatusPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(18)
        self.user = QLabel(self, objectName="statusUser")
        self.pending = QLabel(self, objectName="statusPending")
        self.sync = QLabel(self, objectName="statusSync")
        for label in (self.user, self.pending, self.sync):
            layout.addWidget(label)

    def set_user(self, name: str, role: str, office: str) -> None:
        parts = [p for p in (name, role, office) if p]
        self.user.setText(" · ".join(parts))

    def set_pending(self, count: int | None, *, connected: bool = True) -> None:
        """The number of local changes not pushed yet (None: still counting), in the
        warning colour only when there are some; a laptop not connected to a central
        store says they stay here, in plain colour (nothing is waiting to go anywhere)."""
        shown = "…" if count is None else f"{count:,}"
        if not connected:
            text = self.tr("Not connected: {0} changes kept on this computer").format(shown)
            waiting = False
        else:
            text, waiting = self.tr("Unsynced changes: {0}").format(shown), bool(count)
        self.pending.setText(text)
        if bool(self.pending.property("waiting")) != waiting:
            self.pending.setProperty("waiting", waiting)
            self.pending.style().unpolish(self.pending)
            self.pending.style().polish(self.pending)
        self.sync.setVisible(connected)

    def set_last_sync(self, when: datetime | None) -> None:
        if when is None:
            self.sync.setText(self.tr("Last sync: never"))
        else:
            self.sync.setText(self.tr("Last sync: {0}").format(when.strftime("%Y-%m-%d %H:%M")))
