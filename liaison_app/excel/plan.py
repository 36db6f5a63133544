"""Match an import against the database and validate every row: the plan of what changes.

Nothing is written here. A row carrying an id (our own export) updates that record with
exactly the fields that differ, or creates it under that id when this database does not
have it. A row without an id is first matched to a stored record: a company by its
统一社会信用代码, then by its normalised name, never duplicated (within the file either);
offices and staff by name; visits, leads, deals and contacts by their natural key
(``matching.py``), so a cumulative ledger imported again creates nothing twice and updates
only what changed. References are resolved in ``references.py``.

A sheet without a 联络办 column takes the default office (the user's, or the CLI's
``--office``); a lead without a date takes its company's visit date in the same file, else
the import date. Both are noted in the plan as assumptions, as are unrecognised columns,
approximate amounts and the staff to be created.

Validation is ``RecordService.validate`` (handed in), so imported values obey exactly the
rules of the forms. Any problem anywhere makes the plan unusable: all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

from sqlalchemy.orm import Session

from liaison_app.db.models import new_id
from liaison_app.domain.errors import ParseError
from liaison_app.domain.fields import DEFAULTS, FIELDS, FieldSpec
from liaison_app.domain.i18n import msg
from liaison_app.excel import Tick
from liaison_app.excel.checks import NAMED, RowChecks
from liaison_app.excel.headers import ID_HEADER, IMPORT_ORDER, hidden_header
from liaison_app.excel.importer import (
    ParsedSheet,
    ParsedWorkbook,
    SheetColumn,
    as_money,
    as_text,
    cell_value,
    is_blank,
    is_total_row,
    parse_id,
    shown,
)
from liaison_app.excel.matching import KEY_FIELDS, NaturalKeys, key_values_of
from liaison_app.excel.outcome import MAX_CELLS_NAMED, ImportPlan, Note, SheetMatches
from liaison_app.excel.references import FIELD, Cell, Validate
from liaison_app.excel.stored import column_ids, holds_records, stored_values, visit_displays

CHUNK = 2000


def _batched(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(items, size)):
        yield chunk


@dataclass
class Matched:
    """A row matched to a stored record by natural key, finished once its chunk is read
    (the stored values of a chunk's matches come in one query)."""

    sheet: ParsedSheet
    number: int
    record_id: str
    values: dict[str, Any]
    cell: Cell


class Planner(RowChecks):
    def __init__(
        self,
        session: Session,
        validate: Validate,
        *,
        default_office_id: str | None = None,
        default_staff_id: str | None = None,
        today: date | None = None,
        tick: Tick,
        total_rows: int = 0,
    ) -> None:
        super().__init__(
            session,
            validate,
            default_office_id=default_office_id,
            default_staff_id=default_staff_id,
        )
        self.today = today or date.today()
        self.tick = tick
        self.total_rows = total_rows
        self.done = 0
        self.keys = NaturalKeys(session)
        self.matched: list[Matched] = []
        self.lead_dates: dict[str, list[int]] = {}  # sheet -> [from a visit, import date]
        self._columns_cache: dict[int, list[tuple[str, SheetColumn]]] = {}
        # Called after each chunk of rows, with the plan so far (an import's writer takes
        # the creates planned since the last call: it writes them while planning goes on).
        self.hand_off: Callable[[ImportPlan], None] = lambda plan: None

    def run(self, parsed: ParsedWorkbook) -> ImportPlan:
        self.plan = ImportPlan(parsed.path, skipped=list(parsed.skipped))
        for sheet in parsed.sheets:  # notes in the workbook's order
            self.plan.matches[sheet.name] = SheetMatches()
            if sheet.unrecognised:
                names = "、".join(sheet.unrecognised)
                self.plan.notes.append(
                    Note("import_unrecognised", {"sheet": sheet.name, "names": names})
                )
        order = {entity: i for i, entity in enumerate(IMPORT_ORDER)}
        for sheet in sorted(parsed.sheets, key=lambda s: order[s.entity]):
            self._sheet(sheet)
        for sheet in parsed.sheets:
            self._note_assumptions(sheet)
        self.plan.order_problems(parsed.order)
        self.tick(self.total_rows, self.total_rows)
        return self.plan

    def _note_assumptions(self, sheet: ParsedSheet) -> None:
        notes = self.plan.notes
        office_spec = FIELD[sheet.entity].get("office_id")
        has_office = "office_id" in sheet.columns or hidden_header("office_id") in sheet.columns
        if office_spec is not None and not has_office and self.default_office_id:
            office = self.offices.display.get(self.default_office_id, "")
            notes.append(Note("import_assumed_office", {"sheet": sheet.name, "office": office}))
        from_visit, today = self.lead_dates.get(sheet.name, (0, 0))
        if from_visit:
            notes.append(
                Note("import_lead_date_from_visit", {"sheet": sheet.name, "count": from_visit})
            )
        if today:
            notes.append(
                Note(
                    "import_lead_date_today",
                    {"sheet": sheet.name, "count": today, "date": self.today.isoformat()},
                )
            )

    # -- one sheet -----------------------------------------------------------------------

    def _sheet(self, sheet: ParsedSheet) -> None:
        entity = sheet.entity
        missing = self._missing_columns(sheet)
        if missing:
            for spec in missing:
                self._problem(
                    sheet,
                    0,
                    spec.name,
                    "",
                    msg("import_missing_column", sheet=sheet.name, column=spec.label),
                )
            self.plan.sheets.append((sheet.name, entity, 0))
            return
        count = 0
        stored = holds_records(self.session, entity)  # planning writes nothing
        for chunk in _batched(sheet.rows, CHUNK):
            rows = [
                (number, values)
                for number, values in chunk
                if self._filled(sheet, values) and not is_total_row(values)
            ]
            ids = column_ids(sheet, ID_HEADER, rows) if stored else []
            existing = stored_values(self.session, entity, ids)
            if entity == "lead" and "source_visit_id" in sheet.columns:
                self._load_visits(sheet, rows)
            for number, values in rows:
                self._row(sheet, number, values, existing)
            self._finish_matched(entity)
            self.hand_off(self.plan)
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
            if sheet.entity == "lead" and spec.name == "found_on":
                continue  # a visit's date in the file, else the import date
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

    def _load_visits(self, sheet: ParsedSheet, rows: list[tuple[int, list[Any]]]) -> None:
        """The stored visits this chunk's leads name as their source (for their display)."""
        ids = column_ids(sheet, hidden_header("source_visit_id"), rows)
        known = self.visits.keys() | self.file_visits.keys()
        self.visits.update(visit_displays(self.session, [i for i in ids if i not in known]))

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

        if sheet.formulas:
            self._formulas_without_value(sheet, number, cell)
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
        if current is not None:
            self.keys.taken(entity, row_id or "")

        raw = self._values(sheet, number, values)
        blank = {name for name, value in raw.items() if is_blank(value)}
        refs = self._refs(sheet, number, cell, blank)
        if self.failed:
            self._other_problems(sheet, number, {**raw, **refs}, current, cell)
            return
        values_in = {**raw, **refs}
        matches = self.plan.matches[sheet.name]

        if current is None:
            matched = self._match(sheet, number, row_id, raw, refs, blank)
            if matched == "":
                return
            if matched:
                matches.by_key += 1
                filled = {k: v for k, v in values_in.items() if k not in blank}
                if entity in KEY_FIELDS:
                    self.planned[entity].add(matched)  # a later row with its id is a duplicate
                    self.matched.append(Matched(sheet, number, matched, filled, cell))
                    return
                row_id = matched
                current = stored_values(self.session, entity, [matched]).get(matched)
                values_in = filled
        else:
            matches.by_id += 1

        if current is None:
            matches.new += 1
            defaults = DEFAULTS.get(entity, {})
            values_in = {k: v for k, v in values_in.items() if not (k in blank and k in defaults)}
            if entity == "lead" and values_in.get("found_on") is None:
                values_in["found_on"] = self._lead_date(sheet, values_in.get("company_id"))
            self._create(sheet, number, row_id or new_id(), values_in, cell)
        else:
            assert row_id is not None
            self._update(sheet, number, row_id, values_in, current, cell)

    def _values(self, sheet: ParsedSheet, number: int, values: list[Any]) -> dict[str, Any]:
        """The row's plain (not reference) fields as validation receives them."""
        raw: dict[str, Any] = {}
        width = len(values)
        for name, column in self._value_columns(sheet):
            value = values[column.index] if column.index < width else None
            try:
                if column.spec is not None and column.spec.kind == "money":
                    raw[name], approximate = as_money(value, column.unit)
                    if approximate:
                        self._approximate(sheet, column, number, value)
                else:
                    raw[name] = cell_value(column, value)
            except ParseError as exc:
                self._problem(sheet, number, name, value, exc.message)
        return raw

    def _approximate(
        self, sheet: ParsedSheet, column: SheetColumn, number: int, value: Any
    ) -> None:
        self.plan.approximate_count += 1
        if len(self.plan.approximate) < MAX_CELLS_NAMED:
            self.plan.approximate.append(f"{sheet.name} {column.letter}{number}“{shown(value)}”")

    def _formulas_without_value(self, sheet: ParsedSheet, number: int, cell: Cell) -> None:
        for name, column in sheet.columns.items():
            if f"{column.letter}{number}" in sheet.formulas and is_blank(cell(name)):
                self._problem(sheet, number, name, "", msg("import_formula_no_value"))

    def _lead_date(self, sheet: ParsedSheet, company_id: str | None) -> date:
        """A lead without a date: its company's first visit in this file, else today."""
        counts = self.lead_dates.setdefault(sheet.name, [0, 0])
        day = self.first_visit.get(company_id or "")
        if day is not None:
            counts[0] += 1
            return day
        counts[1] += 1
        return self.today

    def _match(
        self,
        sheet: ParsedSheet,
        number: int,
        row_id: str | None,
        raw: dict[str, Any],
        refs: dict[str, Any],
        blank: set[str],
    ) -> str | None:
        """The stored record a row without a known id stands for; "" after a problem.

        Companies by USCC then normalised name, offices by name, staff by name within
        their office; a second row naming a record this file already holds is refused (a
        row with its own id is another record: the export of two namesakes). Visits,
        leads, deals and contacts without an id by natural key.
        """
        entity = sheet.entity
        if entity in KEY_FIELDS:
            if row_id is not None:
                return None  # an exported record this database does not have
            key_values = key_values_of(entity, raw, refs)
            given = (
                refs.get("staff_id")
                if "staff_id" not in blank
                and ("staff_id" in sheet.columns or hidden_header("staff_id") in sheet.columns)
                else None
            )
            return self.keys.claim(entity, key_values, given) if key_values else None
        if entity not in NAMED:
            return None
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
            if row_id is not None:
                return None
            first = self.first_row.get((entity, found), 0)
            self._problem(sheet, number, "name", name, msg("import_duplicate_row", row=first))
            return ""
        return found

    def _finish_matched(self, entity: str) -> None:
        """Rows matched by natural key in this chunk: their stored values in one query."""
        if not self.matched:
            return
        matched, self.matched = self.matched, []
        existing = stored_values(self.session, entity, [m.record_id for m in matched])
        for m in matched:
            self.failed = set()
            self._update(m.sheet, m.number, m.record_id, m.values, existing[m.record_id], m.cell)
