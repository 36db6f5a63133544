"""Match an import against the database and validate every row: the plan of what changes.

Nothing is written here. A row carrying an id (our own export) updates that record with
exactly the fields that differ, or creates it under that id when this database does not
have it. A row without an id creates a record, except a company, which is matched by its
统一社会信用代码 and then by its normalised name and never duplicated (within the file
either). A reference shows a name; the hidden id beside it wins while the name still
matches it, otherwise the name is looked up (a company or staff member that does not exist
yet is created; an unknown office is an error naming the offices that exist).

Validation is ``RecordService.validate`` (handed in), so imported values obey exactly the
rules of the forms. Any problem anywhere makes the plan unusable: all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from itertools import islice
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_app.db.models import ENTITY_MODELS, Company, Lead, Office, Staff, Visit, new_id
from liaison_app.domain.enums import ReviewState
from liaison_app.domain.errors import ParseError, ValidationError
from liaison_app.domain.fields import DEFAULTS, FIELDS, FieldSpec
from liaison_app.domain.i18n import msg
from liaison_app.excel import Tick
from liaison_app.excel.export import visit_display
from liaison_app.excel.headers import COMPANY_USCC, ID_HEADER, IMPORT_ORDER, hidden_header
from liaison_app.excel.importer import (
    ParsedSheet,
    ParsedWorkbook,
    SheetColumn,
    as_text,
    cell_value,
    is_blank,
    is_total_row,
    parse_id,
    shown,
)
from liaison_app.excel.lookups import Companies, NameIndex, company_key
from liaison_app.excel.outcome import ImportPlan, ImportProblem

Validate = Callable[..., dict[str, Any]]
"""``RecordService.validate(entity, values, current=None) -> clean`` or ValidationError."""

CHUNK = 2000
VISIT_FIELDS = frozenset(spec.name for spec in FIELDS["visit"])  # edits that re-open review
NATURAL_KEYS = ("company", "office", "staff")  # matched by what they are, not only by id
# Stand-ins for a required value already reported as unreadable (never stored).
PLACEHOLDER: dict[str, Any] = {
    "text": "-",
    "longtext": "-",
    "ref": "-",
    "enum": None,
    "money": 0,
    "date": date(2000, 1, 1),
    "uscc": None,
    "bool": False,
}


def _batched(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(items, size)):
        yield chunk


# --- the planner --------------------------------------------------------------------------


class Planner:
    def __init__(
        self,
        session: Session,
        validate: Validate,
        *,
        default_office_id: str | None = None,
        default_staff_id: str | None = None,
        tick: Tick,
        total_rows: int = 0,
    ) -> None:
        self.session = session
        self.validate = validate
        self.default_office_id = default_office_id
        self.default_staff_id = default_staff_id
        self.tick = tick
        self.total_rows = total_rows
        self.done = 0
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
        self.planned: dict[str, set[str]] = {entity: set() for entity in IMPORT_ORDER}
        self.first_row: dict[tuple[str, str], int] = {}  # (entity, id) -> sheet row
        self.failed: set[str] = set()  # fields of the current row with a problem reported
        self._columns_cache: dict[int, list[tuple[str, SheetColumn]]] = {}

    def run(self, parsed: ParsedWorkbook) -> ImportPlan:
        self.plan = ImportPlan(parsed.path, skipped=list(parsed.skipped))
        order = {entity: i for i, entity in enumerate(IMPORT_ORDER)}
        for sheet in sorted(parsed.sheets, key=lambda s: order[s.entity]):
            self._sheet(sheet)
        self.tick(self.total_rows, self.total_rows)
        return self.plan

    # -- problems ------------------------------------------------------------------------

    def _problem(
        self, sheet: ParsedSheet, row: int, field_name: str, value: Any, reason: str
    ) -> None:
        self.failed.add(field_name)
        self.plan.add(
            ImportProblem(sheet.name, row, sheet.column_label(field_name), shown(value), reason)
        )

    # -- one sheet -----------------------------------------------------------------------

    def _sheet(self, sheet: ParsedSheet) -> None:
        entity = sheet.entity
        missing = self._missing_columns(sheet)
        if missing:
            for spec in missing:
                self.plan.add(
                    ImportProblem(
                        sheet.name,
                        0,
                        spec.label,
                        "",
                        msg("import_missing_column", sheet=sheet.name, column=spec.label),
                    )
                )
            self.plan.sheets.append((sheet.name, entity, 0))
            return
        count = 0
        for chunk in _batched(sheet.rows, CHUNK):
            rows = [
                (number, values)
                for number, values in chunk
                if self._filled(sheet, values) and not is_total_row(values)
            ]
            existing = self._existing(entity, self._ids(sheet, rows))
            if entity == "lead" and "source_visit_id" in sheet.columns:
                self._load_visits(sheet, rows)
            for number, values in rows:
                self._row(sheet, number, values, existing)
            count += len(rows)
            self.done += len(chunk)
            self.tick(min(self.done, self.total_rows), self.total_rows)
        self.plan.sheets.append((sheet.name, entity, count))

    def _missing_columns(self, sheet: ParsedSheet) -> list[FieldSpec]:
        defaults = DEFAULTS.get(sheet.entity, {})
        missing = []
        for spec in FIELDS[sheet.entity]:
            if not spec.required or spec.name in sheet.columns or spec.name in defaults:
                continue
            if spec.name == "office_id" and self.default_office_id:
                continue
            if spec.kind == "ref" and hidden_header(spec.name) in sheet.columns:
                continue
            missing.append(spec)
        return missing

    @staticmethod
    def _filled(sheet: ParsedSheet, values: list[Any]) -> bool:
        for column in sheet.columns.values():
            if column.index < len(values) and not is_blank(values[column.index]):
                return True
        return False

    @staticmethod
    def _ids(sheet: ParsedSheet, rows: list[tuple[int, list[Any]]]) -> list[str]:
        column = sheet.columns.get(ID_HEADER)
        if column is None:
            return []
        ids = []
        for _, values in rows:
            if column.index < len(values):
                try:
                    row_id = parse_id(values[column.index])
                except ParseError:
                    continue
                if row_id:
                    ids.append(row_id)
        return ids

    def _existing(self, entity: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Stored values of the rows this chunk names by id (deleted ones included)."""
        if not ids:
            return {}
        model = ENTITY_MODELS[entity]
        names = [spec.name for spec in FIELDS[entity]]
        extra = [model.deleted] + ([Visit.review_state] if entity == "visit" else [])
        columns = [getattr(model, name) for name in names]
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            for row in self.session.execute(
                select(model.id, *columns, *extra).where(model.id.in_(part))
            ):
                values = dict(zip(names, row[1 : 1 + len(names)], strict=True))
                values["__deleted"] = row[1 + len(names)]
                if entity == "visit":
                    values["__review_state"] = row[2 + len(names)]
                found[row[0]] = values
        return found

    def _load_visits(self, sheet: ParsedSheet, rows: list[tuple[int, list[Any]]]) -> None:
        column = sheet.columns.get(hidden_header("source_visit_id"))
        if column is None:
            return
        ids = []
        for _, values in rows:
            try:
                visit_id = parse_id(values[column.index]) if column.index < len(values) else None
            except ParseError:
                continue
            if visit_id and visit_id not in self.visits and visit_id not in self.file_visits:
                ids.append(visit_id)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            for visit_id, day, company in self.session.execute(
                select(Visit.id, Visit.visit_date, Company.name)
                .outerjoin(Company, Company.id == Visit.company_id)
                .where(Visit.id.in_(part), Visit.deleted.is_(False))
            ):
                self.visits[visit_id] = visit_display(day, company) or ""

    # -- one row -------------------------------------------------------------------------

    def _value_columns(self, sheet: ParsedSheet) -> list[tuple[str, SheetColumn]]:
        """The sheet's columns of plain (not reference) fields, in field order."""
        found = self._columns_cache.get(id(sheet))
        if found is None:
            found = [
                (spec.name, sheet.columns[spec.name])
                for spec in FIELDS[sheet.entity]
                if spec.kind != "ref" and spec.name in sheet.columns
            ]
            self._columns_cache[id(sheet)] = found
        return found

    def _row(
        self,
        sheet: ParsedSheet,
        number: int,
        values: list[Any],
        existing: Mapping[str, dict[str, Any]],
    ) -> None:
        entity = sheet.entity
        columns = sheet.columns
        self.failed = set()

        def cell(name: str) -> Any:
            column = columns.get(name)
            if column is None or column.index >= len(values):
                return None
            return values[column.index]

        row_id: str | None = None
        if ID_HEADER in columns:
            try:
                row_id = parse_id(cell(ID_HEADER))
            except ParseError as exc:
                self._problem(sheet, number, ID_HEADER, cell(ID_HEADER), exc.message)
        current = existing.get(row_id) if row_id else None
        if current is not None and current["__deleted"]:
            self._problem(sheet, number, ID_HEADER, row_id, msg("import_deleted"))
            return
        if row_id and row_id in self.planned[entity]:
            self._problem(sheet, number, ID_HEADER, row_id, msg("import_duplicate_id"))
            return

        raw: dict[str, Any] = {}
        blank: set[str] = set()
        width = len(values)
        for name, column in self._value_columns(sheet):
            value = values[column.index] if column.index < width else None
            if value == "" or value is None or (isinstance(value, str) and not value.strip()):
                blank.add(name)
            try:
                raw[name] = cell_value(column, value)
            except ParseError as exc:
                self._problem(sheet, number, name, value, exc.message)

        refs = self._refs(sheet, number, cell, raw, blank)
        if self.failed:
            self._other_problems(sheet, number, {**raw, **refs}, current, cell)
            return
        values_in = {**raw, **refs}

        if current is None and entity in NATURAL_KEYS:
            matched = self._match(sheet, number, raw, refs)
            if matched == "":
                return
            if matched:
                row_id = matched
                current = self._existing(entity, [matched]).get(matched)
                values_in = {k: v for k, v in values_in.items() if k not in blank}

        if current is None:
            defaults = DEFAULTS.get(entity, {})
            values_in = {k: v for k, v in values_in.items() if not (k in blank and k in defaults)}
            self._create(sheet, number, row_id or new_id(), values_in, cell)
        else:
            assert row_id is not None
            self._update(sheet, number, row_id, values_in, current, cell)

    def _create(
        self,
        sheet: ParsedSheet,
        number: int,
        row_id: str,
        values: dict[str, Any],
        cell: Callable[[str], Any],
    ) -> None:
        entity = sheet.entity
        try:
            clean = self.validate(entity, values)
        except ValidationError as exc:
            self._validation_problems(sheet, number, exc, cell)
            return
        if not self._unique(sheet, number, row_id, clean, cell):
            return
        plan = self.plan.entities[entity]
        plan.create_ids.append(row_id)
        plan.creates.append(clean)
        self._register(entity, row_id, clean)
        self.first_row[(entity, row_id)] = number

    def _update(
        self,
        sheet: ParsedSheet,
        number: int,
        row_id: str,
        values: dict[str, Any],
        current: dict[str, Any],
        cell: Callable[[str], Any],
    ) -> None:
        entity = sheet.entity
        stored = {k: v for k, v in current.items() if not k.startswith("__")}
        try:
            clean = self.validate(entity, values, current=stored)
        except ValidationError as exc:
            self._validation_problems(sheet, number, exc, cell)
            return
        changes = {k: v for k, v in clean.items() if stored.get(k) != v}
        if not self._unique(sheet, number, row_id, {**stored, **clean}, cell):
            return
        plan = self.plan.entities[entity]
        self.planned[entity].add(row_id)
        if not changes:
            plan.unchanged += 1
        else:
            if (
                entity == "visit"
                and changes.keys() & VISIT_FIELDS
                and current.get("__review_state") == ReviewState.approved.value
            ):
                changes["review_state"] = ReviewState.submitted.value
            plan.updates.append((row_id, changes))
        self._register(entity, row_id, {**stored, **clean})
        self.first_row[(entity, row_id)] = number

    def _other_problems(
        self,
        sheet: ParsedSheet,
        number: int,
        values: dict[str, Any],
        current: dict[str, Any] | None,
        cell: Callable[[str], Any],
    ) -> None:
        """After a cell could not be read, still report the row's other problems at once."""
        failed = set(self.failed)
        probe = {k: v for k, v in values.items() if k not in failed}
        stored = {k: v for k, v in current.items() if not k.startswith("__")} if current else None
        for name in failed:
            spec = FIELD[sheet.entity].get(name)
            if spec is not None and spec.required:
                probe[name] = stored[name] if stored else PLACEHOLDER[spec.kind]
        try:
            self.validate(sheet.entity, probe, current=stored)
        except ValidationError as exc:
            for problem in exc.problems:
                if problem.field not in failed:
                    self._problem(
                        sheet, number, problem.field, cell(problem.field), problem.message
                    )

    def _validation_problems(
        self, sheet: ParsedSheet, number: int, exc: ValidationError, cell: Callable[[str], Any]
    ) -> None:
        for problem in exc.problems:
            self._problem(sheet, number, problem.field, cell(problem.field), problem.message)

    def _unique(
        self,
        sheet: ParsedSheet,
        number: int,
        row_id: str,
        record: Mapping[str, Any],
        cell: Callable[[str], Any],
    ) -> bool:
        """A company's USCC belongs to one company only (in the database and the file)."""
        if sheet.entity != "company" or not record.get("uscc"):
            return True
        holder = self.companies.by_uscc.get(record["uscc"])
        if holder is not None and holder != row_id:
            name = self.companies.name.get(holder, "")
            self._problem(sheet, number, "uscc", cell("uscc"), msg("uscc_duplicate", name=name))
            return False
        return True

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
            self.file_visits[row_id] = (record.get("visit_date"), record.get("company_id"))

    def _match(
        self, sheet: ParsedSheet, number: int, raw: dict[str, Any], refs: dict[str, Any]
    ) -> str | None:
        """The stored record a row without a known id stands for; "" after a problem.

        Companies by USCC then normalised name, offices by name, staff by name within
        their office. A second row naming a record this file already holds is refused.
        """
        entity = sheet.entity
        name = as_text(raw.get("name") or "").strip()
        if entity == "company":
            uscc_text = as_text(raw.get("uscc") or "").strip()
            uscc = None
            if uscc_text:
                try:
                    uscc = FIELD["company"]["uscc"].parse(uscc_text)
                except ParseError:
                    return None  # validation reports it
            found = self.companies.find(uscc, name)
        elif entity == "office":
            found = next(iter(self.offices.find(name)), None)
        else:
            office = refs.get("office_id")
            found = next(
                (i for i in self.staff.find(name, office) if self.staff.scope.get(i) == office),
                None,
            )
        if found is not None and found in self.planned[entity]:
            first = self.first_row.get((entity, found), 0)
            self._problem(sheet, number, "name", name, msg("import_duplicate_row", row=first))
            return ""
        return found

    # -- references ----------------------------------------------------------------------

    def _refs(
        self,
        sheet: ParsedSheet,
        number: int,
        cell: Callable[[str], Any],
        raw: dict[str, Any],
        blank: set[str],
    ) -> dict[str, Any]:
        entity = sheet.entity
        columns = sheet.columns
        out: dict[str, Any] = {}
        for spec in FIELDS[entity]:
            if spec.kind != "ref":
                continue
            hidden_name = hidden_header(spec.name)
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
        cell: Callable[[str], Any],
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
        cell: Callable[[str], Any],
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
        plan = self.plan.entities["company"]
        plan.create_ids.append(company_id)
        plan.creates.append(clean)
        self._register("company", company_id, clean)
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
        plan = self.plan.entities["staff"]
        plan.create_ids.append(staff_id)
        plan.creates.append(clean)
        self._register("staff", staff_id, clean)
        return staff_id


FIELD: dict[str, dict[str, FieldSpec]] = {
    entity: {spec.name: spec for spec in specs} for entity, specs in FIELDS.items()
}
