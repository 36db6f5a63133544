"""What an import found and would do: problems, and per entity the records it creates,
updates or leaves unchanged; per sheet how its rows were matched; the assumptions made.
Kept for the preview, the CLI and the error report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liaison_app.domain.fields import entity_label
from liaison_app.domain.i18n import msg
from liaison_app.excel.headers import IMPORT_ORDER

MAX_PROBLEMS = 2000  # kept for the report; all are counted
MAX_CELLS_NAMED = 10  # approximate amounts quoted by cell in the notes


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int  # Excel row number; 0 for a problem of the whole sheet
    column: str
    value: str
    reason: str
    cell: str = ""  # as Excel shows it ("E9"); "" when the column is not in the sheet

    @property
    def message(self) -> str:
        if not self.row:
            return self.reason
        if self.cell:
            return msg(
                "import_cell_at",
                sheet=self.sheet,
                row=self.row,
                column=self.column,
                cell=self.cell,
                reason=self.reason,
            )
        return msg(
            "import_cell", sheet=self.sheet, row=self.row, column=self.column, reason=self.reason
        )

    @property
    def located_column(self) -> str:
        """The column's header with the cell address: "投资额（E9）"."""
        return f"{self.column}（{self.cell}）" if self.cell else self.column


@dataclass
class EntityPlan:
    create_ids: list[str] = field(default_factory=list)
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class SheetMatches:
    """How a sheet's rows found their records: by the hidden id, by a natural key, or new."""

    by_id: int = 0
    by_key: int = 0
    new: int = 0


@dataclass(frozen=True)
class Note:
    """Something the user should know before confirming: an assumption, a column left out."""

    code: str
    params: dict[str, Any]

    @property
    def message(self) -> str:
        return msg(self.code, **self.params)


@dataclass
class ImportPlan:
    path: Path
    entities: dict[str, EntityPlan] = field(
        default_factory=lambda: {entity: EntityPlan() for entity in IMPORT_ORDER}
    )
    problems: list[ImportProblem] = field(default_factory=list)
    problem_count: int = 0
    sheets: list[tuple[str, str, int]] = field(default_factory=list)  # name, entity, rows
    skipped: list[str] = field(default_factory=list)
    matches: dict[str, SheetMatches] = field(default_factory=dict)  # sheet name ->
    notes: list[Note] = field(default_factory=list)
    approximate: list[str] = field(default_factory=list)  # the first: "项目线索 C5“约3亿”"
    approximate_count: int = 0
    new_staff: list[str] = field(default_factory=list)  # "新同事（上海联络办）"
    _kept: dict[str, int] = field(default_factory=dict, repr=False)  # problems kept per sheet

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def counts(self) -> dict[str, tuple[int, int, int]]:
        """entity -> (created, updated, unchanged), for entities the import touches."""
        return {
            entity: (len(p.creates), len(p.updates), p.unchanged)
            for entity, p in self.entities.items()
            if p.creates or p.updates or p.unchanged
        }

    @property
    def created(self) -> int:
        return sum(len(p.creates) for p in self.entities.values())

    @property
    def updated(self) -> int:
        return sum(len(p.updates) for p in self.entities.values())

    def add(self, problem: ImportProblem) -> None:
        """Count every problem; keep the first MAX_PROBLEMS of each sheet (memory stays bounded
        while the sheets are read, and ``order_problems`` keeps the workbook's first ones)."""
        self.problem_count += 1
        kept = self._kept.get(problem.sheet, 0)
        if kept < MAX_PROBLEMS:
            self._kept[problem.sheet] = kept + 1
            self.problems.append(problem)

    def details(self) -> list[str]:
        """How each sheet's rows matched, then every assumption and column left out."""
        lines = [
            msg("import_sheet_counts", sheet=sheet, by_id=m.by_id, by_key=m.by_key, new=m.new)
            for sheet, m in self.matches.items()
        ]
        lines.extend(note.message for note in self.notes)
        if self.new_staff:
            lines.append(msg("import_new_staff", names="、".join(self.new_staff)))
        if self.approximate_count:
            cells = "、".join(self.approximate)
            if self.approximate_count > len(self.approximate):
                cells += "……"
            lines.append(msg("import_approximate", count=self.approximate_count, cells=cells))
        return lines

    def order_problems(self, sheet_order: list[str]) -> None:
        """Problems in the workbook's sheet order, then by row; at most MAX_PROBLEMS kept."""
        rank = {name: i for i, name in enumerate(sheet_order)}
        self.problems.sort(key=lambda p: (rank.get(p.sheet, len(rank)), p.row))
        del self.problems[MAX_PROBLEMS:]


def describe(plan: ImportPlan) -> list[str]:
    """One line per entity the import touches: created, updated, unchanged."""
    return [
        msg(
            "import_entity_counts",
            entity=entity_label(entity),
            created=created,
            updated=updated,
            unchanged=unchanged,
        )
        for entity, (created, updated, unchanged) in plan.counts().items()
    ]


def problem_lines(plan: ImportPlan, limit: int | None = None) -> Iterable[str]:
    for problem in plan.problems[:limit]:
        yield problem.message
    shown_count = min(len(plan.problems), limit or len(plan.problems))
    if plan.problem_count > shown_count:
        yield msg("import_more_problems", count=plan.problem_count - shown_count)
