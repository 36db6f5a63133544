"""SQLite errors the environment causes become KnownErrors; anything else stays a bug."""

from __future__ import annotations

import sqlite3

import pytest

from liaison_app.db.errors import known_code, translate_sqlite_error
from liaison_app.domain.errors import KnownError
from liaison_app.domain.i18n import set_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("database is locked", "db_locked"),
        ("attempt to write a readonly database", "db_readonly"),
        ("file is not a database", "db_corrupt"),
        ("database disk image is malformed", "db_corrupt"),
        ("database or disk is full", "db_disk_full"),
    ],
)
def test_environment_faults_become_known_errors(text: str, code: str) -> None:
    error = translate_sqlite_error(sqlite3.OperationalError(text), "/data/liaison.db")
    assert isinstance(error, KnownError) and error.code == code
    assert "/data/liaison.db" in error.message or code == "db_disk_full"
    set_language("en")
    assert not any("\u4e00" <= c <= "\u9fff" for c in error.message)


def test_programming_errors_stay_bugs() -> None:
    bug = sqlite3.OperationalError("no such column: nmae")
    assert known_code(bug) is None
    assert translate_sqlite_error(bug, "x.db") is bug
    assert known_code(ValueError("database is locked")) is None
