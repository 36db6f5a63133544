"""总览: the statistics of a period and office as cards, the monthly trend per office, the
pipeline by stage, and the follow-ups that are overdue (a click opens the visit).

The cards show ``StatsService.compute`` for the same period and office, so the dashboard,
``liaison-app stats`` and the HQ report agree.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from liaison_app.domain.money import format_money
from liaison_app.services.dashboard import Dashboard
from liaison_app.services.report_text import figure_label
from liaison_app.services.stats import FIGURES, Period
from liaison_app.ui.views.context import PageContext, open_editor
from liaison_app.ui.views.filter_bar import period_range
from liaison_app.ui.widgets.stat_card import StatCard

PRESETS = ("month", "quarter", "year", "all")
CARDS_PER_ROW = 5


def figure_text(key: str, value: int) -> str:
    """A card's number: money in 亿元 (two decimals), counts with separators."""
    if key.endswith("_yuan"):
        return format_money(int(value), "yi", with_unit=False)
    return f"{int(value):,}"


class DashboardPage(QScrollArea):
    def __init__(self, ctx: PageContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from liaison_app.ui.views.charts import PipelineChart, TrendChart

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

        header = QHBoxLayout()
        header.addWidget(QLabel(title, inner, objectName="pageTitle"))
        header.addStretch(1)
        self.period = QComboBox(inner, objectName="period")
        for key, text in zip(
            PRESETS,
            (self.tr("This month"), self.tr("This quarter"), self.tr("This year"), self.tr("All")),
            strict=True,
        ):
            self.period.addItem(text, key)
        self.office = QComboBox(inner, objectName="office")
        self.office.addItem(self.tr("All offices"), None)
        for office_id, name in ctx.services.stats.offices():
            self.office.addItem(name, office_id)
        self.range_label = QLabel(inner, objectName="rangeLabel")
        header.addWidget(self.range_label)
        header.addWidget(self.period)
        header.addWidget(self.office)
        self.refresh_button = QPushButton(self.tr("Refresh"), inner)
        self.refresh_button.clicked.connect(self.refresh)
        header.addWidget(self.refresh_button)
        layout.addLayout(header)

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
        self.trend = TrendChart(self.tr("Visits per month"), font, inner)
        self.pipeline = PipelineChart(
            self.tr("Leads by stage"), self.tr("Leads"), self.tr("Valid leads"), font, inner
        )
        charts.addWidget(self.trend, 3)
        charts.addWidget(self.pipeline, 2)
        layout.addLayout(charts)

        self.overdue_title = QLabel(self.tr("Overdue follow-ups"), inner, objectName="sectionTitle")
        layout.addWidget(self.overdue_title)
        self.overdue = QTableWidget(0, 6, inner, objectName="overdue")
        self.overdue.setHorizontalHeaderLabels(
            [
                self.tr("Follow-up due"),
                self.tr("Days overdue"),
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
        self.overdue.setMinimumHeight(240)
        header_view = self.overdue.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header_view.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header_view.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        em = self.fontMetrics().horizontalAdvance("中")
        for column, width in enumerate((7, 6, 16, 7, 6, 7)):
            self.overdue.setColumnWidth(column, width * em + 24)
        self.overdue.cellDoubleClicked.connect(self._open_overdue)
        layout.addWidget(self.overdue, 1)

        saved = ctx.settings.value("dashboard/period", "year")
        self.period.setCurrentIndex(max(0, self.period.findData(saved)))
        saved_office = ctx.settings.value("dashboard/office")
        if saved_office:
            self.office.setCurrentIndex(max(0, self.office.findData(saved_office)))
        self.period.currentIndexChanged.connect(self._choice_changed)
        self.office.currentIndexChanged.connect(self._choice_changed)
        self._started = False

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
        return {key: count.get(key, self.tr("100M yuan")) for key in FIGURES}

    # -- data ---------------------------------------------------------------------------

    def selection(self) -> tuple[Period, list[str] | None]:
        start, end = period_range(self.period.currentData(), self.ctx.today())
        office = self.office.currentData()
        return Period(start, end), [office] if office else None

    def start(self) -> None:
        if not self._started:
            self._started = True
            self.refresh()

    def _choice_changed(self) -> None:
        self.ctx.settings.setValue("dashboard/period", self.period.currentData())
        self.ctx.settings.setValue("dashboard/office", self.office.currentData() or "")
        self.refresh()

    def refresh(self) -> None:
        if self._loading:
            self._pending = True
            return
        self._loading = True
        period, office_ids = self.selection()
        today = self.ctx.today()
        dashboard = self.ctx.dashboard
        self._show_range(period)
        self.ctx.run(lambda _p: dashboard.load(period, office_ids, today), self.show_data)

    def _show_range(self, period: Period) -> None:
        if period.start and period.end:
            text = self.tr("{0} to {1}").format(period.start.isoformat(), period.end.isoformat())
        else:
            text = self.tr("All dates")
        self.range_label.setText(text)

    def show_data(self, data: Dashboard) -> None:
        self._loading = False
        if self._pending:
            self._pending = False
            self.refresh()
            return
        self.data = data
        for key, card in self.cards.items():
            card.set_value(figure_text(key, data.figures[key]))
        self.trend.show_data(data.months, data.trend)
        self.pipeline.show_data(data.pipeline)
        self.overdue_title.setText(
            self.tr("Overdue follow-ups ({0})").format(f"{data.overdue_total:,}")
        )
        self.overdue.setRowCount(len(data.overdue))
        for row, item in enumerate(data.overdue):
            values = (
                item.next_follow_up.isoformat(),
                f"{item.days_overdue:,}",
                item.company,
                item.office,
                item.staff,
                item.visit_date.isoformat(),
            )
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.visit_id)
                if column == 1:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.overdue.setItem(row, column, cell)

    def _open_overdue(self, row: int, _column: int) -> None:
        item = self.overdue.item(row, 0)
        if item is None:
            return
        if open_editor(self.ctx, self, "visit", item.data(Qt.ItemDataRole.UserRole)):
            self.refresh()
