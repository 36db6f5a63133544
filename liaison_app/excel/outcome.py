"""What an import found and would do: problems, and per entity the records it creates,
updates or leaves unchanged. Kept for the preview, the CLI and the error report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liaison_app.domain.fields import entity_label
from liaison_app.domain.i18n import msg
from liaison_app.excel.headers import IMPORT_ORDER

MAX_PROBLEMS = 2000  # kept for the report; all are counted


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int  # Excel row number; 0 for a problem of the whole sheet
    column: str
    value: str
    reason: str

    @property
    def message(self) -> str:
        if not self.row:
            return self.reason
        return msg(
            "import_cell", sheet=self.sheet, row=self.row, column=self.column, reason=self.reason
        )


@dataclass
class EntityPlan:
    create_ids: list[str] = field(default_factory=list)
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0


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
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


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
