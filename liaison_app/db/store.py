"""The local store: one SQLite file, its engine and sessions.

``Store.read()`` gives a session for queries; ``Store.write()`` a session inside
``BEGIN IMMEDIATE`` that commits on success and rolls back on any error, so a save is whole
or absent. Environment faults (locked, read-only, corrupt, full) surface as ``KnownError``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from liaison_app.db.engine import BUSY_TIMEOUT_MS, make_engine
from liaison_app.db.errors import translate_sqlite_error
from liaison_app.db.migrate import ensure_schema


class Store:
    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(
            engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
        )

    @classmethod
    def open(
        cls, path: Path, backups: Path | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> Store:
        """Open ``path``, creating or migrating it first (with a backup) when needed."""
        path.parent.mkdir(parents=True, exist_ok=True)
        ensure_schema(path, backups or path.parent / "backups")
        return cls(path, make_engine(path, busy_timeout_ms=busy_timeout_ms))

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._translated(), self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._translated(), self._writer() as session, session.begin():
            yield session

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except (DBAPIError, sqlite3.Error) as exc:
            translated = translate_sqlite_error(exc, self.path)
            if translated is exc:
                raise
            raise translated from exc

    def close(self) -> None:
        self.engine.dispose()
