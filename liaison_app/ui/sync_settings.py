"""The Sync part of Settings: where the central store is, who you are there, connect.

A form builds the URL (PostgreSQL server: host, port, database, TLS mode, root
certificate; or a SQLite central file chosen with a file dialog), so nobody has to write
one. 测试连接 and 连接 run off the UI thread; the result says who the central store knows
you as. The password goes to the OS keyring, or, where there is none, nowhere: the page
says so and each sync asks for it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_app.domain.enums import Role
from liaison_app.services.context import AppServices
from liaison_app.sync import config, credentials
from liaison_app.sync.central.connection import CentralAddress
from liaison_app.ui.fields.base import ERROR_COLOR, HINT_COLOR, OK_COLOR, hint_label
from liaison_app.ui.views.context import TaskRelay

TLS_MODES = ("verify-full", "require", "prefer", "disable")


def _path_row(edit: QLineEdit, button: QPushButton) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return row


class SyncSettings(QWidget):
    """``connected`` is emitted after a successful connect (the person may have changed)."""

    connected = Signal()

    def __init__(self, services: AppServices, parent: QWidget | None = None, ring: Any = None):
        super().__init__(parent)
        self.setObjectName("syncSettings")
        self.services = services
        self.ring = ring if ring is not None else credentials.default_keyring()
        self.relay = TaskRelay(self)  # results reach this page only while it is open
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.form = form
        layout.addLayout(form)

        self.kind = QComboBox(objectName="syncKind")
        self.kind.addItem(self.tr("PostgreSQL server"), "postgresql")
        self.kind.addItem(self.tr("Shared file (one office, shared folder, USB stick)"), "sqlite")
        form.addRow(self.tr("Central store"), self.kind)

        self.pages = QStackedWidget()
        server = QWidget()
        server_form = QFormLayout(server)
        server_form.setContentsMargins(0, 0, 0, 0)
        self.host = QLineEdit(objectName="syncHost")
        self.host.setPlaceholderText(self.tr("e.g. db.tzcj.gov.cn"))
        self.port = QSpinBox(objectName="syncPort")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("liaison", objectName="syncDatabase")
        self.tls = QComboBox(objectName="syncTls")
        for mode, text in zip(
            TLS_MODES,
            (
                self.tr("Encrypted, server certificate checked (recommended)"),
                self.tr("Encrypted, certificate not checked"),
                self.tr("Encrypted if the server offers it"),
                self.tr("Not encrypted (trusted network only)"),
            ),
            strict=True,
        ):
            self.tls.addItem(text, mode)
        self.root_cert = QLineEdit(objectName="syncRootCert")
        self.root_cert.setPlaceholderText(self.tr("root certificate from the administrator"))
        browse_cert = QPushButton(self.tr("Browse…"))
        browse_cert.clicked.connect(self._choose_cert)
        server_form.addRow(self.tr("Server"), self.host)
        server_form.addRow(self.tr("Port"), self.port)
        server_form.addRow(self.tr("Database"), self.database)
        server_form.addRow(self.tr("Encryption"), self.tls)
        server_form.addRow(self.tr("Root certificate"), _path_row(self.root_cert, browse_cert))
        self.pages.addWidget(server)

        shared = QWidget()
        shared_form = QFormLayout(shared)
        shared_form.setContentsMargins(0, 0, 0, 0)
        self.file = QLineEdit(objectName="syncFile")
        browse_file = QPushButton(self.tr("Browse…"))
        browse_file.clicked.connect(self._choose_file)
        shared_form.addRow(self.tr("File"), _path_row(self.file, browse_file))
        shared_form.addRow(
            "",
            hint_label(
                self.tr(
                    "A shared file keeps offices apart only in this app: anyone who can open"
                    " the file can read all of it. Use a PostgreSQL server between offices."
                )
            ),
        )
        self.pages.addWidget(shared)
        form.addRow(self.pages)
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)

        self.login = QLineEdit(objectName="syncLogin")
        self.login.setMaxLength(100)
        self.password = QLineEdit(objectName="syncPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Login"), self.login)
        form.addRow(self.tr("Password"), self.password)
        usable = credentials.usable(self.ring)
        self.keyring_note = hint_label(
            self.tr("The password is kept in the system's password store, never in a file.")
            if usable
            else self.tr(
                "This computer has no password store: the password is not saved anywhere"
                " and is asked for at each sync."
            )
        )
        self.keyring_note.setObjectName("keyringNote")
        form.addRow("", self.keyring_note)

        buttons = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"), objectName="syncTest")
        self.connect_button = QPushButton(self.tr("Connect"), objectName="syncConnect")
        self.test_button.clicked.connect(self.test)
        self.connect_button.clicked.connect(self.connect_)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.connect_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.result = QLabel(objectName="syncResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self._load()

    # -- the form -----------------------------------------------------------------------

    def _load(self) -> None:
        saved = config.connection(self.services.store)
        if saved is None:
            return
        self.login.setText(saved.login)
        try:
            address = CentralAddress.parse(saved.url)
        except Exception:  # an unreadable saved URL: the form starts empty
            return
        url = address.url
        if address.is_sqlite:
            self.kind.setCurrentIndex(1)
            self.file.setText(address.database)
        else:
            self.host.setText(url.host or "")
            self.port.setValue(url.port or 5432)
            self.database.setText(url.database or "")
            mode = str(url.query.get("sslmode", "prefer"))
            self.tls.setCurrentIndex(max(self.tls.findData(mode), 0))
            self.root_cert.setText(str(url.query.get("sslrootcert", "")))
        self.result.setText(self.tr("Connected as {0}.").format(saved.login))

    def url(self) -> str:
        """The URL the form describes (no password in it)."""
        if self.kind.currentData() == "sqlite":
            return f"sqlite:///{self.file.text().strip()}"
        host = self.host.text().strip()
        query = f"sslmode={self.tls.currentData()}"
        if self.root_cert.text().strip():
            query += "&sslrootcert=" + quote(self.root_cert.text().strip(), safe="/:\\")
        database = quote(self.database.text().strip(), safe="")
        return f"postgresql://{host}:{self.port.value()}/{database}?{query}"

    def _choose_cert(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Root certificate"), "", self.tr("Certificates (*.crt *.pem *.cer)")
        )
        if path:
            self.root_cert.setText(path)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Central store file"), "", self.tr("Liaison central store (*.db)")
        )
        if path:
            self.file.setText(path)

    def _missing(self) -> str | None:
        if self.kind.currentData() == "postgresql" and not self.host.text().strip():
            return self.tr("Enter the server's address.")
        if self.kind.currentData() == "sqlite" and not self.file.text().strip():
            return self.tr("Choose the central store file.")
        if not self.login.text().strip():
            return self.tr("Enter your login.")
        return None

    def _show(self, text: str, color: str) -> None:
        self.result.setStyleSheet(f"color: {color};")
        self.result.setText(text)

    def _busy(self, busy: bool) -> None:
        for button in (self.test_button, self.connect_button):
            button.setEnabled(not busy)

    # -- actions (off the UI thread) -----------------------------------------------------

    def _start(self, work: Any, done: Any) -> None:
        missing = self._missing()
        if missing:
            self._show(missing, ERROR_COLOR)
            return
        self._busy(True)
        self._show(self.tr("Connecting…"), HINT_COLOR)

        def failed(message: str) -> None:
            self._busy(False)
            self._show(message, ERROR_COLOR)

        def finished(result: Any) -> None:
            self._busy(False)
            done(result)

        self.relay.start(work, on_done=finished, on_error=failed)

    def test(self) -> None:
        """Check address and password; show who the central store knows."""
        from liaison_app.sync.connect import open_central

        services, url = self.services, self.url()
        login, password = self.login.text().strip(), self.password.text() or None

        def work(_progress: Any) -> tuple[str, str, str]:
            central = open_central(services, url, login, password)
            try:
                central.info()
                member = central.whoami()
                offices = {r["id"]: r["name"] for r in central.fetch("office", None, member)}
                staff = central.fetch("staff", [member.staff_id], member)
            finally:
                central.close()
            name = staff[0]["name"] if staff else login
            return name, offices.get(member.office_id or "", ""), member.role

        def done(result: tuple[str, str, str]) -> None:
            name, office, role = result
            self._show(
                self.tr("Connection works: {0}").format(self.person(name, office, role)), OK_COLOR
            )

        self._start(work, done)

    def connect_(self) -> None:
        """Connect: adopt the central identity, save URL and login, keep the password."""
        from liaison_app.sync.connect import connect

        services, url, ring = self.services, self.url(), self.ring
        login, password = self.login.text().strip(), self.password.text() or None

        def work(_progress: Any) -> Any:
            return connect(services, url, login, password, ring)

        def done(result: Any) -> None:
            member = result.member
            text = self.tr("Connected: {0}").format(
                self.person(self.login.text().strip(), result.office_name, member.role)
            )
            if password and not result.password_saved:
                text += "\n" + self.tr(
                    "The password was not saved (no password store): each sync will ask."
                )
            self.password.clear()
            self._show(text, OK_COLOR)
            self.connected.emit()

        self._start(work, done)

    def person(self, name: str, office: str, role: str) -> str:
        parts = [name, office or self.tr("all offices"), Role(role).label]
        return " · ".join(p for p in parts if p)
