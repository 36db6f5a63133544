"""总览: the statistics of a period and office as cards, the trend per office, the pipeline
by stage, and the follow-ups that are overdue (a click opens the visit).

The cards show ``StatsService.compute`` for the same period and office, so the dashboard,
``liaison-app stats`` and the HQ report agree.

The page opens on this year when it has records, else on all dates (a database of another
year never opens on zeros), says which dates it shows, and offers the lists' periods with
a custom range. The overdue list shows the few most recently due, whole (no scrolling
inside the scrolling page), with a link to all of them in 拜访记录.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_app.domain.money import format_money, unit_name
from liaison_app.services.dashboard import Dashboard
from liaison_app.services.report_text import figure_label
from liaison_app.services.stats import FIGURES, Period
from liaison_app.ui.views.context import PageContext, open_editor
from liaison_app.ui.views.filter_bar import period_range
from liaison_app.ui.widgets.calendar import style_calendar

CARDS_PER_ROW = 5
AUTO = ""  # no period chosen yet: this year when it has records, else all dates
ACTIVITY = ("visits", "leads", "signed_deals", "groundbroken_deals")


def figure_text(key: str, value: int) -> str:
    """A card's number: money in 亿元 (two decimals), counts with separators."""
    if key.endswith("_yuan"):
        return format_money(int(value), "yi", with_unit=False)
    return f"{int(value):,}"


class DashboardPage(QScrollArea):
    def __init__(self, ctx: PageContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from liaison_app.ui.views.charts import PipelineChart, TrendChart
        from liaison_app.ui.widgets.stat_card import StatCard

        self.ctx = ctx
        self.setObjectName("page_dashboard")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.data: Dashboard | None = None
        self._loading = False
        self._pending = False
        inner = QWidget(self, objectName="dashboardInner")
        self.setWidget(inner)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(self._build_header(title, inner))
        layout.addLayout(self._build_range_line(inner))

        grid = QGridLayout()
        grid.setSpacing(12)
        units = self._units()
        self.cards: dict[str, StatCard] = {}
        for i, key in enumerate(FIGURES):
            card = StatCard(key, figure_label(key), units[key], inner)
            self.cards[key] = card
            grid.addWidget(card, i // CARDS_PER_ROW, i % CARDS_PER_ROW)
        layout.addLayout(grid)

        charts = QHBoxLayout()
        charts.setSpacing(12)
        font = self.font()
        self.trend = TrendChart(
            {
                "month": self.tr("Visits per month"),
                "quarter": self.tr("Visits per quarter"),
                "year": self.tr("Visits per year"),
            },
            font,
            inner,
        )
        self.pipeline = PipelineChart(
            self.tr("Leads by stage"), self.tr("Leads"), self.tr("Valid leads"), font, inner
        )
        charts.addWidget(self.trend, 3)
        charts.addWidget(self.pipeline, 2)
        layout.addLayout(charts)
        self._build_overdue(inner, layout)
        layout.addStretch(1)

        self._restore_choices()
        self.period.currentIndexChanged.connect(self._period_changed)
        self.office.currentIndexChanged.connect(self._choice_changed)
        self.date_from.dateChanged.connect(self._choice_changed)
        self.date_to.dateChanged.connect(self._choice_changed)
        self._started = False

    # -- building -------------------------------------------------------------------------

    def _build_header(self, title: str, inner: QWidget) -> QHBoxLayout:
        header = QHBoxLayout()
        header.addWidget(QLabel(title, inner, objectName="pageTitle"))
        header.addStretch(1)
        self.period = QComboBox(inner, objectName="period")
        for key, text in (
            ("month", self.tr("This month")),
            ("quarter", self.tr("This quarter")),
            ("year", self.tr("This year")),
            ("last_year", self.tr("Last year")),
            ("all", self.tr("All dates")),
            ("custom", self.tr("Dates…")),
        ):
            self.period.addItem(text, key)
        self.date_from = self._date_edit("date_from", inner)
        self.date_to = self._date_edit("date_to", inner)
        self.office = QComboBox(inner, objectName="office")
        self.office.addItem(self.tr("All offices"), None)
        for office_id, name in self.ctx.services.stats.offices():
            self.office.addItem(name, office_id)
        for widget in (self.period, self.date_from, self.date_to, self.office):
            header.addWidget(widget)
        self.refresh_button = QPushButton(self.tr("Refresh"), inner)
        self.refresh_button.clicked.connect(self.refresh)
        header.addWidget(self.refresh_button)
        return header

    def _date_edit(self, name: str, inner: QWidget) -> QDateEdit:
        edit = QDateEdit(inner, objectName=name, calendarPopup=True)
        style_calendar(edit.calendarWidget())
        edit.setDisplayFormat("yyyy-MM-dd")
        today = self.ctx.today()
        edit.setDate(QDate(today.year, today.month, today.day))
        edit.setVisible(False)
        return edit

    def _build_range_line(self, inner: QWidget) -> QHBoxLayout:
        """Which dates the figures cover, and a way out when they hold nothing."""
        line = QHBoxLayout()
        line.setSpacing(10)
        self.range_label = QLabel(inner, objectName="rangeLabel")
        line.addWidget(self.range_label)
        self.empty_label = QLabel(
            self.tr("No records in this period."), inner, objectName="emptyPeriod"
        )
        self.empty_label.setVisible(False)
        line.addWidget(self.empty_label)
        self.show_all_button = QPushButton(
            self.tr("Show all dates"), inner, objectName="link", flat=True
        )
        self.show_all_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.show_all_button.setVisible(False)
        self.show_all_button.clicked.connect(
            lambda: self.period.setCurrentIndex(self.period.findData("all"))
        )
        line.addWidget(self.show_all_button)
        line.addStretch(1)
        return line

    def _build_overdue(self, inner: QWidget, layout: QVBoxLayout) -> None:
        heading = QHBoxLayout()
        self.overdue_title = QLabel(self.tr("Overdue follow-ups"), inner, objectName="sectionTitle")
        heading.addWidget(self.overdue_title)
        self.overdue_note = QLabel(inner, objectName="countLabel")
        heading.addWidget(self.overdue_note)
        heading.addStretch(1)
        self.all_overdue = QPushButton(inner, objectName="link", flat=True)
        self.all_overdue.setCursor(Qt.CursorShape.PointingHandCursor)
        self.all_overdue.setVisible(False)
        self.all_overdue.clicked.connect(self.show_all_overdue)
        heading.addWidget(self.all_overdue)
        layout.addLayout(heading)
        self.overdue = QTableWidget(0, 6, inner, objectName="overdue")
        self.overdue.setHorizontalHeaderLabels(
            [
                self.tr("Follow-up due"),
                self.tr("Overdue by"),
                self.tr("Company"),
                self.tr("Office"),
                self.tr("Visited by"),
                self.tr("Visit date"),
            ]
        )
        self.overdue.verticalHeader().setVisible(False)
        self.overdue.verticalHeader().setDefaultSectionSize(28)
        self.overdue.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.overdue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.overdue.setAlternatingRowColors(True)
        self.overdue.setShowGrid(False)
        # Whole rows, no scroll bars: the page scrolls, the list does not.
        self.overdue.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.overdue.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header_view = self.overdue.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header_view.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header_view.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        em = self.fontMetrics().horizontalAdvance("中")
        for column, width in enumerate((7, 6, 16, 7, 6, 7)):
            self.overdue.setColumnWidth(column, width * em + 24)
        self.overdue.cellDoubleClicked.connect(self._open_overdue)
        self._fit_overdue()
        layout.addWidget(self.overdue)

    def _units(self) -> dict[str, str]:
        count = {
            "visits": self.tr("visits"),
            "companies_visited": self.tr("companies"),
            "leads": self.tr("leads"),
            "valid_leads": self.tr("leads"),
            "signed_deals": self.tr("deals"),
            "deals_100m_plus": self.tr("deals"),
            "groundbroken_deals": self.tr("deals"),
        }
        return {key: count.get(key, unit_name("yi")) for key in FIGURES}  # "× 100 million yuan"

    # -- choices --------------------------------------------------------------------------

    def _restore_choices(self) -> None:
        settings = self.ctx.settings
        saved = str(settings.value("dashboard/period", AUTO) or AUTO)
        self.period.setCurrentIndex(max(0, self.period.findData(saved or "year")))
        self._auto = not saved or self.period.findData(saved) < 0
        for edit, key in (
            (self.date_from, "dashboard/date_from"),
            (self.date_to, "dashboard/date_to"),
        ):
            value = settings.value(key)
            parsed = QDate.fromString(str(value), Qt.DateFormat.ISODate) if value else QDate()
            if parsed.isValid():
                edit.setDate(parsed)
        saved_office = settings.value("dashboard/office")
        if saved_office:
            self.office.setCurrentIndex(max(0, self.office.findData(saved_office)))
        self._show_custom()

    def _show_custom(self) -> None:
        custom = self.period.currentData() == "custom"
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)

    def _period_changed(self) -> None:
        self._auto = False
        self._show_custom()
        self._choice_changed()

    def _choice_changed(self) -> None:
        settings = self.ctx.settings
        if not self._auto:
            settings.setValue("dashboard/period", self.period.currentData())
        settings.setValue("dashboard/office", self.office.currentData() or "")
        if self.period.currentData() == "custom":
            for edit, key in (
                (self.date_from, "dashboard/date_from"),
                (self.date_to, "dashboard/date_to"),
            ):
                settings.setValue(key, edit.date().toString(Qt.DateFormat.ISODate))
        self.refresh()

    def period_of(self, preset: str) -> Period:
        if preset == "custom":
            start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
            return Period(min(start, end), max(start, end))
        return Period(*period_range(preset, self.ctx.today()))

    def selection(self) -> tuple[Period, list[str] | None]:
        office = self.office.currentData()
        return self.period_of(self.period.currentData()), [office] if office else None

    # -- data -----------------------------------------------------------------------------

    def start(self) -> None:
        if not self._started:
            self._started = True
            self.refresh()

    def refresh(self) -> None:
        if self._loading:
            self._pending = True
            return
        self._loading = True
        period, office_ids = self.selection()
        today = self.ctx.today()
        dashboard = self.ctx.dashboard
        everything = self.period_of("all")
        auto = self._auto

        def work(_progress: object) -> tuple[bool, Dashboard]:
            chosen = period
            if auto and not dashboard.has_records(period, office_ids):
                chosen = everything  # this year is empty: all dates instead of zeros
            return chosen is everything, dashboard.load(chosen, office_ids, today)

        self.ctx.run(work, self.show_loaded)

    def show_loaded(self, result: tuple[bool, Dashboard]) -> None:
        to_all, data = result
        if to_all and self._auto:
            self.period.blockSignals(True)
            self.period.setCurrentIndex(self.period.findData("all"))
            self.period.blockSignals(False)
        self._auto = False
        self.show_data(data)

    def _show_range(self, period: Period) -> None:
        if period.start and period.end:
            text = self.tr("Showing {0} to {1}").format(
                period.start.isoformat(), period.end.isoformat()
            )
        else:
            text = self.tr("Showing all dates")
        self.range_label.setText(text)

    def show_data(self, data: Dashboard) -> None:
        self._loading = False
        if self._pending:
            self._pending = False
            self.refresh()
            return
        self.data = data
        self._show_range(data.period)
        empty = not any(data.figures[key] for key in ACTIVITY)
        self.empty_label.setVisible(empty)
        self.show_all_button.setVisible(empty and self.period.currentData() != "all")
        for key, card in self.cards.items():
            card.set_value(figure_text(key, data.figures[key]))
        self.trend.show_data(data.months, data.trend)
        self.pipeline.show_data(data.pipeline)
        self._show_overdue(data)

    def _show_overdue(self, data: Dashboard) -> None:
        total, shown = data.overdue_total, len(data.overdue)
        self.overdue_title.setText(self.tr("Overdue follow-ups ({0})").format(f"{total:,}"))
        self.overdue_note.setText(
            self.tr("the {0} most recently due").format(shown) if total > shown else ""
        )
        self.all_overdue.setText(self.tr("Show all {0} in Visits").format(f"{total:,}"))
        self.all_overdue.setVisible(total > 0)
        self.overdue.setRowCount(shown)
        for row, item in enumerate(data.overdue):
            values = (
                item.next_follow_up.isoformat(),
                self.overdue_text(item.days_overdue),
                item.company,
                item.office,
                item.staff,
                item.visit_date.isoformat(),
            )
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.visit_id)
                if column == 1:
                    cell.setToolTip(self.tr("{0} days").format(f"{item.days_overdue:,}"))
                self.overdue.setItem(row, column, cell)
        self.overdue.setVisible(shown > 0)
        self._fit_overdue()

    def overdue_text(self, days: int) -> str:
        """Days for a few weeks, then months, then years: "2,506 days" says nothing."""
        if days < 60:
            return self.tr("{0} days").format(days)
        if days < 730:
            return self.tr("{0} months").format(days // 30)
        return self.tr("{0} years").format(days // 365)

    def _fit_overdue(self) -> None:
        table = self.overdue
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(height)

    def show_all_overdue(self) -> None:
        """Every overdue follow-up, in 拜访记录 (the dashboard's office)."""
        page = self.ctx.show_page("visits")
        if page is not None and hasattr(page, "show_overdue"):
            page.show_overdue(self.ctx.today(), self.office.currentData())

    def _open_overdue(self, row: int, _column: int) -> None:
        item = self.overdue.item(row, 0)
        if item is None:
            return
        if open_editor(self.ctx, self, "visit", item.data(Qt.ItemDataRole.UserRole)):
            self.refresh()
