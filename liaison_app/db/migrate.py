"""Bring a database file to the schema this app expects, safely.

Start-up reads the revision with plain sqlite3 (cheap) and imports Alembic only when a
migration is due. Before migrating an existing database it takes a backup (the last
``KEEP_MIGRATION_BACKUPS`` are kept); a database from a newer app is refused, never
migrated down.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from liaison_app.db.backup_file import copy_database, prune_backups
from liaison_app.db.errors import translate_sqlite_error
from liaison_app.db.revision import HEAD, KNOWN_REVISIONS
from liaison_app.domain.errors import KnownError

KEEP_MIGRATION_BACKUPS = 5
MIGRATION_BACKUP_PREFIX = "pre-migration-"


def read_revision(path: Path) -> str | None:
    """The Alembic revision stored in ``path``; None for a new or empty file."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            has_table = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            if not has_table:
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if tables:
                    raise KnownError("db_not_ours", path=str(path))
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, path) from exc


def needs_migration(path: Path) -> bool:
    revision = read_revision(path)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise KnownError("db_too_new", revision=revision, head=HEAD)
    return revision != HEAD


def ensure_schema(path: Path, backups: Path) -> str | None:
    """Migrate ``path`` to HEAD if needed; returns the backup made first, if any."""
    revision = read_revision(path)
    if revision == HEAD:
        return None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise KnownError("db_too_new", revision=revision, head=HEAD)
    backup: Path | None = None
    if revision is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        backup = backups / f"{MIGRATION_BACKUP_PREFIX}{revision}-{stamp}.db"
        copy_database(path, backup)
        prune_backups(backups, MIGRATION_BACKUP_PREFIX, KEEP_MIGRATION_BACKUPS)
    upgrade(path, HEAD)
    return str(backup) if backup else None


def upgrade(path: Path, target: str) -> None:
    """Run Alembic's upgrade in-process (imported here: it is slow to import)."""
    from alembic import command
    from alembic.config import Config

    from liaison_app.db.engine import make_engine

    engine = make_engine(path)
    try:
        config = Config()
        config.set_main_option("script_location", "liaison_app.db:migrations")
        with engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, target)
            conn.commit()
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, path) from exc
    finally:
        engine.dispose()
