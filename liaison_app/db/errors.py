"""Turn SQLite's errors about the environment into messages users can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from liaison_app.domain.errors import KnownError

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("database is locked", "db_locked"),
    ("database table is locked", "db_locked"),
    ("readonly database", "db_readonly"),
    ("read-only", "db_readonly"),
    ("unable to open database", "db_readonly"),
    ("file is not a database", "db_corrupt"),
    ("malformed", "db_corrupt"),
    ("disk i/o error", "db_corrupt"),
    ("database or disk is full", "db_disk_full"),
)


def known_code(exc: BaseException) -> str | None:
    """The KnownError code for an environment fault, or None for a bug."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(original, sqlite3.Error):
        return None
    text = str(original).lower()
    for pattern, code in _PATTERNS:
        if pattern in text:
            return code
    return None


def translate_sqlite_error(exc: BaseException, path: Path | str) -> BaseException:
    """A KnownError for faults the environment causes; the exception itself otherwise."""
    code = known_code(exc)
    if code is None:
        return exc
    return KnownError(code, path=str(path))
