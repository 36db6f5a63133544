"""Copy a live SQLite database consistently (the backup API works beside other readers)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def copy_database(source: Path, target: Path) -> None:
    """Write a consistent copy of ``source`` to ``target`` (via a temporary file, then rename).

    A crash part-way leaves at most a stray ``.part`` file, never a half-written backup
    under the real name. The copy is switched out of WAL mode so it stays one file: a WAL
    file opened read-only later (``restore``) would leave -wal/-shm files beside it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(part)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    part.replace(target)


def prune_backups(folder: Path, prefix: str, keep: int) -> None:
    """Keep the newest ``keep`` backups named ``prefix*.db`` (names sort by time)."""
    for old in sorted(folder.glob(f"{prefix}*.db"))[:-keep]:
        old.unlink(missing_ok=True)
