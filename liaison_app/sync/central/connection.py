"""Opening the central store from its URL, and what its failures mean to a user.

One SQLAlchemy URL names the store: ``postgresql://host/db`` (psycopg 3; ``sslmode`` and
``sslrootcert`` in the URL are honoured) or ``sqlite:////path/central.db``. The password is
never part of the saved URL: it is added here, for this connection only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import NullPool

from liaison_app.domain.errors import KnownError

CONNECT_TIMEOUT_S = 10
SQLITE_BUSY_MS = 30_000


@dataclass(frozen=True)
class CentralAddress:
    """Where the central store is. Only an administrator's URL may carry a password; what
    the laptop saves is ``display()``, which never does."""

    url: URL

    @classmethod
    def parse(cls, text: str) -> CentralAddress:
        try:
            url = make_url(text.strip())
        except ArgumentError as exc:
            raise KnownError("central_unreachable", url=text) from exc
        if url.get_backend_name() == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        elif url.get_backend_name() != "sqlite" or not url.database:
            raise KnownError("central_unreachable", url=text)
        return cls(url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def database(self) -> str:
        return self.url.database or ""

    def display(self) -> str:
        """The URL as users write it (no driver, no password)."""
        url = self.url.set(drivername=self.url.get_backend_name(), password=None)
        return url.render_as_string(hide_password=False)

    def engine(self, login: str = "", password: str | None = None) -> Engine:
        """An engine for one sync: one pooled connection (a SCRAM login costs more than a
        small query), checked before each use, closed when the sync disposes the engine."""
        if self.is_sqlite:
            return _sqlite_engine(Path(self.database))
        url = self.url.set(
            username=login or self.url.username,
            password=password if password is not None else self.url.password,
        )
        return create_engine(
            url,
            pool_size=1,
            max_overflow=2,
            pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "liaison-app"},
        )


def _sqlite_engine(path: Path) -> Engine:
    if not path.exists():
        raise KnownError("central_file_missing", path=str(path))

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(
            f"file:{path}?mode=rw",
            uri=True,
            timeout=SQLITE_BUSY_MS / 1000,
            check_same_thread=False,
        )
        conn.isolation_level = None  # BEGIN is ours (see on_begin)
        conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        # A shared folder or USB stick: rollback journal (WAL needs shared memory), and
        # writers take the lock up front instead of failing half-way.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def create_sqlite_file(path: Path) -> None:
    """An empty SQLite central file (``central init`` then makes its tables)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(path).close()


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One central transaction that writes: BEGIN IMMEDIATE on SQLite, plain on PostgreSQL."""
    with engine.connect() as conn:
        conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            yield conn


_PATTERNS: tuple[tuple[str, str], ...] = (
    ("password authentication failed", "central_auth_failed"),
    ("no password supplied", "central_auth_failed"),
    ('role "', "central_auth_failed"),
    ("pg_hba.conf", "central_refused"),  # before 'database "': the rule names the database
    ("ssl syscall", "central_connection_lost"),
    ("certificate", "central_tls"),
    ("ssl", "central_tls"),
    ('database "', "central_no_database"),
    ("connection refused", "central_unreachable"),
    ("could not connect", "central_unreachable"),
    ("could not translate host name", "central_unreachable"),
    ("name or service not known", "central_unreachable"),
    ("timeout expired", "central_unreachable"),
    ("network is unreachable", "central_unreachable"),
    ("no route to host", "central_unreachable"),
    ("server closed the connection", "central_connection_lost"),
    ("connection reset", "central_connection_lost"),
    ("terminating connection", "central_connection_lost"),
    ("consuming input failed", "central_connection_lost"),
    ("the connection is closed", "central_connection_lost"),
    ("connection is lost", "central_connection_lost"),
    ("unable to open database", "central_unreachable"),
    ("database is locked", "central_unreachable"),
    ("disk i/o error", "central_connection_lost"),
)


def translate_central_error(
    exc: BaseException, address: CentralAddress, login: str = ""
) -> KnownError | None:
    """The KnownError for a failure of the network, the server or the credentials."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    text = str(original).lower()
    for pattern, code in _PATTERNS:
        if pattern in text:
            if code == "central_auth_failed":
                return KnownError(code, login=login)
            return KnownError(code, url=address.display())
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return KnownError("central_connection_lost", url=address.display())
    return None


@contextmanager
def guarded(address: CentralAddress, login: str = "") -> Iterator[None]:
    """Turn failures of the network, server or credentials into KnownError; bugs pass."""
    try:
        yield
    except DBAPIError as exc:
        known = translate_central_error(exc, address, login)
        if known is None:
            raise
        raise known from exc
