"""Every view and dialog speaks one language: no English left in the Chinese UI, and no
Chinese in the English UI's chrome (data values such as company names are not chrome).

The walk collects what a user can read: labels, buttons, group box titles, tabs, table
headers (through the model's headerData), menu actions, window titles and placeholders.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTabWidget,
    QTreeView,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from liaison_app.db.models import Company, Contact, Deal, Lead, Visit
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.ui.build_translations import UI_DIR, unfinished
from liaison_app.ui.fields import EnumField, LinkField
from liaison_app.ui.first_run import FirstRunDialog
from liaison_app.ui.forms import ENTITIES, make_editor
from liaison_app.ui.settings_dialog import SettingsDialog
from liaison_app.ui.translations import install_translators

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# Words that stay as they are in Chinese: product names, keys and command-line literals.
ALLOWED_LATIN = {"Excel", "WPS", "ID", "Ctrl", "Esc", "LIAISON_HOME", "data-dir", "postgresql"}
ALLOWED_LATIN_LOWER = {w.lower() for w in ALLOWED_LATIN} | {"xlsx", "csv", "xls"}
# The name of the Chinese language in a language menu. (Amounts read "× 10k yuan" in
# English: no 万元 or 亿元 in the English UI.)
ALLOWED_CHINESE = ("简体中文",)

TAG = re.compile(r"<[^>]+>")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_\-]*[A-Za-z]")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def english_words(text: str) -> list[str]:
    """Latin words of two letters or more outside the allowlist (codes like 9144...36T
    are not words: a letter glued to digits is part of a code)."""
    text = TAG.sub(" ", text).replace("&amp;", "&")
    found = []
    for match in LATIN_WORD.finditer(text):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if before.isdigit() or after.isdigit():
            continue
        if match.group().lower() not in ALLOWED_LATIN_LOWER:
            found.append(match.group())
    return found


def chinese_chars(text: str) -> list[str]:
    text = TAG.sub(" ", text)
    for allowed in ALLOWED_CHINESE:
        text = text.replace(allowed, "")
    return CJK.findall(text)


# Labels of the main window that show stored values (the user's name and office).
DATA_LABELS = {"statusUser"}


def is_data(widget: QWidget) -> bool:
    """Widgets that show stored values (names, titles), not UI chrome."""
    if widget.objectName() in DATA_LABELS:
        return True
    while widget is not None:
        if isinstance(widget, LinkField) and widget.label is not None:
            return True
        widget = widget.parentWidget()
    return False


def texts(window: QWidget, *, lang: str) -> Iterator[tuple[str, str]]:
    """(where, text) for everything readable in ``window`` as it is shown now."""
    title = window.windowTitle()
    yield "title", title.split(" — ")[0] if lang == "en" else title
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        name = f"{type(w).__name__}:{w.objectName()}"
        chrome_label = isinstance(w, QLabel) and not (lang == "en" and is_data(w))
        if chrome_label or isinstance(w, QAbstractButton):
            yield name, w.text()
        elif isinstance(w, QGroupBox):
            yield name, w.title()
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield name, w.tabText(i)
        elif isinstance(w, QLineEdit | QPlainTextEdit):
            yield name, w.placeholderText()
        elif (
            isinstance(w, QComboBox)
            and w.objectName() != "language"
            and (lang == "zh_CN" or isinstance(w.parent(), EnumField))
        ):
            for i in range(w.count()):
                yield name, w.itemText(i)
        if isinstance(w, QListWidget) and w.objectName() == "nav":  # page names, not data
            for i in range(w.count()):
                yield name, w.item(i).text()
        if isinstance(w, QTreeWidget):
            header = w.headerItem()
            for c in range(header.columnCount()):
                yield name, header.text(c)
        elif isinstance(w, QTableView | QTreeView) and w.model() is not None:
            header = w.horizontalHeader() if isinstance(w, QTableView) else w.header()
            for c in range(header.count()):
                if header.isSectionHidden(c):
                    continue
                value = w.model().headerData(c, Qt.Orientation.Horizontal)
                if isinstance(value, str):
                    yield name, value
    if isinstance(window, QMainWindow):
        yield from menu_texts(window.menuBar().actions())
        for toolbar_action in window.findChildren(QMenu):
            yield from menu_texts(toolbar_action.actions())


def menu_texts(actions: list) -> Iterator[tuple[str, str]]:  # type: ignore[type-arg]
    for action in actions:
        if action.isSeparator():
            continue
        yield "action", action.text().replace("&", "")
        if action.menu() is not None:
            yield from menu_texts(action.menu().actions())


def wrong_language(window: QWidget, lang: str) -> list[str]:
    bad = []
    for where, text in texts(window, lang=lang):
        offending = english_words(text) if lang == "zh_CN" else chinese_chars(text)
        if text and offending:
            bad.append(f"{where}: {text!r} {offending}")
    return bad


def sample_ids(services: AppServices) -> dict[str, str]:
    """A record of each kind from the sample data (a visit without a review comment)."""
    with services.store.read() as session:
        return {
            "visit": session.scalar(
                select(Visit.id).where(Visit.review_comment == "").order_by(Visit.id).limit(1)
            ),
            "lead": session.scalar(select(Deal.lead_id).where(Deal.lead_id.isnot(None)).limit(1)),
            "deal": session.scalar(select(Deal.id).order_by(Deal.id).limit(1)),
            "company": session.scalar(select(Visit.company_id).order_by(Visit.id).limit(1)),
            "contact": session.scalar(select(Contact.id).order_by(Contact.id).limit(1)),
        }


def walk_dialogs(
    qtbot: QtBot, services: AppServices, actor: Actor, lang: str, tmp_path: Path
) -> list[str]:
    ids = sample_ids(services)
    assert all(ids.values()) and Company and Lead
    bad: list[str] = []
    for entity in ENTITIES:
        for row_id in (None, ids[entity]):
            editor = make_editor(None, services, actor, entity, row_id)
            qtbot.addWidget(editor)
            editor.show()
            tabs = editor.findChildren(QTabWidget)
            for index in range(tabs[0].count() if tabs else 1):
                if tabs:
                    tabs[0].setCurrentIndex(index)
                bad += [
                    f"{entity} {'edit' if row_id else 'new'}: {b}"
                    for b in wrong_language(editor, lang)
                ]
            editor.save()  # the problem texts too (a new, empty record is refused)
            bad += [f"{entity} problems: {b}" for b in wrong_language(editor, lang)]
            editor.form.snapshot()
            editor.close()
    first = FirstRunDialog(services)
    qtbot.addWidget(first)
    first.show()
    first.start.click()  # shows the problems
    bad += [f"first run: {b}" for b in wrong_language(first, lang)]
    settings = SettingsDialog(
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        data_dir=tmp_path,
        services=services,
    )
    qtbot.addWidget(settings)
    settings.show()
    for tab in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(tab)
        bad += [f"settings: {b}" for b in wrong_language(settings, lang)]
    return bad


def main_window_pages(qtbot: QtBot, services: AppServices, actor: Actor, tmp_path: Path):
    """The main window on the sample data, showing each of its pages in turn."""
    from liaison_app.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "main.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, actor, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for key in window.keys:
        window.show_page(key)
        qtbot.waitUntil(lambda: not busy(window), timeout=10_000)
        yield key, window


def busy(window: QWidget) -> bool:
    """A list still loading its rows off the UI thread."""
    models = window.findChildren(QAbstractItemModel)
    return any(
        getattr(m, "busy", False) or getattr(m, "loaded_once", True) is False for m in models
    )


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_dialogs_speak_one_language(
    qtbot: QtBot, qapp: QApplication, demo: AppServices, lang: str, tmp_path: Path
) -> None:
    from tests.ui.conftest import demo_actor

    install_translators(qapp, lang)
    actor = demo_actor(demo, "王浩然")
    bad = walk_dialogs(qtbot, demo, actor, lang, tmp_path)
    assert bad == []


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_main_window_speaks_one_language(
    qtbot: QtBot, qapp: QApplication, demo: AppServices, lang: str, tmp_path: Path
) -> None:
    from tests.ui.conftest import demo_actor

    install_translators(qapp, lang)
    actor = demo_actor(demo, "陈卫东")  # a manager sees every page, review included
    bad = []
    for index, window in main_window_pages(qtbot, demo, actor, tmp_path):
        bad += [f"page {index}: {b}" for b in wrong_language(window, lang)]
    assert bad == []


def translate_wrappers() -> list[str]:
    """Functions that pass their argument to tr()/translate(): lupdate cannot see the
    strings given to them, so those strings are never translated."""
    found = []
    for path in sorted(UI_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            params = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
            for call in ast.walk(fn):
                if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
                    continue
                name, args = call.func.attr, call.args
                source = (
                    args[1]
                    if name == "translate" and len(args) > 1
                    else (args[0] if name == "tr" and args else None)
                )
                if isinstance(source, ast.Name) and source.id in params:
                    found.append(f"{path.relative_to(UI_DIR)}:{fn.lineno} {fn.name}()")
    return found


def test_no_translation_wrappers() -> None:
    """Write QCoreApplication.translate("Context", "text") (or self.tr("text")) at each
    use: strings passed through a helper like _tr(text) never reach the .ts files."""
    assert translate_wrappers() == []


def test_every_chinese_translation_is_filled() -> None:
    assert unfinished("zh_CN") == []


def test_language_checks_catch_what_they_should() -> None:
    assert english_words("保存 Save") == ["Save"]
    assert english_words("如 91440300708461136T，在 Excel 中按 Ctrl+S") == []
    assert chinese_chars("= 9,200.00 × 10k yuan on-site 上门") == ["上", "门"]
    assert chinese_chars("= 9,200.00 万元") == ["万", "元"]  # English amounts say yuan
    assert chinese_chars("English / 简体中文") == []


@pytest.mark.parametrize(("lang", "unit"), [("zh_CN", "亿元"), ("en", "× 100 million yuan")])
def test_money_cards_name_their_unit_in_the_language(
    qtbot: QtBot, qapp: QApplication, demo: AppServices, lang: str, unit: str, tmp_path: Path
) -> None:
    """English readers get "× 100 million yuan", never 亿 or a "100M yuan" beside 131.00."""
    from liaison_app.ui.widgets.stat_card import StatCard
    from tests.ui.conftest import demo_actor

    install_translators(qapp, lang)
    actor = demo_actor(demo, "陈卫东")
    for key, window in main_window_pages(qtbot, demo, actor, tmp_path):
        if key == "dashboard":
            cards = [c for c in window.findChildren(StatCard) if c.key.endswith("_yuan")]
            assert cards and {c.unit.text() for c in cards} == {unit}
            break
