"""Backups users can make and restore, and the health check behind ``liaison-app check``.

A restore checks the chosen file first (a SQLite database of this app, not newer than the
app, intact), backs up the current database, then copies the backup in with SQLite's backup
API: one transaction, so a failure part-way leaves the current data as it was.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from liaison_app.db import visit_tally
from liaison_app.db.backup_file import copy_database, prune_backups
from liaison_app.db.errors import translate_sqlite_error
from liaison_app.db.migrate import ensure_schema, read_revision
from liaison_app.db.revision import HEAD, KNOWN_REVISIONS
from liaison_app.domain.errors import KnownError

KEEP_AUTOMATIC_BACKUPS = 10
AUTO_PREFIX = "liaison-"
PRE_RESTORE_PREFIX = "pre-restore-"


@dataclass(frozen=True)
class HealthReport:
    path: Path
    integrity: str  # "ok" or SQLite's first complaint
    revision: str | None
    head: str
    size_bytes: int
    tally_differences: int = 0  # keys the visit tallies count wrongly (db/visit_tally.py)

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and self.revision == self.head and not self.tally_differences


def backup_name(prefix: str, now: datetime) -> str:
    return f"{prefix}{now.strftime('%Y%m%d-%H%M%S-%f')}.db"


def create_backup(database: Path, target: Path | None, backups: Path, now: datetime) -> Path:
    """Copy the live database to ``target`` (or a dated file in ``backups``)."""
    if target is None:
        target = backups / backup_name(AUTO_PREFIX, now)
        copy_database(database, target)
        prune_backups(backups, AUTO_PREFIX, KEEP_AUTOMATIC_BACKUPS)
    else:
        if target.is_dir():
            target = target / backup_name(AUTO_PREFIX, now)
        copy_database(database, target)
    return target


def list_backups(backups: Path) -> list[Path]:
    """Backups in the data folder, newest first."""
    return sorted(backups.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True)


def check_file(path: Path) -> HealthReport:
    """Integrity and schema revision of a database file (the live one or a backup), and
    whether the visit tallies agree with the visits (only SQLite's integrity decides
    whether a backup can be restored)."""
    if not path.exists():
        raise KnownError("backup_invalid", path=str(path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            has_tally = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'visit_tally'"
            ).fetchone()
            tally = visit_tally.differences(conn) if has_tally and rows == [("ok",)] else 0
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, path) from exc
    integrity = "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:5])
    revision = read_revision(path)
    return HealthReport(path, integrity, revision, HEAD, path.stat().st_size, tally)


def restore_backup(source: Path, database: Path, backups: Path, now: datetime) -> Path:
    """Replace the live database's content with ``source``; returns the pre-restore backup."""
    try:
        report = check_file(source)
    except KnownError as exc:
        raise KnownError("backup_invalid", path=str(source)) from exc
    if report.integrity != "ok" or report.revision is None:
        raise KnownError("backup_invalid", path=str(source))
    if report.revision not in KNOWN_REVISIONS:
        raise KnownError("db_too_new", revision=report.revision, head=HEAD)
    safety = backups / backup_name(PRE_RESTORE_PREFIX, now)
    if database.exists() and database.stat().st_size:
        copy_database(database, safety)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(database, timeout=5)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, database) from exc
    ensure_schema(database, backups)  # an older backup is brought up to date
    forget_device_id(database)
    if report.tally_differences:  # a derived table: counted again, not a reason to refuse
        _execute(database, visit_tally.rebuild_statements())
    return safety


def forget_device_id(database: Path) -> None:
    """Make a restored database a new device (its id is made again on next open).

    The backup may have come from another laptop, or this one may go on syncing from the
    file it replaced: two databases must never push under one device id.
    """
    _execute(database, ["DELETE FROM local_meta WHERE key = 'device_id'"])


def _execute(database: Path, statements: list[str]) -> None:
    """Run ``statements`` on ``database`` in one transaction."""
    try:
        conn = sqlite3.connect(database, timeout=5)
        try:
            with conn:
                for statement in statements:
                    conn.execute(statement)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, database) from exc
