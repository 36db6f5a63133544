"""The filters above a list: a search box (debounced), choices, a period, the row count.

Which filters a list offers depends on its kind. The bar turns its widgets into a
``ListFilter`` and remembers the choices (not the search text) in QSettings.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Protocol

from PySide6.QtCore import QDate, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from liaison_app.domain.enums import INDUSTRY_CHAINS, DealStatus, LeadStage, ReviewState
from liaison_app.services.list_query import ListFilter
from liaison_app.ui.views.context import TaskRelay
from liaison_app.ui.widgets.flow_layout import FlowLayout

DEBOUNCE_MS = 250
FILTERS: dict[str, tuple[str, ...]] = {
    "visits": ("office", "staff", "period", "review_state", "industry_chain"),
    "leads": ("office", "staff", "period", "stage", "valid", "industry_chain"),
    "deals": ("office", "period", "deal_status", "industry_chain"),
    "companies": ("industry_chain",),
    "contacts": (),
    "review": ("office", "staff", "period"),
}


class Choices(Protocol):
    """What fills the office's staff and the chains: the list service, or the early reads
    of a window painted before the services are loaded."""

    def staff_choices(self, office_id: str | None = None) -> list[tuple[str, str, str | None]]: ...

    def industry_chains(self) -> list[str]: ...


PERIODS = ("all", "month", "quarter", "year", "last_year", "custom")


def period_range(preset: str, today: date) -> tuple[date | None, date | None]:
    """The first and last day of a preset period around ``today``."""
    if preset == "month":
        start = today.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return start, end
    if preset == "quarter":
        first = 3 * ((today.month - 1) // 3) + 1
        start = today.replace(month=first, day=1)
        end = (start + timedelta(days=95)).replace(day=1) - timedelta(days=1)
        return start, end
    if preset == "year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if preset == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None, None


class FilterBar(QWidget):
    changed = Signal()
    cleared = Signal()  # "clear filters": a filter the page keeps beside these goes too

    def __init__(
        self,
        kind: str,
        listing: Choices,
        today: date,
        settings: QSettings | None = None,
        settings_key: str = "",
        offices: list[tuple[str, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.kind = kind
        self.listing = listing
        self.today = today
        self.settings = settings
        self.settings_key = settings_key or f"filters/{kind}"
        self.shown = FILTERS[kind]
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._search_changed)
        self._outside_filter = False
        self._preset: str | None = None  # the period chosen last (see _period_changed)
        self._loading = True  # no signals, no saving, until the saved choices are back
        self._relay = TaskRelay(self)
        self._calendars_styled = False  # see _period_changed

        # The filters flow onto a second line when the window is narrow (custom dates,
        # English labels); every widget keeps its width, so nothing moves as text changes.
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.row = QWidget(self, objectName="filterRow")
        flow = FlowLayout(self.row, spacing=8)
        layout.addWidget(self.row, 1)
        self.search = QLineEdit(self, objectName="search", clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("Search company, people, text…"))
        self.search.setFixedWidth(max(240, 18 * self.fontMetrics().horizontalAdvance("中")))
        self.search.textChanged.connect(self._timer.start)
        self.search.textChanged.connect(self._show_active)
        flow.addWidget(self.search)

        self.office = self._combo("office", self.tr("All offices"), offices or [])
        self.staff = self._combo("staff", self.tr("All staff"), [])
        self.period = self._combo(
            "period",
            None,
            [
                ("all", self.tr("All dates")),
                ("month", self.tr("This month")),
                ("quarter", self.tr("This quarter")),
                ("year", self.tr("This year")),
                ("last_year", self.tr("Last year")),
                ("custom", self.tr("Dates…")),
            ],
        )
        self.date_from = self._date("date_from")
        self.date_to = self._date("date_to")
        self.dates = self._range(self.date_from, self.date_to)  # wraps as one piece
        self.review_state = self._combo(
            "review_state", self.tr("All review states"), [(s.value, s.label) for s in ReviewState]
        )
        self.stage = self._combo(
            "stage", self.tr("All stages"), [(s.value, s.label) for s in LeadStage]
        )
        self.valid = self._combo(
            "valid", self.tr("Valid or not"), [("1", self.tr("Valid")), ("0", self.tr("Not valid"))]
        )
        self.deal_status = self._combo(
            "deal_status", self.tr("All statuses"), [(s.value, s.label) for s in DealStatus]
        )
        # The usual chains at once; chains only some companies use come from a query later.
        chains = [(c, c) for c in INDUSTRY_CHAINS] if "industry_chain" in self.shown else []
        self.industry_chain = self._combo("industry_chain", self.tr("All chains"), chains)
        for widget in (
            self.office,
            self.staff,
            self.period,
            self.dates,
            self.review_state,
            self.stage,
            self.valid,
            self.deal_status,
            self.industry_chain,
        ):
            name = widget.objectName()
            shown = name in self.shown or (name == "dates" and "period" in self.shown)
            if shown:
                flow.addWidget(widget)
            widget.setVisible(shown)
        self.clear_button = QPushButton(self.tr("Clear filters"), self, objectName="clearFilters")
        self.clear_button.setToolTip(self.tr("Clear the search and every filter"))
        self.clear_button.clicked.connect(self.clear)
        flow.addWidget(self.clear_button)
        self.count_label = QLabel(self, objectName="countLabel")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        widest = self.tr("{0} rows (filtered)").format("9,999,999")
        self.count_label.setMinimumWidth(self.fontMetrics().horizontalAdvance(widest) + 8)
        self.count_label.setMinimumHeight(self.search.sizeHint().height())
        layout.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignTop)
        self._count: int | None = None

        self.office.currentIndexChanged.connect(self._office_changed)
        self.period.currentIndexChanged.connect(self._period_changed)
        self._fill_staff()
        self.restore()
        self._period_changed()
        self._loading = False
        self._show_active()
        if "industry_chain" in self.shown:
            QTimer.singleShot(0, self._load_more_chains)

    # -- widgets ------------------------------------------------------------------------

    def _combo(self, name: str, everything: str | None, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self, objectName=name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        if everything is not None:
            combo.addItem(everything, None)
        for value, text in items:
            combo.addItem(text, value)
        if name != "office":  # the office refills the staff first, then emits
            combo.currentIndexChanged.connect(self._emit_now)
        return combo

    def _date(self, name: str) -> QDateEdit:
        edit = QDateEdit(self, objectName=name, calendarPopup=True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDate(QDate(self.today.year, self.today.month, self.today.day))
        edit.dateChanged.connect(self._emit_now)
        return edit

    def _range(self, start: QDateEdit, end: QDateEdit) -> QWidget:
        box = QWidget(self, objectName="dates")
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(start)
        layout.addWidget(QLabel("–", box))
        layout.addWidget(end)
        return box

    def _fill_staff(self) -> None:
        if "staff" not in self.shown:
            return
        current = self.staff.currentData()
        self.staff.blockSignals(True)
        while self.staff.count() > 1:
            self.staff.removeItem(1)
        for staff_id, name, _office in self.listing.staff_choices(self.office.currentData()):
            self.staff.addItem(name, staff_id)
        self.staff.setCurrentIndex(max(0, self.staff.findData(current)))
        self.staff.blockSignals(False)

    def attach(self, listing: Choices) -> None:
        """The list service took over from the early reads: the chains are read again
        (adding any the early read missed)."""
        self.listing = listing
        if "industry_chain" in self.shown:
            self._load_more_chains()

    def _load_more_chains(self) -> None:
        listing = self.listing
        self._relay.start(lambda _p: listing.industry_chains(), on_done=self._add_chains)

    def _add_chains(self, chains: list[str]) -> None:
        for chain in chains:
            if self.industry_chain.findData(chain) < 0:
                self.industry_chain.addItem(chain, chain)

    def _office_changed(self) -> None:
        self._fill_staff()
        self._emit_now()

    def _search_changed(self) -> None:
        self.changed.emit()

    def _period_changed(self) -> None:
        custom = self.period.currentData() == "custom" and "period" in self.shown
        if custom and not self._calendars_styled:
            # Made when the dates first show: two calendars cost ~15 ms of every start.
            from liaison_app.ui.widgets.calendar import style_calendar

            self._calendars_styled = True
            for edit in (self.date_from, self.date_to):
                style_calendar(edit.calendarWidget())
        previous, self._preset = self._preset, self.period.currentData()
        if custom and previous != "custom" and not self._loading:
            self._start_custom_from(previous)
        self.dates.setVisible(custom)

    def _start_custom_from(self, preset: str | None) -> None:
        """A custom range starts as the period chosen before it (全部: this year so far),
        not as today alone, which shows an empty list and is remembered as such."""
        start, end = period_range(preset or "all", self.today)
        start = start or date(self.today.year, 1, 1)
        end = end or self.today
        for edit, day in ((self.date_from, start), (self.date_to, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self._emit_now()

    def _emit_now(self) -> None:
        if not self._loading:
            self._timer.stop()
            self.save()
            self._show_active()
            self.changed.emit()

    # -- filters in use -----------------------------------------------------------------

    def active_filters(self) -> list[QWidget]:
        """The search box and the choices that narrow the list now (restored ones too)."""
        active: list[QWidget] = [self.search] if self.search.text().strip() else []
        active += [c for c in self._combos() if c.currentIndex() > 0 and c.currentData()]
        if "period" in self.shown and self.period.currentData() == "custom":
            active += [self.date_from, self.date_to]
        return active

    def is_filtered(self) -> bool:
        return bool(self.active_filters()) or self._outside_filter

    def set_outside_filter(self, on: bool) -> None:
        """A filter the page applies beside these (the visits' overdue follow-ups): the
        count says "filtered" and "clear filters" is offered, which clears it too."""
        self._outside_filter = on
        self._show_active()

    def _show_active(self) -> None:
        """Mark the filters in use and offer to clear them: a list that a filter chosen
        last week narrows today says so at first sight."""
        active = self.active_filters()
        for widget in [self.search, *self._combos(), self.date_from, self.date_to]:
            on = widget in active
            if bool(widget.property("active")) != on:
                widget.setProperty("active", on)
                widget.style().unpolish(widget)  # the style sheet's [active] rule applies
                widget.style().polish(widget)
        self.clear_button.setVisible(bool(active) or self._outside_filter)
        self._show_count()

    # -- the filter ---------------------------------------------------------------------

    def flush(self) -> None:
        """Apply a pending search now (Enter in the search box, tests)."""
        if self._timer.isActive():
            self._timer.stop()
            self._search_changed()

    def value(self) -> ListFilter:
        def data(combo: QComboBox) -> Any:
            return combo.currentData() if combo.objectName() in self.shown else None

        preset = data(self.period) or "all"
        if preset == "custom":
            start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
        else:
            start, end = period_range(preset, self.today)
        valid = data(self.valid)
        return ListFilter(
            office_id=data(self.office),
            staff_id=data(self.staff),
            date_from=start,
            date_to=end,
            review_state=data(self.review_state),
            stage=data(self.stage),
            valid=None if valid is None else valid == "1",
            industry_chain=data(self.industry_chain),
            deal_status=data(self.deal_status),
            text=self.search.text().strip(),
        )

    def set_count(self, count: int | None) -> None:
        self._count = count
        self._show_count()

    def _show_count(self) -> None:
        count = self._count
        if count is None:
            text = self.tr("Loading…")
        elif self.is_filtered():
            text = self.tr("{0} rows (filtered)").format(f"{count:,}")
        else:
            text = self.tr("{0} rows").format(f"{count:,}")
        self.count_label.setText(text)

    def clear(self) -> None:
        self._loading = True
        self.search.clear()
        for combo in self.findChildren(QComboBox):
            combo.setCurrentIndex(0)
        self._loading = False
        self._timer.stop()
        self._period_changed()
        self.save()
        self._show_active()
        self.cleared.emit()
        self.changed.emit()

    # -- settings -----------------------------------------------------------------------

    def _combos(self) -> list[QComboBox]:
        return [c for c in self.findChildren(QComboBox) if c.objectName() in self.shown]

    def save(self) -> None:
        if self.settings is None:
            return
        self.settings.beginGroup(self.settings_key)
        for combo in self._combos():
            self.settings.setValue(combo.objectName(), combo.currentData() or "")
        if "period" in self.shown:
            self.settings.setValue(
                "date_from", self.date_from.date().toString(Qt.DateFormat.ISODate)
            )
            self.settings.setValue("date_to", self.date_to.date().toString(Qt.DateFormat.ISODate))
        self.settings.endGroup()

    def restore(self) -> None:
        if self.settings is None:
            return
        loading, self._loading = self._loading, True
        self.settings.beginGroup(self.settings_key)
        for combo in self._combos():
            value = self.settings.value(combo.objectName())
            if value:
                if combo is self.industry_chain and combo.findData(str(value)) < 0:
                    combo.addItem(str(value), str(value))  # a chain of the later query
                combo.setCurrentIndex(max(0, combo.findData(str(value))))
                if combo is self.office:
                    self._fill_staff()
        for edit, key in ((self.date_from, "date_from"), (self.date_to, "date_to")):
            value = self.settings.value(key)
            if value:
                parsed = QDate.fromString(str(value), Qt.DateFormat.ISODate)
                if parsed.isValid():
                    edit.setDate(parsed)
        self.settings.endGroup()
        self._loading = loading
