"""The dashboard's charts (QtCharts, imported only when the dashboard is first shown)."""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from liaison_app.domain.enums import LeadStage
from liaison_app.services.dashboard import StageCount

PALETTE = ("#1e5fbf", "#d9822b", "#2f9e6e", "#9c4dcc", "#c0392b", "#16a2b8", "#7f8c8d")


def _chart(title: str, font: QFont) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    title_font = QFont(font)
    title_font.setPointSizeF(font.pointSizeF() + 1)
    title_font.setBold(True)
    chart.setTitleFont(title_font)
    chart.setBackgroundRoundness(6)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


MONTHS_AT_MOST = 24  # months on the axis up to two years
QUARTERS_AT_MOST = 48  # then quarters up to four years, years beyond


def buckets(months: list[str]) -> tuple[str, list[str], list[list[str]]]:
    """The unit ("month", "quarter" or "year"), the axis labels and the months each label
    sums. Months as long as they fit (1月, 2月… within a year; 2019-11, 2019-12… across
    years), quarters up to four years, years only beyond."""
    if len(months) <= MONTHS_AT_MOST:
        if len({m[:4] for m in months}) <= 1:
            locale = QLocale()
            short = QLocale.FormatType.ShortFormat
            labels = [locale.monthName(int(m[5:7]), short) for m in months]
        else:
            labels = list(months)
        return "month", labels, [[m] for m in months]
    unit = "quarter" if len(months) <= QUARTERS_AT_MOST else "year"
    groups: dict[str, list[str]] = {}
    for month in months:
        quarter = f"{month[:4]} Q{(int(month[5:7]) - 1) // 3 + 1}"
        groups.setdefault(quarter if unit == "quarter" else month[:4], []).append(month)
    return unit, list(groups), list(groups.values())


def integer_axis(axis: QValueAxis, top: int) -> None:
    """A count axis from 0 with whole-number ticks (an empty chart read "0 0 1 1 2"): a
    step of 1, 2 or 5 times a power of ten, at most six intervals, a little headroom."""
    target = max(5, math.ceil(top * 1.1))
    step = 1
    while math.ceil(target / step) > 6:
        for factor in (2, 5 / 2, 2):  # 1 -> 2 -> 5 -> 10 -> 20 -> 50…
            step = round(step * factor)
            if math.ceil(target / step) <= 6:
                break
    axis.setLabelFormat("%d")
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setMinorTickCount(0)
    axis.setRange(0, step * math.ceil(target / step))


class TrendChart(QChartView):
    """Visits per month (or quarter, or year, for long periods), one line per office; the
    title names the unit."""

    def __init__(self, titles: dict[str, str], font: QFont, parent: QWidget | None = None) -> None:
        super().__init__(_chart(titles["month"], font), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(280)
        self.font_ = font
        self.titles = titles
        self.unit = "month"

    def show_data(self, months: list[str], trend: dict[str, dict[str, int]]) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.unit, labels, groups = buckets(months)
        chart.setTitle(self.titles[self.unit])
        x_axis = QBarCategoryAxis()
        x_axis.append(labels)
        x_axis.setLabelsFont(self.font_)
        x_axis.setTruncateLabels(False)
        if len(labels) > 12:
            x_axis.setLabelsAngle(-60)
        y_axis = QValueAxis()
        y_axis.setLabelsFont(self.font_)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        top = 0
        for i, (office, counts) in enumerate(trend.items()):
            series = QLineSeries()
            series.setName(office)
            pen = QPen(QColor(PALETTE[i % len(PALETTE)]))
            pen.setWidthF(2.2)
            series.setPen(pen)
            series.setPointsVisible(len(labels) <= 24)
            for x, group in enumerate(groups):
                value = sum(counts.get(month, 0) for month in group)
                top = max(top, value)
                series.append(x, value)
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        integer_axis(y_axis, top)
        chart.legend().setVisible(len(trend) > 0)


class PipelineChart(QChartView):
    """Leads by stage: all leads and the valid ones."""

    def __init__(
        self, title: str, all_label: str, valid_label: str, font: QFont, parent: QWidget | None
    ) -> None:
        super().__init__(_chart(title, font), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(280)
        self.font_ = font
        self.labels = (all_label, valid_label)

    def show_data(self, pipeline: list[StageCount]) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        stages = list(reversed(pipeline))  # first stage on top
        series = QHorizontalBarSeries()
        for label, colour, pick in (
            (self.labels[0], PALETTE[0], lambda s: s.leads),
            (self.labels[1], PALETTE[2], lambda s: s.valid_leads),
        ):
            bar = QBarSet(label)
            bar.setColor(QColor(colour))
            bar.setBorderColor(QColor(colour))
            for stage in stages:
                bar.append(pick(stage))
            series.append(bar)
        series.hovered.connect(self._hovered)
        self.stages = stages
        chart.addSeries(series)
        y_axis = QBarCategoryAxis()
        y_axis.append([LeadStage(s.stage).label for s in stages])
        y_axis.setLabelsFont(self.font_)
        y_axis.setTruncateLabels(False)
        x_axis = QValueAxis()
        x_axis.setLabelsFont(self.font_)
        integer_axis(x_axis, max([s.leads for s in stages] + [0]))
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(y_axis)
        series.attachAxis(x_axis)

    def _hovered(self, status: bool, index: int, bar: QBarSet) -> None:
        if status and 0 <= index < len(self.stages):
            stage = self.stages[index]
            QToolTip.showText(
                QCursor.pos(), f"{LeadStage(stage.stage).label}: {bar.label()} {int(bar.at(index))}"
            )
        else:
            QToolTip.hideText()
