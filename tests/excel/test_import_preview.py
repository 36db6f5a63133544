"""The import dialog's preview shows how rows matched and what the import assumes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.ui.excel_dialogs import ImportDialog
from tests.excel.test_import_ledger import ledger

SHOTS = os.environ.get("LIAISON_SHOTS")  # a folder to save the dialog's picture in
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen noise


def test_the_preview_lists_matches_assumptions_and_unrecognised_columns(
    qtbot, services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    dialog = ImportDialog(services, staff, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file.set_path(ledger(tmp_path / "台账.xlsx"))
    qtbot.mouseClick(dialog.primary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state not in ("idle", "running"), timeout=60_000)
    text = dialog.shown_text()
    assert (
        "工作表“走访台账”：按编号对应已有记录 0 行，按内容对应已有记录 0 行，新记录 13 行" in text
    )
    assert "假定：工作表“走访台账”没有“联络办”列，全部按“上海联络办”导入" in text
    assert "工作表“走访台账”未识别的列：备注、所属园区（这些列不会导入）" in text
    assert "假定：工作表“项目线索”中 4 条线索没有获取日期，按同一文件中该企业的拜访日期填写" in text
    assert dialog.import_button.isEnabled()
    assert "30" in text.splitlines()[0]  # the question first: "30 new records ... Import them?"
    assert "按内容对应" in dialog.details.text()  # the details in the normal colour
    assert dialog.details.styleSheet() == ""
    if SHOTS:
        dialog.adjustSize()
        dialog.grab().save(str(Path(SHOTS) / "import_preview.png"))
