"""What the database holds for the rows of one chunk of a sheet, read set-based: one query
per 500 ids, never one per row (a 100k-row import stays fast)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_app.db.models import ENTITY_MODELS, Company, Visit
from liaison_app.domain.errors import ParseError
from liaison_app.domain.fields import FIELDS
from liaison_app.excel.export import visit_display
from liaison_app.excel.importer import ParsedSheet, parse_id

BATCH = 500  # ids per IN (...): well below SQLite's limit of bound parameters


def column_ids(
    sheet: ParsedSheet, column_name: str, rows: list[tuple[int, list[Any]]]
) -> list[str]:
    """The ids in one column of these rows (unreadable ones are left to the row's check)."""
    column = sheet.columns.get(column_name)
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


def holds_records(session: Session, entity: str) -> bool:
    """Whether the table of ``entity`` has any row (deleted ones too): into an empty one
    (a first import), a chunk's ids need not be looked up."""
    model = ENTITY_MODELS[entity]
    return session.scalar(select(model.id).limit(1)) is not None


def stored_values(session: Session, entity: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """id -> the stored fields of these records, with ``__deleted`` (and a visit's
    ``__review_state``); deleted records included, so a row naming one can be refused."""
    if not ids:
        return {}
    model = ENTITY_MODELS[entity]
    names = [spec.name for spec in FIELDS[entity]]
    extra = [model.deleted] + ([Visit.review_state] if entity == "visit" else [])
    columns = [getattr(model, name) for name in names]
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), BATCH):
        part = ids[start : start + BATCH]
        for row in session.execute(select(model.id, *columns, *extra).where(model.id.in_(part))):
            values = dict(zip(names, row[1 : 1 + len(names)], strict=True))
            values["__deleted"] = row[1 + len(names)]
            if entity == "visit":
                values["__review_state"] = row[2 + len(names)]
            found[row[0]] = values
    return found


def visit_displays(session: Session, ids: list[str]) -> dict[str, str]:
    """id -> "2020-06-11 华为技术有限公司", as the export shows a lead's source visit."""
    found: dict[str, str] = {}
    for start in range(0, len(ids), BATCH):
        part = ids[start : start + BATCH]
        for visit_id, day, company in session.execute(
            select(Visit.id, Visit.visit_date, Company.name)
            .outerjoin(Company, Company.id == Visit.company_id)
            .where(Visit.id.in_(part), Visit.deleted.is_(False))
        ):
            found[visit_id] = visit_display(day, company) or ""
    return found
