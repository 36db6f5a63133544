"""The editor dialog of one record: its form, and for a saved record the records linked
to it and its history; save with Ctrl+S, leave with Esc, never lose typing by accident.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_app.domain.enums import LeadStage, ReviewState
from liaison_app.domain.errors import KnownError, ValidationError
from liaison_app.domain.fields import DEFAULTS, FIELDS, entity_label
from liaison_app.domain.i18n import msg
from liaison_app.ui.fields import CompanyField, LinkField
from liaison_app.ui.fields.base import ERROR_COLOR, INVALID_STYLE
from liaison_app.ui.forms.context import FormContext
from liaison_app.ui.forms.flows import deal_from_lead, lead_from_visit, new_record_defaults
from liaison_app.ui.forms.form import RecordForm
from liaison_app.ui.forms.panels import HistoryView, RelatedView

log = logging.getLogger("liaison.ui.forms")


def log_path() -> str:
    """The log file the internal-error message points to."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "liaison", False):
            return str(getattr(handler, "baseFilename", "liaison.log"))
    return "liaison.log"


def internal_error(parent: QWidget, title: str) -> None:
    log.exception("bug in a record editor")
    QMessageBox.critical(parent, title, msg("internal_error", log=log_path()))


class RecordEditor(QDialog):
    """Edits one record. ``saved_id`` holds the id once anything was saved."""

    saved = Signal(str)

    def __init__(
        self,
        ctx: FormContext,
        entity: str,
        row_id: str | None = None,
        prefill: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.entity, self.row_id = ctx, entity, row_id
        self.saved_id: str | None = None
        self.current: dict[str, Any] | None = None
        if row_id is not None:
            self.current = ctx.services.records.get(entity, row_id)  # may raise not_found
        self.setObjectName(f"editor_{entity}")
        self.setStyleSheet(INVALID_STYLE)
        self.form = RecordForm(entity, ctx)
        self.related_view: RelatedView | None = None
        self.history_view: HistoryView | None = None
        self._build(prefill)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_and_close)
        self._size()
        self.form.relaid.connect(self._grow)

    # -- building -----------------------------------------------------------------------

    def _build(self, prefill: Mapping[str, Any] | None) -> None:
        layout = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setFrameShape(QFrame.Shape.StyledPanel)
        self.problems.setStyleSheet(
            f"QLabel#problems {{ color: {ERROR_COLOR}; background: #fdf0ef;"
            f" border: 1px solid {ERROR_COLOR}; border-radius: 4px; padding: 6px; }}"
        )
        self.problems.linkActivated.connect(self._focus_field)
        self.problems.hide()
        self._listed: dict[str, str] = {}  # the problems listed above the form
        for name, field in self.form.fields.items():
            field.changed.connect(lambda n=name: self._recheck_listed(n))
        layout.addWidget(self.problems)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        self.scroll = scroll
        if self.row_id is None:
            layout.addWidget(scroll, 1)
            values = new_record_defaults(
                self.entity, self.ctx.actor.office_id, self.ctx.actor.staff_id, self.ctx.today()
            )
            self.form.set_values(values)
            self.form.snapshot()  # prefilled values count as unsaved: they would be lost
            if prefill:
                self.form.set_values(prefill)
        else:
            self.tabs = QTabWidget()
            self.tabs.addTab(scroll, self.tr("Details"))
            layout.addWidget(self.tabs, 1)
            self._load_current()
            self._add_side_tabs()
        layout.addLayout(self._buttons())
        self._wire_fields()
        self._update_title()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.flow_button: QPushButton | None = None
        if self.entity == "visit":
            self.flow_button = QPushButton(self.tr("Create lead from this visit"))
            self.flow_button.clicked.connect(self.create_lead)
        elif self.entity == "lead":
            self.flow_button = QPushButton(self.tr("Mark as signed…"))
            self.flow_button.clicked.connect(self.mark_signed)
        if self.flow_button is not None:
            self.flow_button.setAutoDefault(False)
            row.addWidget(self.flow_button)
        row.addStretch(1)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("primary")  # the app's style: the main action
        self.save_button.setToolTip(self.tr("Save and close (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_and_close)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Close without saving (Esc)"))
        self.cancel_button.clicked.connect(self.reject)
        for button in (self.save_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter in a field must not save half a form
            button.setMinimumWidth(88)
            row.addWidget(button)
        self._update_flow_button()
        return row

    def _wire_fields(self) -> None:
        for field in self.form.fields.values():
            if isinstance(field, CompanyField):
                field.create_requested.connect(lambda name, f=field: self._create_company(f, name))
                field.company_chosen.connect(self._company_chosen)
            if isinstance(field, LinkField):
                field.open_requested.connect(lambda e, i: self.open_child(e, i))

    def _add_side_tabs(self) -> None:
        assert self.row_id is not None
        self.related_view = RelatedView(self.ctx, self.entity, self.row_id)
        self.related_view.open_requested.connect(lambda e, i: self.open_child(e, i))
        self.related_view.new_requested.connect(self._new_from_company)
        self.history_view = HistoryView(self.ctx, self.entity, self.row_id)
        self.tabs.addTab(self.related_view, "")
        self.tabs.addTab(self.history_view, self.tr("History"))
        self._update_related_tab()

    def _update_related_tab(self) -> None:
        if self.related_view is not None:
            text = self.tr("Related records ({count})").format(count=self.related_view.count)
            self.tabs.setTabText(1, text)

    def _size(self) -> None:
        screen = self.screen().availableGeometry()
        hint = self.form.sizeHint()
        self.setMinimumWidth(min(self.form.minimumSizeHint().width() + 50, screen.width()))
        wide = any(len(row) > 1 for _t, rows in _layout(self.entity) for row in rows)
        width = max(hint.width() + 60, 860 if wide else 620)
        # As tall as the form and what surrounds it (tabs, banner, buttons), no taller: a
        # guessed margin left a gap above the buttons.
        around = self.layout().sizeHint().height() - self.scroll.sizeHint().height()
        height = hint.height() + around + 2 * self.scroll.frameWidth()
        self.resize(min(width, screen.width() - 40), min(height, int(screen.height() * 0.92)))

    def _grow(self) -> None:
        """A problem line made the form taller: grow to show it (up to the screen's
        limit) rather than scroll; never shrink under the user's eyes."""
        needed = self.form.sizeHint().height() - self.scroll.viewport().height()
        if needed > 0 and self.isVisible():
            limit = int(self.screen().availableGeometry().height() * 0.92)
            self.resize(self.width(), max(self.height(), min(limit, self.height() + needed)))

    def _load_current(self) -> None:
        assert self.current is not None
        self.form.set_values({s.name: self.current.get(s.name) for s in FIELDS[self.entity]})
        self.form.snapshot()
        self._update_banner()

    def _conflict_note(self) -> str:
        """A record some of whose values lost a merge says so (settled in 冲突)."""
        if self.row_id is None:
            return ""
        count = sum(
            1 for c in self.ctx.services.conflicts.open_conflicts() if c.row_id == self.row_id
        )
        if not count:
            return ""
        return self.tr("{count} conflicts on this record: see Conflicts.").format(count=count)

    def _update_banner(self) -> None:
        if self.current is None:
            return
        conflicts = self._conflict_note()
        if self.entity != "visit":
            if conflicts:
                self.banner.setStyleSheet(
                    "QLabel#banner { color: #8a4b00; background: #fff4e0;"
                    " border-radius: 4px; padding: 6px; }"
                )
                self.banner.setText(conflicts)
                self.banner.show()
            return
        state = ReviewState(self.current.get("review_state") or "draft")
        text = self.tr("Review: {state}").format(state=state.label)
        if conflicts:
            text = conflicts + "　" + text
        comment = (self.current.get("review_comment") or "").strip()
        if comment:
            text += "　" + self.tr("Comment: {comment}").format(comment=comment)
        if state == ReviewState.approved:
            text += "　" + self.tr("Saving a change sends it back for review.")
        colors = {
            ReviewState.returned: ("#8a4b00", "#fff4e0"),
            ReviewState.approved: ("#1e6b3a", "#eaf6ee"),
        }
        fg, bg = colors.get(state, ("#34495e", "#eef2f6"))
        self.banner.setStyleSheet(
            f"QLabel#banner {{ color: {fg}; background: {bg}; border-radius: 4px; padding: 6px; }}"
        )
        self.banner.setText(text)
        self.banner.show()

    def _update_title(self) -> None:
        kind = entity_label(self.entity)
        if self.row_id is None:
            self.setWindowTitle(self.tr("New {kind}").format(kind=kind))
        else:
            name = self.ctx.related.name(self.entity, self.row_id)
            self.setWindowTitle(f"{kind} — {name}" if name else kind)

    def _update_flow_button(self) -> None:
        lead = self.row_id if self.entity == "lead" else None
        if lead and self.flow_button is not None and self.ctx.related.deal_of_lead(lead):
            self.flow_button.setText(self.tr("Open signed deal"))

    # -- saving -------------------------------------------------------------------------

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def save(self) -> bool:
        """Validate and write the form; on problems, list them all and write nothing."""
        values = self.form.changed_values() if self.row_id else self.form.values()
        for name, default in DEFAULTS.get(self.entity, {}).items():
            if name in values and values[name] in (None, ""):
                values[name] = default
        problems = self.form.local_problems()
        checked = {k: v for k, v in values.items() if k not in problems}
        try:
            self.ctx.services.records.validate(self.entity, checked, current=self._stored())
        except ValidationError as exc:
            for p in exc.problems:
                problems.setdefault(p.field, p.message)
        if not problems:
            try:
                self._write(values)
            except ValidationError as exc:
                problems = {p.field: p.message for p in exc.problems}
            except KnownError as exc:
                QMessageBox.warning(self, self.tr("Not saved"), exc.message)
                return False
            except Exception:
                internal_error(self, self.tr("Not saved"))
                return False
        if problems:
            self.show_problems(problems)
            return False
        self.show_problems({})
        return True

    def _stored(self) -> dict[str, Any] | None:
        if self.current is None:
            return None
        return {s.name: self.current.get(s.name) for s in FIELDS[self.entity]}

    def _write(self, values: dict[str, Any]) -> None:
        records = self.ctx.services.records
        if self.row_id is None:
            self.row_id = records.create(self.entity, values, self.ctx.actor)
        elif values:
            records.update(self.entity, self.row_id, values, self.ctx.actor)
        self.saved_id = self.row_id
        self.current = records.get(self.entity, self.row_id)
        self.form.snapshot()
        self._update_banner()
        self._update_title()
        if self.history_view is not None:
            self.history_view.reload()
        self.saved.emit(self.row_id)

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Each problem beside its field, and all of them listed above the form."""
        self.form.show_problems(problems)
        self._listed = dict(problems)
        self._list_problems()
        first = next((n for n in self.form.fields if n in problems), None)
        if first is not None:
            self._focus_field(first)

    def _list_problems(self) -> None:
        problems = {n: text for n, text in self._listed.items() if self.form.is_shown(n)}
        if not problems:
            self.problems.hide()
            return
        line = self.tr("{field}: {problem}")
        items = "".join(
            "<li>"
            + line.format(
                field=f'<a href="{name}" style="color:{ERROR_COLOR}"><b>'
                f"{self.form.label_of(name)}</b></a>",
                problem=_escape(text),
            )
            + "</li>"
            for name, text in problems.items()
        )
        heading = self.tr("Not saved. Please correct the following:")
        self.problems.setText(f"<b>{heading}</b><ul style='margin:0'>{items}</ul>")
        self.problems.show()

    def _recheck_listed(self, name: str) -> None:
        """As the user edits a field, its listed problem goes as soon as the field is valid
        (or reads what is wrong with the new text): the list never names a fixed field."""
        if not self._listed:
            return
        if name in self._listed:
            field = self.form.fields[name]
            problem = field.parse_problem()
            now = field.local_problem() or (problem.message if problem else None)
            if now is None:
                del self._listed[name]
            else:
                self._listed[name] = now
        self._list_problems()  # a field hidden by this change leaves the list too

    def _focus_field(self, name: str) -> None:
        field = self.form.fields.get(name)
        if field is None:
            return
        if hasattr(self, "tabs"):
            self.tabs.setCurrentIndex(0)
        self.scroll.ensureWidgetVisible(field)
        field.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)

    # -- leaving ------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc, Cancel and the window's close button: ask first if there are changes."""
        if not self.form.is_dirty():
            super().reject()
            return
        answer = self.ask_unsaved()
        if answer == "save":
            if self.save():
                self.accept()
        elif answer == "discard":
            super().reject()

    def ask_unsaved(self) -> str:
        """Ask what to do with the changes: "save", "discard" or "cancel"."""
        box = QMessageBox(self)
        box.setObjectName("unsaved")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Unsaved changes"))
        box.setText(self.tr("This record has changes that are not saved."))
        box.setInformativeText(self.tr("Save them before closing?"))
        save = box.addButton(self.tr("Save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "cancel"

    # -- flows between records ----------------------------------------------------------

    def open_child(
        self,
        entity: str,
        row_id: str | None = None,
        prefill: Mapping[str, Any] | None = None,
        on_saved: Callable[[str], None] | None = None,
    ) -> RecordEditor | None:
        """Open another record's editor over this one (window-modal, not blocking)."""
        try:
            child = RecordEditor(self.ctx, entity, row_id, prefill, parent=self)
        except ValidationError as exc:
            QMessageBox.warning(
                self, self.tr("Cannot open"), "\n".join(p.message for p in exc.problems)
            )
            return None
        except KnownError as exc:
            QMessageBox.warning(self, self.tr("Cannot open"), exc.message)
            return None
        child.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        child.setWindowModality(Qt.WindowModality.WindowModal)
        child.saved.connect(lambda _id: self.refresh_related())
        if on_saved is not None:
            child.saved.connect(on_saved)
        child.open()
        return child

    def refresh_related(self) -> None:
        if self.related_view is not None:
            self.related_view.reload()
            self._update_related_tab()
        if self.row_id:
            for field in self.form.fields.values():
                if isinstance(field, LinkField) and field.spec.ref:
                    field.set_title(self.ctx.related.name(field.spec.ref, field.value()))
        self._update_flow_button()

    def _saved_or_save(self) -> bool:
        """A new or changed record is saved first: the next record will point to it."""
        if self.row_id is not None and not self.form.is_dirty():
            return True
        return self.save()

    def create_lead(self) -> RecordEditor | None:
        if not self._saved_or_save():
            return None
        assert self.row_id is not None and self.current is not None
        prefill = lead_from_visit(self.row_id, self.current, self.ctx.related)
        return self.open_child("lead", prefill=prefill)

    def mark_signed(self) -> RecordEditor | None:
        """Open a deal prefilled from this lead; once it is saved, the lead is signed."""
        if self.row_id and (deal := self.ctx.related.deal_of_lead(self.row_id)):
            return self.open_child("deal", deal)
        if not self._saved_or_save():
            return None
        assert self.row_id is not None and self.current is not None
        prefill = deal_from_lead(self.row_id, self.current, self.ctx.today())
        return self.open_child("deal", prefill=prefill, on_saved=self._lead_signed)

    def _lead_signed(self, _deal_id: str) -> None:
        assert self.row_id is not None
        try:
            self._write({"stage": LeadStage.signed.value})
        except (ValidationError, KnownError) as exc:
            QMessageBox.warning(self, self.tr("Not saved"), str(exc))
            return
        self.form.fields["stage"].set_value(LeadStage.signed.value)
        self.form.snapshot()
        self.refresh_related()

    def _create_company(self, field: CompanyField, name: str) -> None:
        def created(company_id: str) -> None:
            field.set_company(company_id, self.ctx.related.name("company", company_id))
            self._company_chosen(company_id)

        self.open_child("company", prefill={"name": name} if name else None, on_saved=created)

    def _company_chosen(self, company_id: str) -> None:
        """A new lead or deal takes the company's industry chain unless one is typed."""
        chain = self.form.fields.get("industry_chain")
        if chain is not None and not str(chain.value() or "").strip():
            chain.set_value(self.ctx.related.company_chain(company_id))

    def _new_from_company(self, entity: str) -> None:
        assert self.row_id is not None
        prefill: dict[str, Any] = {"company_id": self.row_id}
        if entity == "lead":
            prefill["industry_chain"] = self.ctx.related.company_chain(self.row_id)
        self.open_child(entity, prefill=prefill)


def _layout(entity: str) -> Any:
    from liaison_app.ui.forms.layouts import LAYOUTS

    return LAYOUTS[entity]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
