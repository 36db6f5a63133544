"""What the export reads: each entity sheet's streamed query, in the order an index gives.

A sheet's query joins the names its references show (company, office, staff, lead) and
keeps the ids beside them; ``ExportScope`` limits visits, leads and deals to a period and
to offices. ``streaming`` sets the connection up for reading a big sheet once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, literal_column, select
from sqlalchemy.orm import Session, aliased

from liaison_app.db.models import ENTITY_MODELS, Company, Contact, Visit
from liaison_app.db.store import Store
from liaison_app.domain.fields import DATE_FIELDS, FIELDS

STREAM_CACHE_KIB = 8 * 1024


@dataclass(frozen=True)
class ExportScope:
    """Which records: visits, leads and deals dated in the period, of these offices."""

    start: date | None = None
    end: date | None = None
    office_ids: tuple[str, ...] | None = None


_REF_DISPLAY = {"company": "name", "office": "name", "staff": "name", "lead": "title"}


def _order(entity: str, model: Any, query: Select[Any]) -> Select[Any]:
    """Orders an index can deliver (ties by rowid, in every index entry): SQLite then
    streams rows instead of sorting them all in memory first."""
    rowid = literal_column(f"{model.__tablename__}.rowid")
    date_field = DATE_FIELDS.get(entity)
    if date_field:
        return query.order_by(getattr(model, date_field), rowid)
    if entity == "contact":
        return query.order_by(Contact.company_id, rowid)  # grouped by company
    if entity == "company":
        return query.order_by(Company.name_key, rowid)
    return query.order_by(model.name, rowid)


def entity_query(entity: str, scope: ExportScope) -> tuple[Select[Any], list[str]]:
    """The streamed query of an entity sheet and the names of its result columns.

    Result columns: each field (refs as ids), each ref's display text, the row id, and for
    visits the review state.
    """
    model = ENTITY_MODELS[entity]
    columns: list[Any] = []
    names: list[str] = []
    joins: list[tuple[Any, Any]] = []
    for spec in FIELDS[entity]:
        columns.append(getattr(model, spec.name))
        names.append(spec.name)
    for spec in FIELDS[entity]:
        if spec.kind != "ref":
            continue
        assert spec.ref is not None
        fk = getattr(model, spec.name)
        if spec.ref == "visit":
            target = aliased(Visit)
            company = aliased(Company)
            joins += [(target, target.id == fk), (company, company.id == target.company_id)]
            columns += [target.visit_date, company.name]
            names += [f"{spec.name}:date", f"{spec.name}:company"]
            continue
        target = aliased(ENTITY_MODELS[spec.ref])
        joins.append((target, target.id == fk))
        columns.append(getattr(target, _REF_DISPLAY[spec.ref]))
        names.append(f"{spec.name}:display")
    columns.append(model.id)
    names.append("id")
    if entity == "visit":
        columns.append(Visit.review_state)
        names.append("review_state")
    query = select(*columns).select_from(model)
    for target, on in joins:
        query = query.outerjoin(target, on)
    query = _scoped(entity, model, query, scope)
    return _order(entity, model, query), names


def _scoped(entity: str, model: Any, query: Select[Any], scope: ExportScope) -> Select[Any]:
    query = query.where(model.deleted.is_(False))
    date_field = DATE_FIELDS.get(entity)
    if date_field:
        column = getattr(model, date_field)
        if scope.start:
            query = query.where(column >= scope.start)
        if scope.end:
            query = query.where(column <= scope.end)
    if scope.office_ids is not None:
        if entity in ("visit", "lead", "deal"):
            query = query.where(model.office_id.in_(scope.office_ids))
        elif entity == "contact":
            query = query.where(
                Contact.office_id.in_(scope.office_ids) | Contact.office_id.is_(None)
            )
    return query


@contextmanager
def streaming(session: Session) -> Iterator[None]:
    """SQLite settings that keep memory flat while a sheet streams out.

    The app's connections keep a large page cache and sort in memory, which suits the
    screens; here each page is read once, and ordering the joined rows of a big sheet
    would hold them all in memory. A small cache and a temporary file for the sort keep
    the process the same size at 10k and at 100k rows (and barely slower).
    """
    conn = session.connection()
    cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    temp_store = conn.exec_driver_sql("PRAGMA temp_store").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{STREAM_CACHE_KIB}")
    conn.exec_driver_sql("PRAGMA temp_store = FILE")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA temp_store = {int(temp_store)}")
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
        conn.exec_driver_sql("PRAGMA shrink_memory")


def count_rows(store: Store, entity: str, scope: ExportScope) -> int:
    model = ENTITY_MODELS[entity]
    query = _scoped(entity, model, select(func.count()).select_from(model), scope)
    with store.read() as session:
        return session.scalar(query) or 0
