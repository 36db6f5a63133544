"""Start-up: a damaged database shows a message with a way out (restore or quit), never a
traceback; the first paint needs no Excel, keyring or Alembic code; bugs are logged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from liaison_app.db.migrate import read_revision
from liaison_app.db.revision import HEAD
from liaison_app.db.store import Store
from liaison_app.domain.enums import Role
from liaison_app.domain.i18n import msg
from liaison_app.paths import DataPaths
from liaison_app.services.context import AppServices
from liaison_app.services.session_user import sign_in
from liaison_app.ui.app import PROBE_ENV, ExceptHook, run_app

ROOT = Path(__file__).resolve().parents[2]


def answer_modals(answers: list[Any], seen: list[Any]) -> None:
    """Handle the next modal widgets in turn: each answer is a function of the widget."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or (seen and seen[-1] is widget):
            QTimer.singleShot(20, poll)
            return
        seen.append(widget)  # kept: a new widget never reuses its identity
        answer = answers.pop(0)
        answer(widget)
        if answers:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def damage(paths: DataPaths) -> None:
    paths.database.write_bytes(b"this is not a database" * 100)


def test_damaged_database_shows_a_message_and_quits(qapp, paths: DataPaths, caplog) -> None:  # type: ignore[no-untyped-def]
    damage(paths)
    texts: list[str] = []

    def quit_(box: QMessageBox) -> None:
        texts.append(box.text())
        next(b for b in box.buttons() if box.buttonRole(b) == box.ButtonRole.RejectRole).click()

    answer_modals([quit_], [])
    assert run_app(paths, "zh_CN") == 1
    assert texts == [msg("db_corrupt", path=str(paths.database))]
    assert not [r for r in caplog.records if r.exc_info]  # no traceback anywhere


def test_damaged_database_restored_from_a_backup(
    qapp, paths: DataPaths, demo_template: Path
) -> None:
    backup = paths.backups / "liaison-20200701.db"
    shutil.copyfile(demo_template, backup)
    damage(paths)
    seen: list[str] = []

    def restore(box: QMessageBox) -> None:
        next(b for b in box.buttons() if box.buttonRole(b) == box.ButtonRole.AcceptRole).click()

    def choose(dialog: QFileDialog) -> None:
        assert isinstance(dialog, QFileDialog)
        assert Path(dialog.directory().absolutePath()) == paths.backups
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(backup))  # typed, as users do
        dialog.accept()

    def first_run(dialog: Any) -> None:
        seen.append(type(dialog).__name__)
        dialog.reject()  # nobody signed in on the backup: the first-run questions come

    answer_modals([restore, choose, first_run], [])
    assert run_app(paths, "zh_CN") == 0
    assert "FirstRunDialog" in seen
    assert read_revision(paths.database) == HEAD
    assert list(paths.root.glob("liaison.db.damaged-*"))  # kept for support
    store = Store.open(paths.database, paths.backups)
    try:
        assert AppServices(store).stats.compute()["companies_visited"] == 219
    finally:
        store.close()


def test_except_hook_logs_bugs_and_shows_the_internal_error(qapp, paths: DataPaths, caplog) -> None:  # type: ignore[no-untyped-def]
    log_file = paths.logs / "liaison.log"
    hook = ExceptHook(log_file)
    texts: list[str] = []
    answer_modals([lambda box: (texts.append(box.text()), box.close())], [])
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert texts == [msg("internal_error", log=str(log_file))]
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError


def signed_in_copy(paths: DataPaths, template: Path) -> None:
    shutil.copyfile(template, paths.database)
    store = Store.open(paths.database, paths.backups)
    try:
        sign_in(AppServices(store), "王浩然", "上海联络办", Role.staff)
    finally:
        store.close()


@pytest.mark.slow
def test_start_up_paints_without_excel_keyring_or_alembic(
    paths: DataPaths, demo_template: Path
) -> None:
    """The real entry point, in a fresh process, until the first page's rows are painted
    and the services took over. From the second start on (the first files its first page)
    SQLAlchemy loads only after that first paint."""
    signed_in_copy(paths, demo_template)
    code = (
        "import json, sys, time\n"
        "loaded = {}\n"
        "def hook(event, args):\n"
        "    if event == 'import' and args[0] == 'sqlalchemy' and not loaded:\n"
        "        loaded['sqlalchemy'] = time.time()\n"
        "sys.addaudithook(hook)\n"
        "from liaison_app.cli import run\n"
        f"rc = run(['--data-dir', {str(paths.root)!r}, '--lang', 'zh_CN'])\n"
        "heavy = ['alembic', 'openpyxl', 'keyring', 'python_calamine', 'liaison_app.excel',\n"
        "         'liaison_app.ui.excel_dialogs', 'PySide6.QtCharts',\n"
        "         'liaison_app.ui.settings_dialog', 'liaison_app.ui.fields']\n"
        "print(json.dumps({'rc': rc, 'loaded': [m for m in heavy if m in sys.modules],\n"
        "                  'sqlalchemy': loaded.get('sqlalchemy')}))\n"
    )
    env = {**os.environ, PROBE_ENV: "1", "QT_QPA_PLATFORM": "offscreen"}
    for start in ("first", "again"):
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        lines = done.stdout.strip().splitlines()
        assert lines[0].startswith("first-paint ")
        painted = float(lines[0].split()[1])
        result = json.loads(lines[-1])
        assert (result["rc"], result["loaded"]) == (0, [])
        assert result["sqlalchemy"] is not None  # the services took over before quitting
        if start == "again":
            assert result["sqlalchemy"] > painted


@pytest.mark.slow
def test_the_entry_point_leaves_at_once_with_everything_flushed(
    paths: DataPaths, demo_template: Path
) -> None:
    """``main`` skips tearing down Qt and the modules after the window closed (that kept
    the window on screen for a second): its output and the settings are written first."""
    signed_in_copy(paths, demo_template)
    code = (
        "from liaison_app.cli import main\n"
        f"main(['--data-dir', {str(paths.root)!r}, '--lang', 'zh_CN'])\n"
        "print('not reached')\n"
    )
    env = {**os.environ, PROBE_ENV: "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("first-paint ") and "not reached" not in done.stdout
    assert "[mainwindow]" in (paths.root / "settings.ini").read_text(encoding="utf-8")
