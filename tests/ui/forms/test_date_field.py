"""The date field: a hint that cannot pass for a date, and a calendar that fits and reads."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QCalendarWidget, QTableView, QToolButton
from pytestqt.qtbot import QtBot

from liaison_app.domain.dates import parse_date
from liaison_app.domain.errors import ParseError
from liaison_app.domain.fields import field_spec
from liaison_app.ui.app import apply_style
from liaison_app.ui.fields.date import DateField
from liaison_app.ui.translations import install_translators


def make_field(qtbot: QtBot) -> DateField:
    field = DateField(field_spec("visit", "next_follow_up"))
    qtbot.addWidget(field)
    field.show()
    return field


def test_an_empty_date_shows_a_pale_pattern_not_a_date(qtbot: QtBot, qapp: QApplication):
    for lang, hint in (("zh_CN", "年-月-日"), ("en", "yyyy-mm-dd")):
        install_translators(qapp, lang)
        field = make_field(qtbot)
        assert field.edit.placeholderText() == hint
        try:
            parse_date(hint)
            raise AssertionError("the hint parses as a date")
        except ParseError:
            pass
        palette = field.edit.palette()
        placeholder = palette.color(QPalette.ColorRole.PlaceholderText)
        text = palette.color(QPalette.ColorRole.Text)
        assert placeholder.lightness() - text.lightness() > 100  # grey, well apart from values
        assert field.value() == ""
    install_translators(qapp, "zh_CN")


def test_the_calendar_fits_and_reads(qtbot: QtBot, qapp: QApplication):
    apply_style(qapp)
    try:
        field = make_field(qtbot)
        field.set_value(date(2020, 8, 11))  # August 2020 spans six weeks
        calendar = field.calendar
        assert calendar.verticalHeaderFormat() == (
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader
        )
        menu = field.button.menu()
        assert menu is not None and menu.objectName() == "calendarMenu"
        menu.popup(field.button.mapToGlobal(field.button.rect().bottomLeft()))
        qtbot.waitUntil(calendar.isVisible)
        assert calendar.selectedDate() == QDate(2020, 8, 11)
        view = calendar.findChild(QTableView)
        model = view.model()
        rows = model.rowCount()
        assert rows == 7  # the weekday names and six weeks
        bottom = view.rowViewportPosition(rows - 1) + view.rowHeight(rows - 1)
        assert bottom <= view.viewport().height()  # the last week is not cut
        metrics = view.fontMetrics()
        for column in range(model.columnCount()):
            name = str(model.index(0, column).data())
            assert "…" not in name
            assert metrics.horizontalAdvance(name) < view.columnWidth(column)
        # The month and year read white on the blue bar, not white on white.
        month = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
        bar = calendar.findChild(QToolButton, "qt_calendar_monthbutton").parentWidget()
        month_image = month.grab().toImage()
        bar_image = bar.grab().toImage()
        corner = bar_image.pixelColor(1, 1)
        assert corner.blue() > 150 and corner.red() < 80  # the bar is blue
        assert any(  # and the month's text is lighter than it
            month_image.pixelColor(x, y).lightness() > 200
            for x in range(month_image.width())
            for y in range(month_image.height())
        )
        menu.hide()
    finally:
        qapp.setStyleSheet("")
