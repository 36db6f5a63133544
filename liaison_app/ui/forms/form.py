"""The fields of one record laid out in sections, with the values going in and out.

The form knows nothing about saving: it gives its values (all, or those changed since the
last snapshot), takes stored values, and shows problems next to their fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from liaison_app.domain.fields import FIELDS, FieldSpec
from liaison_app.ui.fields import (
    BoolField,
    ChainField,
    ChoiceField,
    CompanyField,
    DateField,
    EnumField,
    FieldEditor,
    LinkField,
    LongTextField,
    MoneyField,
    TextField,
    UsccField,
)
from liaison_app.ui.fields.base import ERROR_COLOR
from liaison_app.ui.forms.context import FormContext
from liaison_app.ui.forms.layouts import LAYOUTS, SHOWN_WHEN


def field_label(spec: FieldSpec) -> str:
    """The label as rich text, with a red * for required fields."""
    star = f'<span style="color:{ERROR_COLOR}">*</span>' if spec.required else ""
    return f"{star}{spec.label}"


MAIN_TEXTS = frozenset({"summary", "description", "advancement_plan"})
"""Long texts that are the heart of their record get more lines than the others."""


def make_field(spec: FieldSpec, ctx: FormContext) -> FieldEditor:
    if spec.kind == "money":
        return MoneyField(spec)
    if spec.kind == "date":
        return DateField(spec)
    if spec.kind == "uscc":
        return UsccField(spec)
    if spec.kind == "bool":
        return BoolField(spec)
    if spec.kind == "enum":
        return EnumField(spec)
    if spec.kind == "longtext":
        return LongTextField(spec, lines=4 if spec.name in MAIN_TEXTS else 3)
    if spec.kind == "ref":
        if spec.ref == "company":
            return CompanyField(
                spec, ctx.related, lambda name: ctx.services.records.find_company(name=name)
            )
        if spec.ref in ("office", "staff"):
            return ChoiceField(spec)
        return LinkField(spec)
    if spec.name == "industry_chain":
        return ChainField(spec)
    return TextField(spec)


class RecordForm(QWidget):
    changed = Signal()
    relaid = Signal()  # the layout changed (a problem line shown, a field hidden)

    def __init__(self, entity: str, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entity = entity
        self.ctx = ctx
        self.fields: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        self._snapshot: dict[str, Any] = {}
        self._grids: list[QGridLayout] = []
        self._line_height = QComboBox().sizeHint().height()
        specs = {spec.name: spec for spec in FIELDS[entity]}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        for title, rows in LAYOUTS[entity]:
            box = QGroupBox(QCoreApplication.translate("Sections", title))
            grid = QGridLayout(box)
            self._grids.append(grid)
            grid.setHorizontalSpacing(10)
            grid.setVerticalSpacing(8)
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(3, 1)
            for r, row in enumerate(rows):
                full = len(row) == 1
                for c, name in enumerate(row):
                    if name:
                        self._add(grid, specs[name], r, c * 2, full)
            outer.addWidget(box)
        outer.addStretch(1)
        self._align_labels()
        self._wire()
        self._set_tab_order()
        for name, (other, _value) in SHOWN_WHEN.get(entity, {}).items():
            self.fields[other].changed.connect(lambda n=name: self._show_if(n))
            self._show_if(name)

    def _add(self, grid: QGridLayout, spec: FieldSpec, row: int, col: int, full: bool) -> None:
        field = make_field(spec, self.ctx)
        label = QLabel(field_label(spec))
        label.setObjectName(f"label_{spec.name}")
        label.setBuddy(field.focus_widget())
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setMinimumHeight(self._line_height)  # centred on the editor's first line
        grid.addWidget(label, row, col, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        grid.addWidget(field, row, col + 1, 1, 3 if full else 1)
        field.changed.connect(self.changed)
        self.fields[spec.name] = field
        self.labels[spec.name] = label

    def _align_labels(self) -> None:
        """Same label width in every section, so the fields line up down the form."""
        width = max(label.sizeHint().width() for label in self.labels.values())
        for grid in self._grids:
            grid.setColumnMinimumWidth(0, width)
            grid.setColumnMinimumWidth(2, width)

    def _wire(self) -> None:
        office = self.fields.get("office_id")
        staff = self.fields.get("staff_id")
        offices = self.ctx.related.offices()
        self._staff = self.ctx.related.staff()
        if isinstance(office, ChoiceField):
            office.set_choices(offices)
            if isinstance(staff, ChoiceField):
                office.changed.connect(self._filter_staff)
        if isinstance(staff, ChoiceField):
            staff.set_choices(self._staff)

    def _filter_staff(self) -> None:
        """The staff combo offers the people of the chosen office."""
        office, staff = self.fields["office_id"], self.fields["staff_id"]
        assert isinstance(staff, ChoiceField)
        office_id = office.value()
        current = next((s for s in self._staff if s.id == staff.value()), None)
        offered = [s for s in self._staff if office_id is None or s.group == office_id]
        keep = current if current is not None and current in offered else None
        staff.set_choices(offered)
        staff.set_value(keep.id if keep else None)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self.relaid.emit()
        return handled

    def _show_if(self, name: str) -> None:
        """Show field ``name`` only while its condition holds (see ``SHOWN_WHEN``)."""
        other, value = SHOWN_WHEN[self.entity][name]
        shown = self.fields[other].value() == value
        self.fields[name].setVisible(shown)
        self.labels[name].setVisible(shown)

    def is_shown(self, name: str) -> bool:
        """Whether field ``name`` is part of the form now (not hidden by a condition); a
        problem of a record-wide rule may name no field of the form."""
        field = self.fields.get(name)
        return field is None or not field.isHidden()

    def _set_tab_order(self) -> None:
        widgets = [f.focus_widget() for f in self.fields.values() if f.focusProxy() is not None]
        for first, second in pairwise(widgets):
            QWidget.setTabOrder(first, second)

    # -- values -------------------------------------------------------------------------

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show stored (or prefilled) values; refs to other records get their titles."""
        if "office_id" in values and isinstance(self.fields.get("staff_id"), ChoiceField):
            self.fields["office_id"].set_value(values["office_id"])
            self._filter_staff()
        for name, value in values.items():
            field = self.fields.get(name)
            if field is None:
                continue
            if isinstance(field, ChoiceField) and value and field.value() != value:
                self._offer_missing(field, value)
            field.set_value(value)
            if isinstance(field, LinkField) and field.spec.ref:
                field.set_title(self.ctx.related.name(field.spec.ref, value))

    def _offer_missing(self, field: ChoiceField, value: str) -> None:
        """A stored office or staff member not offered (another office, deleted): add it."""
        from liaison_app.services.related import Choice

        if field.combo.findData(value) >= 0:
            return
        ref = field.spec.ref or ""
        name = self.ctx.related.name(ref, value) or value
        offered = [
            Choice(str(field.combo.itemData(i)), field.combo.itemText(i))
            for i in range(1, field.combo.count())
        ]
        field.set_choices(offered, extra=Choice(value, name))

    def values(self, names: Iterable[str] | None = None) -> dict[str, Any]:
        wanted = list(names) if names is not None else list(self.fields)
        return {name: self.fields[name].value() for name in wanted}

    def snapshot(self) -> None:
        """Remember the values as saved: what "unsaved changes" compares against."""
        self._snapshot = self._states()

    def _states(self) -> dict[str, Any]:
        return {name: field.state() for name, field in self.fields.items()}

    def changed_names(self) -> list[str]:
        now = self._states()
        return [k for k, v in now.items() if _norm(v) != _norm(self._snapshot.get(k))]

    def changed_values(self) -> dict[str, Any]:
        return self.values(self.changed_names())

    def is_dirty(self) -> bool:
        return bool(self.changed_names())

    # -- problems -----------------------------------------------------------------------

    def local_problems(self) -> dict[str, str]:
        found = {}
        for name, field in self.fields.items():
            problem = field.local_problem()
            if problem:
                found[name] = problem
        return found

    def show_problems(self, problems: Mapping[str, str]) -> None:
        for name, field in self.fields.items():
            field.show_problem(problems.get(name))

    def label_of(self, name: str) -> str:
        for spec in FIELDS[self.entity]:
            if spec.name == name:
                return spec.label
        return name


def _norm(value: Any) -> Any:
    """Empty text and None are the same "nothing" for change detection."""
    if isinstance(value, str):
        value = value.strip()
    return None if value == "" else value
