"""References of imported rows: the company, office, staff member, lead or visit a cell names.

A reference cell shows a name; the hidden id beside it (our export's) wins while the name
still matches it, otherwise the name is looked up. A company is found by the 统一社会信用代码
written beside it, then by its normalised name unless that company has another USCC (then it
is another company, created). A company or staff member that does not exist yet is planned
for creation (new staff are listed for the user); an unknown office is an error naming the
offices that exist. Nothing is written here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_app.db.models import Lead, Office, Staff, new_id
from liaison_app.domain.errors import ParseError, ValidationError
from liaison_app.domain.fields import FIELDS, FieldSpec
from liaison_app.domain.i18n import msg
from liaison_app.excel.export import visit_display
from liaison_app.excel.headers import COMPANY_USCC, IMPORT_ORDER, hidden_header
from liaison_app.excel.importer import ParsedSheet, as_text, parse_id, shown
from liaison_app.excel.lookups import Companies, NameIndex, company_key
from liaison_app.excel.outcome import ImportPlan, ImportProblem

Validate = Callable[..., dict[str, Any]]
"""``RecordService.validate(entity, values, current=None) -> clean`` or ValidationError."""
Cell = Callable[[str], Any]
"""The raw value of a row's cell by field name (None when the sheet has no such column)."""

FIELD: dict[str, dict[str, FieldSpec]] = {
    entity: {spec.name: spec for spec in specs} for entity, specs in FIELDS.items()
}

REF_FIELDS: dict[str, list[tuple[FieldSpec, str]]] = {
    entity: [(spec, hidden_header(spec.name)) for spec in specs if spec.kind == "ref"]
    for entity, specs in FIELDS.items()
}
"""entity -> its reference fields, each with the header of its hidden id column."""


class References:
    """What the database and the file hold, and the resolution of reference cells."""

    def __init__(
        self,
        session: Session,
        validate: Validate,
        *,
        default_office_id: str | None = None,
        default_staff_id: str | None = None,
    ) -> None:
        self.session = session
        self.validate = validate
        self.default_office_id = default_office_id
        self.default_staff_id = default_staff_id
        self.plan: ImportPlan
        self.companies = Companies(session)
        self.offices = NameIndex()
        for row in session.execute(select(Office.id, Office.name).where(Office.deleted.is_(False))):
            self.offices.add(row.id, row.name)
        self.staff = NameIndex()
        for row in session.execute(
            select(Staff.id, Staff.name, Staff.office_id).where(Staff.deleted.is_(False))
        ):
            self.staff.add(row.id, row.name, row.office_id)
        self.leads = NameIndex()
        for row in session.execute(
            select(Lead.id, Lead.title, Lead.company_id).where(Lead.deleted.is_(False))
        ):
            self.leads.add(row.id, row.title, row.company_id)
        self.visits: dict[str, str] = {}  # id -> display, of stored visits a chunk names
        self.file_visits: dict[str, tuple[Any, Any]] = {}  # id -> (date, company) from the file
        self.first_visit: dict[str, date] = {}  # company id -> its first visit in the file
        self.planned: dict[str, set[str]] = {entity: set() for entity in IMPORT_ORDER}
        self.first_row: dict[tuple[str, str], int] = {}  # (entity, id) -> sheet row
        self.failed: set[str] = set()  # fields of the current row with a problem reported

    # -- problems ------------------------------------------------------------------------

    def _problem(
        self, sheet: ParsedSheet, row: int, field_name: str, value: Any, reason: str
    ) -> None:
        self.failed.add(field_name)
        self.plan.add(
            ImportProblem(
                sheet.name,
                row,
                sheet.column_label(field_name),
                shown(value),
                reason,
                sheet.cell_ref(field_name, row),
            )
        )

    # -- planned records -------------------------------------------------------------------

    def _plan_create(self, entity: str, row_id: str, clean: dict[str, Any]) -> None:
        plan = self.plan.entities[entity]
        plan.create_ids.append(row_id)
        plan.creates.append(clean)
        self._register(entity, row_id, clean)

    def _register(self, entity: str, row_id: str, record: Mapping[str, Any]) -> None:
        self.planned[entity].add(row_id)
        if entity == "company":
            self.companies.register(row_id, record["name"], record.get("uscc"))
        elif entity == "office":
            self.offices.add(row_id, record["name"])
        elif entity == "staff":
            self.staff.add(row_id, record["name"], record.get("office_id"))
        elif entity == "lead":
            self.leads.add(row_id, record["title"], record.get("company_id"))
        elif entity == "visit":
            day, company = record.get("visit_date"), record.get("company_id")
            self.file_visits[row_id] = (day, company)
            if (
                company
                and day
                and (company not in self.first_visit or day < self.first_visit[company])
            ):
                self.first_visit[company] = day

    # -- references ----------------------------------------------------------------------

    def _refs(self, sheet: ParsedSheet, number: int, cell: Cell, blank: set[str]) -> dict[str, Any]:
        entity = sheet.entity
        columns = sheet.columns
        out: dict[str, Any] = {}
        for spec, hidden_name in REF_FIELDS[entity]:
            has_visible = spec.name in columns
            has_hidden = hidden_name in columns
            hidden_id: str | None = None
            if has_hidden:
                try:
                    hidden_id = parse_id(cell(hidden_name))
                except ParseError as exc:
                    self._problem(sheet, number, hidden_name, cell(hidden_name), exc.message)
                    continue
            if has_visible:
                text = as_text(cell(spec.name)).strip()
                if not text:
                    blank.add(spec.name)
                    out[spec.name] = None
                    continue
                resolved = self._resolve(sheet, number, spec, text, hidden_id, cell, out)
                if resolved is None:
                    self.failed.add(spec.name)  # its problem is reported (maybe on another column)
                else:
                    out[spec.name] = resolved
            elif has_hidden:
                if hidden_id and not self._known(spec.ref or "", hidden_id):
                    self._problem(sheet, number, hidden_name, hidden_id, msg("ref_missing"))
                    continue
                out[spec.name] = hidden_id
            else:
                default = self._default(spec, out)
                if default is not None:
                    out[spec.name] = default
        return out

    def _visit_display(self, visit_id: str) -> str | None:
        if visit_id in self.file_visits:
            day, company_id = self.file_visits[visit_id]
            return visit_display(day, self.companies.name.get(company_id or "", ""))
        return self.visits.get(visit_id)

    def _default(self, spec: FieldSpec, resolved: Mapping[str, Any]) -> str | None:
        if spec.name == "office_id":
            return self.default_office_id
        if spec.name == "staff_id" and self.default_staff_id:
            office = resolved.get("office_id")
            if office is None or office == self.default_office_id:
                return self.default_staff_id
        return None

    def _known(self, target: str, row_id: str) -> bool:
        if target == "company":
            return row_id in self.companies.name
        if target == "office":
            return row_id in self.offices.display
        if target == "staff":
            return row_id in self.staff.display
        if target == "lead":
            return row_id in self.leads.display
        if target == "visit":
            return row_id in self.visits or row_id in self.file_visits
        return False

    def _resolve(
        self,
        sheet: ParsedSheet,
        number: int,
        spec: FieldSpec,
        text: str,
        hidden_id: str | None,
        cell: Cell,
        resolved: Mapping[str, Any],
    ) -> str | None:
        target = spec.ref or ""
        if target == "company":
            return self._company_ref(sheet, number, spec, text, hidden_id, cell)
        if target == "office":
            if hidden_id and self.offices.display.get(hidden_id) == text:
                return hidden_id
            found = self.offices.find(text)
            if found:
                return found[0]
            names = "、".join(sorted(set(self.offices.display.values()))) or "-"
            self._problem(
                sheet, number, spec.name, text, msg("office_unknown", name=text, names=names)
            )
            return None
        if target == "staff":
            office = resolved.get("office_id")
            if hidden_id and self.staff.display.get(hidden_id) == text:
                return hidden_id
            found = self.staff.find(text, office)
            if found:
                return found[0]
            return self._new_staff(sheet, number, spec, text, office)
        if target == "lead":
            if hidden_id and self.leads.display.get(hidden_id) == text:
                return hidden_id
            found = self.leads.find(text, None)
            company = resolved.get("company_id")
            same = [i for i in found if self.leads.scope.get(i) == company]
            if same or found:
                return (same or found)[0]
            self._problem(sheet, number, spec.name, text, msg("import_lead_unknown", name=text))
            return None
        if target == "visit":
            if hidden_id and self._visit_display(hidden_id) == text:
                return hidden_id
            self._problem(sheet, number, spec.name, text, msg("import_visit_unknown"))
            return None
        return None

    def _company_ref(
        self,
        sheet: ParsedSheet,
        number: int,
        spec: FieldSpec,
        text: str,
        hidden_id: str | None,
        cell: Cell,
    ) -> str | None:
        companies = self.companies
        key = company_key(text)
        if hidden_id and companies.key_of.get(hidden_id) == key:
            return hidden_id
        uscc_text = as_text(cell(COMPANY_USCC)).strip() if COMPANY_USCC in sheet.columns else ""
        uscc = None
        if uscc_text:
            try:
                uscc = FIELD["company"]["uscc"].parse(uscc_text)
            except ParseError as exc:
                self._problem(sheet, number, COMPANY_USCC, uscc_text, exc.message)
                return None
        found = companies.find(uscc, text)
        if found:
            return found
        try:
            clean = self.validate("company", {"name": text, "uscc": uscc})
        except ValidationError as exc:
            for problem in exc.problems:
                column = COMPANY_USCC if problem.field == "uscc" else spec.name
                self._problem(sheet, number, column, cell(column), problem.message)
            return None
        company_id = new_id()
        self._plan_create("company", company_id, clean)
        return company_id

    def _new_staff(
        self, sheet: ParsedSheet, number: int, spec: FieldSpec, name: str, office: str | None
    ) -> str | None:
        try:
            clean = self.validate("staff", {"name": name, "office_id": office})
        except ValidationError as exc:
            for problem in exc.problems:
                self._problem(sheet, number, spec.name, name, problem.message)
            return None
        staff_id = new_id()
        self._plan_create("staff", staff_id, clean)
        office_name = self.offices.display.get(office or "")
        self.plan.new_staff.append(f"{name}（{office_name}）" if office_name else name)
        return staff_id
