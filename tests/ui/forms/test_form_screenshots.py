"""Screenshots of every editor and dialog on the sample data, in both languages, for a
person to look at (/tmp/shots/forms_*.png); the test checks they were drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from liaison_app.services.context import AppServices
from liaison_app.ui.first_run import FirstRunDialog
from liaison_app.ui.forms import ENTITIES, make_editor
from liaison_app.ui.settings_dialog import SettingsDialog
from liaison_app.ui.translations import install_translators
from tests.ui.conftest import demo_actor
from tests.ui.test_languages import sample_ids

SHOTS = Path("/tmp/shots")


def grab(widget: QWidget, name: str) -> Path:
    QApplication.processEvents()  # let the layout settle (no transient scroll bars)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"forms_{name}.png"
    assert widget.grab().save(str(path))
    return path


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_screenshots(
    qtbot: QtBot, qapp: QApplication, demo: AppServices, lang: str, tmp_path: Path
) -> None:
    install_translators(qapp, lang)
    actor = demo_actor(demo, "王浩然")
    ids = sample_ids(demo)
    written = []
    for entity in ENTITIES:
        for row_id in (None, ids[entity]):
            editor = make_editor(None, demo, actor, entity, row_id)
            qtbot.addWidget(editor)
            editor.show()
            mode = "edit" if row_id else "new"
            written.append(grab(editor, f"{entity}_{mode}_{lang}"))
            for index, tab in enumerate(editor.findChildren(QTabWidget)[:1]):
                for page in range(1, tab.count()):
                    tab.setCurrentIndex(page)
                    written.append(grab(editor, f"{entity}_{mode}_tab{page}_{lang}"))
                assert index == 0
            editor.close()
    first = FirstRunDialog(demo)
    qtbot.addWidget(first)
    first.show()
    written.append(grab(first, f"first_run_{lang}"))
    settings = SettingsDialog(
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        data_dir=tmp_path,
        services=demo,
    )
    qtbot.addWidget(settings)
    settings.show()
    written.append(grab(settings, f"settings_{lang}"))
    settings.tabs.setCurrentIndex(1)
    written.append(grab(settings, f"settings_sync_{lang}"))
    assert all(p.stat().st_size > 5_000 for p in written)
