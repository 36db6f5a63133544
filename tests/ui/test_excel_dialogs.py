"""The Excel dialogs with real widgets, real files and a real database (offscreen)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from liaison_app.db.models import Company, Office, Staff
from liaison_app.db.store import Store
from liaison_app.domain.errors import KnownError
from liaison_app.domain.i18n import msg
from liaison_app.services.actor import SYSTEM
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService
from liaison_app.ui.excel_dialogs import (
    ExportDialog,
    ImportDialog,
    ReportDialog,
    run_export,
    run_import,
    run_report,
)

WAIT_MS = 60_000


@pytest.fixture
def other(tmp_path: Path, clock: FixedClock):
    folder = tmp_path / "other"
    store = Store.open(folder / "liaison.db", folder / "backups")
    yield AppServices(store, clock)
    store.close()


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def finish(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.state not in ("idle", "running"), timeout=WAIT_MS)


def assert_laid_out(qtbot, dialog) -> None:
    """Everything the dialog shows is whole, inside it and uncovered: the intro and the
    message at their wrapped height, the tables above the buttons; also after the user
    tries to make the dialog short."""
    for height in (dialog.height(), 120):
        dialog.resize(dialog.width(), height)
        qtbot.wait(10)
        parts = [
            w
            for w in (
                dialog.intro,
                dialog.message,
                dialog.details,
                getattr(dialog, "summary", None),
                getattr(dialog, "problems", None),
            )
            if w is not None and w.isVisible()
        ]
        buttons = [
            b
            for b in (
                dialog.open_button,
                dialog.primary,
                getattr(dialog, "import_button", None),
                dialog.close_button,
            )
            if b is not None and b.isVisible()
        ]
        rows = [dialog.form.itemAt(i).geometry() for i in range(dialog.form.count())]
        boxes = [w.geometry() for w in parts + buttons] + rows
        for box in boxes:
            assert dialog.rect().contains(box), (box, dialog.rect())
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.intersects(b), (a, b)
        for label in (dialog.intro, dialog.message, dialog.details):
            if label.isVisible():
                assert label.height() >= label.heightForWidth(label.width())


def add_visits(services: AppServices, n: int) -> None:
    """Enough rows for an export that takes a few seconds."""
    rng = random.Random(3)
    with services.store.read() as session:
        companies = list(session.scalars(select(Company.id)))
        offices = list(session.scalars(select(Office.id)))
        staff = list(session.scalars(select(Staff.id).where(Staff.office_id.is_not(None))))
    records = services.records
    rows = [
        records.validate(
            "visit",
            {
                "visit_date": date(2019, 1, 1) + timedelta(days=rng.randrange(500)),
                "company_id": rng.choice(companies),
                "office_id": rng.choice(offices),
                "staff_id": rng.choice(staff),
                "summary": "座谈投资计划，企业拟在中西部布局产能，关注用地和能耗指标",
            },
        )
        for _ in range(n)
    ]
    with services.store.write() as session:
        records.insert_many(session, "visit", rows, SYSTEM)


def test_export_with_progress_writes_the_workbook(qtbot, demo: AppServices, tmp_path: Path):
    dialog = ExportDialog(demo, None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.office.currentData() is None  # head office or system: all offices
    assert dialog.period.period().start is None  # all dates by default
    target = tmp_path / "导出.xlsx"
    dialog.file.set_path(target)
    seen: list[int] = []
    dialog.progress.valueChanged.connect(seen.append)
    click(qtbot, dialog.primary)
    assert dialog.state == "running" and dialog.cancel_button.isVisible()
    finish(qtbot, dialog)
    assert dialog.state == "done", dialog.message.text()
    assert target.exists()
    assert dialog.message.text().startswith(f"已导出到 {target}：拜访记录 351 条")
    assert dialog.open_button.isVisible() and not dialog.cancel_button.isVisible()
    assert seen and seen[-1] == dialog.progress.maximum() > 0
    assert_laid_out(qtbot, dialog)  # the success text did not squash the options


def test_export_of_one_office_for_its_manager(qtbot, demo: AppServices, tmp_path: Path):
    from liaison_app.domain.enums import Role
    from liaison_app.services.session_user import sign_in

    manager = sign_in(demo, "陈卫东", "上海联络办", Role.manager)
    dialog = ExportDialog(demo, manager, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.office.currentText() == "上海联络办"
    dialog.period.set_dates(date(2020, 3, 1), date(2020, 4, 30))
    dialog.file.set_path(tmp_path / "sh")  # the suffix is added
    click(qtbot, dialog.primary)
    finish(qtbot, dialog)
    assert (tmp_path / "sh.xlsx").exists()
    assert "拜访记录 42 条" in dialog.message.text()


def test_cancel_leaves_no_file(qtbot, demo: AppServices, tmp_path: Path) -> None:
    add_visits(demo, 20_000)
    folder = tmp_path / "out"
    folder.mkdir()
    dialog = ExportDialog(demo, None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file.set_path(folder / "big.xlsx")
    click(qtbot, dialog.primary)
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=WAIT_MS)
    qtbot.wait(QApplication.doubleClickInterval())  # a click sooner is a double-click's
    assert dialog.state == "running"
    click(qtbot, dialog.cancel_button)
    finish(qtbot, dialog)
    assert dialog.state == "cancelled"
    assert dialog.message.text() == dialog.cancelled_text()
    assert list(folder.iterdir()) == []
    assert dialog.primary.isEnabled()  # the user can try again


def running_export(qtbot, demo: AppServices, target: Path) -> ExportDialog:
    """An export dialog whose export of 20k more visits has just started."""
    add_visits(demo, 20_000)
    dialog = ExportDialog(demo, None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file.set_path(target)
    click(qtbot, dialog.primary)
    return dialog


def test_a_double_click_on_the_start_button_does_not_cancel(
    qtbot, demo: AppServices, tmp_path: Path
) -> None:
    """Cancel appears where Export was: the second click of a double-click lands on it and
    is ignored; a click after the double-click interval cancels."""
    dialog = running_export(qtbot, demo, tmp_path / "big.xlsx")
    click(qtbot, dialog.cancel_button)  # the double-click's second click
    assert dialog.state == "running" and dialog.message.text() == ""
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    assert dialog.state == "running"
    click(qtbot, dialog.cancel_button)
    finish(qtbot, dialog)
    assert dialog.state == "cancelled"


def test_closing_while_running_cancels_first(qtbot, demo: AppServices, tmp_path: Path) -> None:
    dialog = running_export(qtbot, demo, tmp_path / "big.xlsx")
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=WAIT_MS)
    dialog.close()
    assert dialog.isVisible()  # waits for the work to stop
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert dialog.state == "cancelled" and not (tmp_path / "big.xlsx").exists()


def test_report_dialog(qtbot, demo: AppServices, tmp_path: Path) -> None:
    dialog = ReportDialog(demo, None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    period = dialog.period.period()
    assert (period.start, period.end) == (date(2020, 6, 1), date(2020, 6, 30))  # last month
    dialog.period.set_dates(date(2020, 1, 1), date(2020, 6, 30))
    target = tmp_path / "report.xlsx"
    dialog.file.set_path(target)
    click(qtbot, dialog.primary)
    finish(qtbot, dialog)
    assert dialog.state == "done" and target.exists()
    assert "3 个联络办" in dialog.message.text()
    dialog.period.set_dates(date(2020, 6, 30), date(2020, 1, 1))
    click(qtbot, dialog.primary)
    assert dialog.message.text() == msg("period_reversed") and dialog.state == "done"


def test_import_preview_shows_the_counts_then_imports(
    qtbot, demo: AppServices, other: AppServices, tmp_path: Path
) -> None:
    exported = tmp_path / "all.xlsx"
    TransferService(demo).export(exported)
    dialog = ImportDialog(other, None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file.set_path(exported)
    assert not dialog.import_button.isEnabled()
    dialog.activateWindow()
    dialog.primary.setFocus()  # as the mouse click on it gives it
    click(qtbot, dialog.primary)
    finish(qtbot, dialog)
    assert dialog.state == "done", dialog.message.text()
    assert dialog.focusWidget() is dialog.import_button
    table = dialog.summary
    rows = {
        table.item(r, 0).text(): tuple(int(table.item(r, c).text()) for c in (1, 2, 3))
        for r in range(table.rowCount())
    }
    assert rows["拜访记录"] == (351, 0, 0) and rows["企业"] == (240, 0, 0)
    assert rows["签约项目"] == (17, 0, 0)
    assert other.stats.compute()["visits"] == 0  # nothing written by the preview
    assert "983" in dialog.message.text()
    assert_laid_out(qtbot, dialog)  # the preview does not cover 检查文件 / 导入 / 关闭
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):  # Enter imports what was checked
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    finish(qtbot, dialog)
    assert dialog.message.text() == msg("import_done", path=str(exported), created=983, updated=0)
    assert other.stats.compute() == demo.stats.compute()
    assert not dialog.import_button.isEnabled()


def test_a_cancelled_import_can_run_again_without_a_new_check(
    qtbot, demo: AppServices, other: AppServices, tmp_path: Path
) -> None:
    add_visits(demo, 2_000)
    exported = tmp_path / "big.xlsx"
    TransferService(demo).export(exported)
    dialog = ImportDialog(other, None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file.set_path(exported)
    click(qtbot, dialog.primary)
    finish(qtbot, dialog)
    click(qtbot, dialog.import_button)
    assert dialog.state == "running"
    dialog.cancel()  # at once (the import is quick; a click must wait the double-click guard)
    finish(qtbot, dialog)
    assert dialog.state == "cancelled"
    assert other.stats.compute()["visits"] == 0
    assert dialog.summary.isVisible() and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        click(qtbot, dialog.import_button)
    finish(qtbot, dialog)
    assert other.stats.compute()["visits"] == demo.stats.compute()["visits"]


def test_the_preview_keeps_the_buttons_on_the_screen(
    qtbot, demo: AppServices, other: AppServices, tmp_path: Path
) -> None:
    """Opened low on a small screen, the dialog grown by the preview moves up: 检查文件,
    导入 and 关闭 stay inside the screen, not below its edge."""
    exported = tmp_path / "all.xlsx"
    TransferService(demo).export(exported)
    dialog = ImportDialog(other, None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    free = dialog.screen().availableGeometry()
    dialog.move(free.left() + 20, free.bottom() - dialog.frameGeometry().height() - 10)
    dialog.file.set_path(exported)
    click(qtbot, dialog.primary)
    finish(qtbot, dialog)
    assert dialog.state == "done" and dialog.summary.isVisible()
    for button in (dialog.primary, dialog.import_button):
        bottom = button.mapToGlobal(button.rect().bottomLeft()).y()
        assert free.top() <= dialog.frameGeometry().top() and bottom <= free.bottom()


def test_a_bad_file_shows_the_message(qtbot, services: AppServices, tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("企业名称,拜访日期\n华为,2020-06-11\n", encoding="utf-8")
    dialog = ImportDialog(services, None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file.set_path(fake)
    click(qtbot, dialog.primary)
    finish(qtbot, dialog)
    assert dialog.state == "failed"
    assert dialog.message.text() == KnownError("import_csv", path=str(fake)).message
    assert not dialog.import_button.isEnabled()
    assert not dialog.summary.isVisible() and not dialog.problems.isVisible()


def test_problems_are_listed_and_nothing_can_be_imported(
    qtbot, services: AppServices, tmp_path: Path
) -> None:
    from tests.excel.conftest import save_workbook

    bad = save_workbook(
        tmp_path / "bad.xlsx",
        {
            "走访台账": [
                ["走访日期", "企业名称", "联络办", "走访内容"],
                ["2020-13-01", "华为", "上海联络办", "座谈"],
                ["2020-06-01", None, "上海联络办", "座谈"],
            ]
        },
    )
    services.records.create("office", {"name": "上海联络办"}, SYSTEM)
    dialog = ImportDialog(services, None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file.set_path(bad)
    click(qtbot, dialog.primary)
    finish(qtbot, dialog)
    assert dialog.problems.isVisible() and dialog.problems.rowCount() == 2
    assert dialog.problems.item(0, 2).text() == "走访日期（A2）"  # the cell as Excel shows it
    assert dialog.problems.item(1, 4).text() == "必填"
    assert "发现 2 处问题" in dialog.message.text()
    assert str(tmp_path / "bad.errors.xlsx") in dialog.message.text()
    assert not dialog.import_button.isEnabled()
    assert_laid_out(qtbot, dialog)


def test_entry_points_open_the_dialogs(qtbot, demo: AppServices) -> None:
    for run, kind in (
        (run_export, ExportDialog),
        (run_report, ReportDialog),
        (run_import, ImportDialog),
    ):
        dialog = run(None, demo, None)
        qtbot.addWidget(dialog)
        assert isinstance(dialog, kind) and dialog.isVisible()
        dialog.reject()
        assert not dialog.isVisible()
