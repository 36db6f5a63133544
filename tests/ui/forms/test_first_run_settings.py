"""First run and settings dialogs."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from liaison_app.domain.enums import Role
from liaison_app.domain.i18n import current_language
from liaison_app.services.context import AppServices
from liaison_app.services.session_user import current_actor
from liaison_app.ui.first_run import FirstRunDialog
from liaison_app.ui.settings_dialog import (
    LANGUAGE_KEY,
    SettingsDialog,
    saved_language,
)
from tests.ui.forms.conftest import type_text


def test_first_run_signs_in_with_a_new_office(qtbot: QtBot, services: AppServices, office: str):
    dialog = FirstRunDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.office.itemText(i) for i in range(dialog.office.count())] == ["上海联络办"]
    assert [dialog.role.itemText(i) for i in range(3)] == ["招商人员", "负责人", "投资促进中心"]
    dialog.start.click()  # nothing typed: refused, with the reasons
    assert dialog.isVisible() and "请填写姓名" in dialog.problem.text()

    type_text(qtbot, dialog.name, "刘建国")
    type_text(qtbot, dialog.office.lineEdit(), "广州联络办")
    dialog.role.setCurrentIndex(1)
    dialog.start.click()
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted
    actor = dialog.actor
    assert actor is not None and actor.role == Role.manager and actor.name == "刘建国"
    assert current_actor(services) == actor
    assert dialog.language == "zh_CN"


def test_first_run_switches_language_at_once(qtbot: QtBot, services: AppServices):
    dialog = FirstRunDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "欢迎使用"
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("en"))
    try:
        assert dialog.language == "en" and current_language() == "en"
        assert dialog.windowTitle() == "Welcome"
        assert dialog.role.itemText(0) == "Staff"
        assert dialog.labels[0].text() == "Your name"
    finally:
        from liaison_app.ui.translations import install_translators

        install_translators(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "欢迎使用")  # LanguageChange is posted


def test_first_run_problems_keep_the_rows_spaced(qtbot: QtBot, services: AppServices):
    """The problem text makes the dialog taller; Qt would otherwise squeeze the rows."""
    dialog = FirstRunDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    rows = (dialog.name, dialog.office, dialog.role, dialog.language_box)
    before = [w.geometry().height() for w in rows]
    dialog.start.click()  # nothing filled in: two problems
    assert dialog.problem.isVisible() and dialog.problem.text().count("\n") == 1
    assert dialog.height() >= dialog.sizeHint().height()
    assert [w.geometry().height() for w in rows] >= before
    gaps = [b.geometry().top() - a.geometry().bottom() for a, b in itertools.pairwise(rows)]
    assert min(gaps) >= 10  # the form's spacing, not squeezed
    assert dialog.problem.geometry().bottom() < dialog.start.geometry().top()
    assert dialog.focusWidget() is dialog.name  # the first thing missing, to type at once
    type_text(qtbot, dialog.name, "王浩然")
    assert not dialog.problem.isVisible()  # the answer given: the old problem goes
    dialog.start.click()  # the office is still missing
    assert dialog.problem.isVisible() and "联络办" in dialog.problem.text()
    assert dialog.focusWidget() in (dialog.office, dialog.office.lineEdit())


def test_settings_are_stored(qtbot: QtBot, tmp_path: Path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(LANGUAGE_KEY, "zh_CN")
    dialog = SettingsDialog(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(dialog)
    assert dialog.data_dir.isReadOnly() and dialog.data_dir.text() == str(tmp_path / "data")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.ok.click()
    assert dialog.language_changed
    again = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert saved_language(again) == "en"
    assert not any("password" in key.lower() for key in again.allKeys())


def test_settings_cancel_changes_nothing(qtbot: QtBot, tmp_path: Path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(settings, data_dir=tmp_path)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.cancel.click()
    assert settings.value(LANGUAGE_KEY) is None and not dialog.language_changed
