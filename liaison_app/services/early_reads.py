"""What the window reads before the ORM is loaded, through the standard library's sqlite3.

Importing SQLAlchemy and the models takes about half a second of every start. The window
paints first without them: the signed-in user, the offices and staff of the filter bar,
and the first page of the list it opens on. That page is read by the SQL the list service
compiled on an earlier run (``ListingService.first_page_sql``), filed in
``first_page.json`` beside the database with the query it answers and a stamp of the
schema revision and the code that builds it. The services then load and take over.

Any doubt (no file, another query, another schema, an error) and the reads give up: the
window waits for the services. The database is opened read-only (``mode=ro``).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
import threading
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from liaison_app.db.revision import HEAD
from liaison_app.domain.enums import INDUSTRY_CHAINS, Role
from liaison_app.services.actor import Actor
from liaison_app.services.list_columns import list_rows
from liaison_app.services.list_query import ListQuery, ListRow, query_key

log = logging.getLogger("liaison.early_reads")

CACHE_FILE = "first_page.json"
KEYS_PARAM = "keys"  # the rows query's expanding parameter: the first page's rowids
CURRENT_USER_KEY = "current_staff_id"  # as services.session_user
# The modules whose code makes the compiled SQL: a change to any of them files anew.
SQL_MODULES = (
    "services/listing.py",
    "services/list_sources.py",
    "services/list_columns.py",
    "services/search.py",
    "db/models.py",
)


@dataclass(frozen=True)
class FirstPageSql:
    """A first page's two statements as sqlite3 runs them: its keys, then their rows.

    ``rows_params`` holds ``{"expand": KEYS_PARAM}`` where the keys go; ``types`` says how
    each column of the rows becomes the value SQLAlchemy gives ("date", "datetime",
    "bool", or "" for as read).
    """

    keys_sql: str
    keys_params: list[Any]
    rows_sql: str
    rows_params: list[Any]
    types: list[str]


def code_stamp() -> str:
    """The schema revision and the state of the code that compiles the SQL."""
    package = Path(__file__).resolve().parents[1]
    parts = [HEAD]
    for name in SQL_MODULES:
        try:
            info = (package / name).stat()
        except OSError:  # a frozen build has no sources: the build itself is the stamp
            info = Path(sys.executable).stat()
        parts.append(f"{info.st_mtime_ns}:{info.st_size}")
    return " ".join(parts)


class FirstPageFile:
    """``first_page.json``: per page, the query its first page answers and its SQL."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _pages(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("stamp") != code_stamp():
            return {}
        pages = data.get("pages")
        return pages if isinstance(pages, dict) else {}

    def find(self, page: str, query: ListQuery) -> FirstPageSql | None:
        entry = self._pages().get(page)
        if not isinstance(entry, dict) or entry.get("query") != query_key(query):
            return None
        try:
            return FirstPageSql(**entry["sql"])
        except (KeyError, TypeError):
            return None

    def save(self, page: str, query: ListQuery, sql: FirstPageSql) -> None:
        """File ``sql`` for ``page`` (replacing the file whole: a reader never sees half)."""
        pages = self._pages()
        entry = {"query": query_key(query), "sql": asdict(sql)}
        if pages.get(page) == entry:
            return
        pages[page] = entry
        part = self.path.with_name(self.path.name + ".part")
        try:
            text = json.dumps({"stamp": code_stamp(), "pages": pages}, ensure_ascii=False)
            part.write_text(text, encoding="utf-8")
            os.replace(part, self.path)
        except OSError:
            log.warning("cannot write %s", self.path, exc_info=True)


_CONVERT = {
    "date": date.fromisoformat,
    "datetime": datetime.fromisoformat,
    "bool": bool,
}


class EarlyReads:
    """Read-only reads on the database for the window's first paint (any thread)."""

    def __init__(self, conn: sqlite3.Connection, pages: FirstPageFile) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self._closed = False
        self.pages = pages

    @classmethod
    def open(cls, database: Path, pages: FirstPageFile) -> EarlyReads | None:
        """The reads, when ``database`` exists at the schema this build expects; else None
        (a new, old, damaged or locked file goes the services' way, with its messages)."""
        if not database.is_file() or database.stat().st_size == 0:
            return None
        conn = None
        try:
            uri = f"{database.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=0.2)
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None or row[0] != HEAD:
                conn.close()
                return None
        except sqlite3.Error as exc:
            log.info("early reads unavailable: %s", exc)
            if conn is not None:
                conn.close()
            return None
        return cls(conn, pages)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._conn.close()

    def _all(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[Any]:
        with self._lock:
            if self._closed:  # a read still running when the services took over
                return []
            return self._conn.execute(sql, params).fetchall()

    def actor(self) -> Actor | None:
        """The signed-in user (as ``session_user.current_actor``), None if nobody is."""
        meta = self._all("SELECT value FROM local_meta WHERE key = ?", (CURRENT_USER_KEY,))
        if not meta or not meta[0][0]:
            return None
        rows = self._all(
            "SELECT id, office_id, role, name, deleted FROM staff WHERE id = ?", (meta[0][0],)
        )
        if not rows or rows[0][4]:
            return None
        staff_id, office_id, role, name, _deleted = rows[0]
        return Actor(staff_id, office_id, Role(role), name)

    def offices(self) -> list[tuple[str, str]]:
        """As ``StatsService.offices``: (id, name) of live offices, by pinyin."""
        sql = "SELECT id, name FROM offices WHERE deleted IS 0 ORDER BY sort_key"
        return [(r[0], r[1]) for r in self._all(sql)]

    def staff_choices(self, office_id: str | None = None) -> list[tuple[str, str, str | None]]:
        """As ``ListingService.staff_choices``."""
        sql = "SELECT id, name, office_id FROM staff WHERE deleted IS 0"
        params: tuple[str, ...] = ()
        if office_id:
            sql, params = sql + " AND office_id = ?", (office_id,)
        rows = self._all(sql + " ORDER BY office_id, sort_key", params)
        return [(r[0], r[1], r[2]) for r in rows]

    def industry_chains(self) -> list[str]:
        """As ``ListingService.industry_chains``."""
        used = self._all(
            "SELECT DISTINCT industry_chain FROM companies"
            " WHERE deleted IS 0 AND industry_chain != ''"
        )
        return list(INDUSTRY_CHAINS) + sorted({r[0] for r in used} - set(INDUSTRY_CHAINS))

    def rows_in_conflict(self, entity: str) -> set[str]:
        """As ``ConflictService.rows_in_conflict``."""
        sql = "SELECT row_id FROM conflicts WHERE entity = ? AND resolved IS 0"
        return {r[0] for r in self._all(sql, (entity,))}

    def first_page(self, page: str, query: ListQuery) -> list[ListRow] | None:
        """The first rows of ``query``, when ``page`` has SQL filed for it; else None."""
        sql = self.pages.find(page, query)
        if sql is None:
            return None
        try:
            keys = [r[0] for r in self._all(sql.keys_sql, sql.keys_params)]
            if not keys:
                return []
            marker = f"__[POSTCOMPILE_{KEYS_PARAM}]"
            text = sql.rows_sql.replace(marker, ", ".join("?" * len(keys)))
            params: list[Any] = []
            for value in sql.rows_params:
                params += keys if isinstance(value, dict) else [value]
            converters = [_CONVERT.get(t) for t in sql.types]
            rows = [
                [v if f is None or v is None else f(v) for f, v in zip(converters, r, strict=True)]
                for r in self._all(text, params)
            ]
        except (sqlite3.Error, ValueError, TypeError) as exc:
            log.warning("early first page failed: %s", exc)
            return None
        return list_rows(query.kind, keys, rows)
