"""Validate a planned row and record what it changes: a new record, the fields of a stored
one that differ, or nothing. A company's USCC belongs to one company, and an import never
changes a USCC already stored (a problem for the report, not an update)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from liaison_app.domain.enums import ReviewState
from liaison_app.domain.errors import ValidationError
from liaison_app.domain.fields import FIELDS
from liaison_app.domain.i18n import msg
from liaison_app.excel.importer import ParsedSheet
from liaison_app.excel.references import FIELD, Cell, References

VISIT_FIELDS = frozenset(spec.name for spec in FIELDS["visit"])  # edits that re-open review
NAMED = ("company", "office", "staff")  # matched by name (and USCC) when the id is unknown
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


class RowChecks(References):
    """Creates and updates of the plan, after validation."""

    today: date  # the import date: a lead without one gets it

    def _create(
        self, sheet: ParsedSheet, number: int, row_id: str, values: dict[str, Any], cell: Cell
    ) -> None:
        entity = sheet.entity
        try:
            clean = self.validate(entity, values)
        except ValidationError as exc:
            self._validation_problems(sheet, number, exc, cell)
            return
        if not self._unique(sheet, number, row_id, clean, cell):
            return
        self._plan_create(entity, row_id, clean)
        if entity in NAMED:  # for "same record as row n" (kept only where it can happen)
            self.first_row[(entity, row_id)] = number

    def _update(
        self,
        sheet: ParsedSheet,
        number: int,
        row_id: str,
        values: dict[str, Any],
        current: dict[str, Any],
        cell: Cell,
    ) -> None:
        entity = sheet.entity
        stored = {k: v for k, v in current.items() if not k.startswith("__")}
        try:
            clean = self.validate(entity, values, current=stored)
        except ValidationError as exc:
            self._validation_problems(sheet, number, exc, cell)
            return
        changes = {k: v for k, v in clean.items() if stored.get(k) != v}
        if entity == "company" and stored.get("uscc") and "uscc" in changes:
            self._problem(
                sheet,
                number,
                "uscc",
                cell("uscc"),
                msg("uscc_change_refused", stored=stored["uscc"]),
            )
            return
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
        if entity in NAMED:
            self.first_row[(entity, row_id)] = number

    def _other_problems(
        self,
        sheet: ParsedSheet,
        number: int,
        values: dict[str, Any],
        current: dict[str, Any] | None,
        cell: Cell,
    ) -> None:
        """After a cell could not be read, still report the row's other problems at once."""
        failed = set(self.failed)
        probe = {k: v for k, v in values.items() if k not in failed}
        stored = {k: v for k, v in current.items() if not k.startswith("__")} if current else None
        for name in failed:
            spec = FIELD[sheet.entity].get(name)
            if spec is not None and spec.required:
                probe[name] = stored[name] if stored else PLACEHOLDER[spec.kind]
        if sheet.entity == "lead" and probe.get("found_on") is None:
            probe["found_on"] = self.today
        try:
            self.validate(sheet.entity, probe, current=stored)
        except ValidationError as exc:
            for problem in exc.problems:
                if problem.field not in failed:
                    self._problem(
                        sheet, number, problem.field, cell(problem.field), problem.message
                    )

    def _validation_problems(
        self, sheet: ParsedSheet, number: int, exc: ValidationError, cell: Cell
    ) -> None:
        for problem in exc.problems:
            self._problem(sheet, number, problem.field, cell(problem.field), problem.message)

    def _unique(
        self, sheet: ParsedSheet, number: int, row_id: str, record: Mapping[str, Any], cell: Cell
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
