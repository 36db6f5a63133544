"""The list views' queries: filtered, sorted and paged in SQL, one window of rows at a time.

A list never loads a whole table. ``first_page`` gives the first rows before anything is
counted (a LIMIT query; a common search term walks the list order instead, see
``_search_page``); ``count`` and ``page`` answer for one window (offset, limit); a window
past the middle is read with the order reversed, so the last rows cost what the first
rows cost. Rows are fetched in two steps: the keys of the window (an
index-only scan on the live-row indexes of migration 0003), then the display columns of
those few rows, joins included.

A sort that no index serves (a visit's mode, a company's name), or a search, would sort
every matching row again for every window; ``keys`` reads the ordered rowids once instead
(8 bytes a row), and ``rows_for`` fetches windows of them (see ``is_windowed``).

What each list shows is in ``list_columns`` (no SQLAlchemy there), how each column is
selected and ordered in ``list_sources``; ``first_page_sql`` compiles a first page for
the window's early start (``early_reads``), which runs it before the ORM is loaded.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, case, func, inspect, select
from sqlalchemy.types import Boolean, Date, DateTime

from liaison_app.db.models import Company, Deal, Lead, Staff, SyncState, Visit
from liaison_app.db.store import Store
from liaison_app.domain.enums import INDUSTRY_CHAINS
from liaison_app.services import list_columns
from liaison_app.services.early_reads import KEYS_PARAM, FirstPageSql
from liaison_app.services.list_columns import (
    ListColumn,
    column,
    columns,
    default_query,
    list_rows,
)
from liaison_app.services.list_query import KIND_ENTITY, Kind, ListFilter, ListQuery, ListRow
from liaison_app.services.list_sources import SOURCES, Source, cross_join, rowid
from liaison_app.services.search import match_clause

__all__ = [
    "KIND_ENTITY",
    "Kind",
    "ListColumn",
    "ListFilter",
    "ListQuery",
    "ListRow",
    "ListingService",
    "column",
    "columns",
    "default_query",
]

WALK_ROWS = 20_000  # rows a search walks at most for its first page (see _search_page)
PROBE_ROWS = 250  # rows walked before judging whether the page is in reach


def _db_value(value: Any) -> Any:
    """A bound value as SQLAlchemy would hand it to sqlite3 (dates as ISO text)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _compiled(stmt: Any, dialect: Any) -> tuple[str, list[Any]]:
    """``stmt`` as sqlite3 runs it: the SQL text and its positional values (an expanding
    parameter stays a ``__[POSTCOMPILE_…]`` marker, and its name stands for its values)."""
    compiled = stmt.compile(dialect=dialect)
    params = compiled.construct_params({KEYS_PARAM: []} if KEYS_PARAM in compiled.binds else None)
    names = compiled.positiontup or ()
    return compiled.string, [
        {"expand": name} if name == KEYS_PARAM else _db_value(params[name]) for name in names
    ]


def _result_type(expr: Any) -> str:
    """How sqlite3's value of ``expr`` becomes SQLAlchemy's (dates are stored as text)."""
    kind = getattr(expr, "type", None)
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Boolean):
        return "bool"
    return ""


class ListingService:
    """Counts and windows of rows for the list views; reads only."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- query building ----------------------------------------------------------------

    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        src = SOURCES[query.kind]
        model, f = src.model, query.filter
        where: list[ColumnElement[bool]] = [model.deleted.is_(False)]
        if f.office_id and hasattr(model, "office_id"):
            where.append(model.office_id == f.office_id)
        if f.staff_id and hasattr(model, "staff_id"):
            where.append(model.staff_id == f.staff_id)
        if f.company_id and hasattr(model, "company_id"):
            where.append(model.company_id == f.company_id)
        if src.date_column is not None:
            if f.date_from:
                where.append(src.date_column >= f.date_from)
            if f.date_to:
                where.append(src.date_column <= f.date_to)
        if f.review_state and model is Visit:
            where.append(Visit.review_state == f.review_state)
        if f.overdue_on and model is Visit:
            from liaison_app.services.dashboard import overdue_clause

            where.append(overdue_clause(f.overdue_on))
        if f.stage and model is Lead:
            where.append(Lead.stage == f.stage)
        if f.valid is not None and model is Lead:
            where.append(Lead.is_valid.is_(f.valid))
        if f.deal_status and model is Deal:
            where.append(Deal.status == f.deal_status)
        if f.industry_chain:
            if hasattr(model, "industry_chain"):
                where.append(model.industry_chain == f.industry_chain)
            else:
                chain = select(Company.id).where(Company.industry_chain == f.industry_chain)
                where.append(model.company_id.in_(chain))
        if f.text.strip():
            where.append(match_clause(query.kind, f.text))
        return where

    def _order(self, query: ListQuery, reverse: bool = False) -> tuple[list[Any], set[Any]]:
        """ORDER BY terms (rowid last, as tie-breaker) and the tables they need joined."""
        src = SOURCES[query.kind]
        order = src.order_expr(self.sort_column(query).key)
        descending = query.descending != reverse
        terms = []
        for expr in (order, rowid(src.table)):
            terms.append(expr.desc() if descending else expr.asc())
        return terms, self._tables_of(src, order)

    @staticmethod
    def _tables_of(src: Source, expr: Any) -> set[Any]:
        """The joins an ORDER BY expression needs (a sort by company joins companies)."""
        froms = set(getattr(expr, "_from_objects", []))
        return {target for target, _on, _outer in src.joins if inspect(target).selectable in froms}

    def sort_column(self, query: ListQuery) -> ListColumn:
        return list_columns.sort_column(query)

    def is_windowed(self, query: ListQuery) -> bool:
        return list_columns.is_windowed(query)

    def _from(self, src: Source, targets: set[Any] | None = None) -> Any:
        joined: Any = src.model.__table__
        for target, on, outer in src.joins:
            if targets is not None and target not in targets:
                continue
            joined = joined.join(target, on, isouter=outer)
        return joined

    def _keys_from(self, src: Source, targets: set[Any]) -> Any:
        """FROM of a keys query: a sort by a joined table's column (a company's name) reads
        that table first, in its index order, and each of its rows' visits by index.

        Left to itself, SQLite's planner (without ANALYZE statistics) walks the visits
        instead and looks each one's company up: 1,000,000 table reads and a full sort
        (over 20 s on 1M visits). CROSS JOIN keeps the order of the tables as written.
        """
        inner = [(t, on) for t, on, outer in src.joins if t in targets and not outer]
        if len(inner) != 1 or len(targets) != 1:
            return self._from(src, targets)
        target, on = inner[0]
        return cross_join(target.__table__, src.model.__table__, on)

    def _keys_query(self, query: ListQuery, reverse: bool = False) -> Select[Any]:
        src = SOURCES[query.kind]
        order, targets = self._order(query, reverse)
        return (
            select(rowid(src.table))
            .select_from(self._keys_from(src, targets))
            .where(*self._where(query))
            .order_by(*order)
        )

    # -- reads -------------------------------------------------------------------------

    def count(self, query: ListQuery) -> int:
        src = SOURCES[query.kind]
        stmt = select(func.count()).select_from(src.model.__table__).where(*self._where(query))
        with self.store.read() as session:
            return session.scalar(stmt) or 0

    def page(
        self, query: ListQuery, offset: int, limit: int, total: int | None = None
    ) -> list[ListRow]:
        """Rows ``offset .. offset+limit`` of the list; ``total`` (the count) lets a window
        past the middle be read from the end."""
        with self.store.read() as session:
            reverse = total is not None and offset + limit / 2 > total / 2
            if reverse:
                assert total is not None
                end = min(total, offset + limit)
                stmt = self._keys_query(query, reverse=True).limit(end - offset)
                stmt = stmt.offset(max(0, total - end))
                keys = list(session.scalars(stmt))[::-1]
            else:
                stmt = self._keys_query(query).limit(limit).offset(offset)
                keys = list(session.scalars(stmt))
            return self._rows(session, query.kind, keys)

    def first_page(self, query: ListQuery, limit: int) -> list[ListRow]:
        """The first ``limit`` rows, without counting the rest (the list shows them first).

        A LIMIT on the ordered keys lets SQLite stop early where an index serves the order
        (a sort by company walks the companies in key order). A search is read as
        ``_search_page`` says.
        """
        with self.store.read() as session:
            keys = self._search_page(session, query, limit) if query.filter.text.strip() else None
            if keys is None:
                keys = list(session.scalars(self._keys_query(query).limit(limit)))
            return self._rows(session, query.kind, keys)

    def _search_page(self, session: Any, query: ListQuery, limit: int) -> list[int] | None:
        """The first keys of a search where matches are common; None where they are not.

        The index lookup collects every match, then sorts them: quick for a rare term
        (华为: 1,000 of 1M visits), slow for a common one (实地考察: 250,000). So the list is
        walked in its order first, each row tested on its own text (the text the index
        holds), until a page is found: where matches are common, a few hundred rows. As
        soon as the rows walked (``PROBE_ROWS`` at least) show that a page would take more
        than ``WALK_ROWS``, the walk stops and the caller looks the terms up. The model
        replaces this page with the one the full keys start with, should they differ.
        """
        src = SOURCES[query.kind]
        order, targets = self._order(query)
        hit = match_clause(query.kind, query.filter.text, scan=True)
        walk = (
            select(rowid(src.table), case((hit, 1), else_=0))
            .select_from(self._keys_from(src, targets))
            .where(*self._where(query.with_filter(text="")))
            .order_by(*order)
            .limit(WALK_ROWS)
        )
        found: list[int] = []
        walked = 0
        rows = session.connection().execute(walk)
        try:
            while batch := rows.fetchmany(250):
                walked += len(batch)
                found += [key for key, matched in batch if matched]
                if len(found) >= limit:
                    return found[:limit]
                if walked >= PROBE_ROWS and len(found) * WALK_ROWS < limit * walked:
                    return None  # too rare to walk to a page
        finally:
            rows.close()
        return found if walked < WALK_ROWS else None

    def keys(self, query: ListQuery) -> array[int]:
        """Every matching rowid in list order: for orders no index serves.

        Read straight from the DB-API cursor in batches into an array of 8-byte ints:
        through SQLAlchemy's result rows, 1,000,000 keys took 2.9 s and 270 MB at peak;
        this way 1.8 s and no more memory than the array.
        """
        sql, values = _compiled(self._keys_query(query), self.store.engine.dialect)
        with self.store.read() as session:
            raw = session.connection().connection.driver_connection
            cursor = raw.execute(sql, values)
            keys = array("q")
            while batch := cursor.fetchmany(20_000):
                keys.extend(row[0] for row in batch)
            cursor.close()
            return keys

    def rows_for(self, kind: Kind, keys: Sequence[int]) -> list[ListRow]:
        with self.store.read() as session:
            return self._rows(session, kind, list(keys))

    def _rows_query(self, kind: Kind, keys: Any) -> Select[Any]:
        """The display columns of the rows ``keys`` (rowid, id, columns, extras)."""
        src = SOURCES[kind]
        key = rowid(src.table)
        extras = [expr for _, expr in src.extras]
        exprs = [src.expr(c.key) for c in src.columns]
        return (
            select(key, src.model.id, *exprs, *extras)
            .select_from(self._from(src))
            .where(key.in_(keys))
        )

    def _rows(self, session: Any, kind: Kind, keys: list[int]) -> list[ListRow]:
        if not keys:
            return []
        stmt = self._rows_query(kind, keys)
        return list_rows(kind, keys, session.execute(stmt))

    def first_page_sql(self, query: ListQuery, limit: int) -> FirstPageSql | None:
        """``first_page(query, limit)``'s statements compiled for sqlite3, for the window to
        run before the ORM is loaded (``early_reads``); None for a search (it walks)."""
        if query.filter.text.strip():
            return None
        dialect = self.store.engine.dialect
        keys_sql, keys_params = _compiled(self._keys_query(query).limit(limit), dialect)
        rows = self._rows_query(query.kind, bindparam(KEYS_PARAM, expanding=True))
        rows_sql, rows_params = _compiled(rows, dialect)
        types = [_result_type(c) for c in rows.selected_columns]
        return FirstPageSql(keys_sql, keys_params, rows_sql, rows_params, types)

    def ids(self, query: ListQuery, limit: int = 1000) -> list[str]:
        """Ids of the first ``limit`` rows (tests and bulk actions on a filtered list)."""
        src = SOURCES[query.kind]
        order, targets = self._order(query)
        stmt = (
            select(src.model.id)
            .select_from(self._from(src, targets))
            .where(*self._where(query))
            .order_by(*order)
            .limit(limit)
        )
        with self.store.read() as session:
            return list(session.scalars(stmt))

    # -- choices for the filter bar and the status bar -----------------------------------

    def staff_choices(self, office_id: str | None = None) -> list[tuple[str, str, str | None]]:
        """(id, name, office_id) of live staff, by office then name."""
        stmt = select(Staff.id, Staff.name, Staff.office_id).where(Staff.deleted.is_(False))
        if office_id:
            stmt = stmt.where(Staff.office_id == office_id)
        with self.store.read() as session:
            rows = session.execute(stmt.order_by(Staff.office_id, Staff.sort_key)).all()
            return [(r.id, r.name, r.office_id) for r in rows]

    def industry_chains(self) -> list[str]:
        """The offered chains, then any other chain companies were given."""
        with self.store.read() as session:
            used = session.scalars(
                select(Company.industry_chain)
                .where(Company.deleted.is_(False), Company.industry_chain != "")
                .distinct()
            ).all()
        return list(INDUSTRY_CHAINS) + sorted(set(used) - set(INDUSTRY_CHAINS))

    def last_sync_at(self) -> datetime | None:
        with self.store.read() as session:
            return session.scalar(select(func.max(SyncState.last_sync_at)))
