"""DDL of the visit tallies: live visits counted per (office, company) and per (office,
month), kept by triggers.

Statistics over all time count visits and distinct companies visited, per office and
overall; the dashboard draws visits per office and month. Read from the index of every
live visit that is about a second each at 1M visits. ``visit_tally`` has one row per
(office, company) pair with live visits (tens of thousands, not a million) and
``visit_months`` one per (office, month) (a few hundred), so the figures are sums and
counts over them (``services/stats.py``, ``services/dashboard.py``).

Triggers on ``visits`` keep them current whoever writes, the app, a sync, a restore or a
plain SQLite client: an insert adds one (a single UPSERT per tally), an update that moves
a visit between keys (its ``deleted`` flag, office, company or date) takes one from the
old key and adds one to the new (an undelete adds), a hard delete takes one away; a key
that falls to zero is removed. A bulk load (``db/bulk.py``) pauses the insert triggers, as
it does the search index's, and counts its new rows with one ``GROUP BY`` each.
``company_last_visit`` holds each company's latest live visit date, kept the same way (an
insert keeps the later date; a change or delete looks the company's latest up again, one
index seek): a follow-up is overdue only if no later visit of its company exists, so the
dashboard finds them from one row per company instead of every visit with a follow-up.
A migration that copies ``visits`` into a new table (Alembic's ``batch_alter_table``)
drops its triggers: it must create them again (``trigger_statements``) and refill.

Local only: the central store never has them, and sync never sends them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

LIVE_NEW = "new.deleted IS 0"
LIVE_OLD = "old.deleted IS 0"
NOT_PAUSED = "NOT EXISTS (SELECT 1 FROM search_index_paused)"  # db/search_index.py


@dataclass(frozen=True)
class Tally:
    """A count of live visits per key; ``keys`` are (column, expression over a visit)."""

    table: str
    keys: tuple[tuple[str, str], ...]
    moved_by: tuple[str, ...]  # the visit columns whose change moves it to another key
    source_index: str  # the visits' index that holds every key of a live visit
    index: str = ""  # what reads it needs besides the primary key

    @property
    def columns(self) -> str:
        return ", ".join(column for column, _ in self.keys)

    def exprs(self, row: str) -> str:
        return ", ".join(expr.format(row=row) for _, expr in self.keys)

    def live_counts(self, after_rowid: int | None = None) -> str:
        """Every key's live visits, from the visits themselves; only those inserted after
        ``after_rowid`` when given (a range of the table, not its index)."""
        if after_rowid is None:  # one pass over the index: SQLite's planner picks another
            source, extra = f"visits INDEXED BY {self.source_index}", ""
        else:
            source, extra = "visits", f" AND rowid > {int(after_rowid)}"
        return (
            f"SELECT {self.exprs('visits')}, count(*) FROM {source} "
            f"WHERE deleted IS 0{extra} GROUP BY {self.exprs('visits')}"
        )


PAIRS = Tally(
    "visit_tally",
    (("office_id", "{row}.office_id"), ("company_id", "{row}.company_id")),
    ("office_id", "company_id"),
    "ix_visits_live_office_company",
    # Distinct companies over all offices, in index order (no temporary B-tree).
    "CREATE INDEX ix_visit_tally_company ON visit_tally (company_id)",
)
MONTHS = Tally(
    "visit_months",
    (("office_id", "{row}.office_id"), ("month", "substr({row}.visit_date, 1, 7)")),
    ("office_id", "visit_date"),
    "ix_visits_live_office",
)
TALLIES = (PAIRS, MONTHS)

_TYPES = {"office_id": "VARCHAR(36)", "company_id": "VARCHAR(36)", "month": "CHAR(7)"}


def _add(tally: Tally, row: str, when: str = "") -> str:
    """Count one visit more for ``row``'s key (only ``when`` it holds)."""
    # A SELECT needs its WHERE before ON CONFLICT: SQLite would read ON as a join's.
    values = f"{tally.exprs(row)}, 1"
    source = f"SELECT {values} WHERE {when}" if when else f"VALUES ({values})"
    return (
        f"INSERT INTO {tally.table} ({tally.columns}, visits) {source} "
        f"ON CONFLICT ({tally.columns}) DO UPDATE SET visits = visits + 1;"
    )


def _take(tally: Tally, row: str, when: str = "") -> str:
    """Count one visit less for ``row``'s key, removing it at zero."""
    key = " AND ".join(f"{column} = {expr.format(row=row)}" for column, expr in tally.keys)
    if when:
        key = f"{when} AND {key}"
    return (
        f"DELETE FROM {tally.table} WHERE {key} AND visits <= 1; "
        f"UPDATE {tally.table} SET visits = visits - 1 WHERE {key};"
    )


LATEST = "company_last_visit"
LATEST_INDEX = "ix_visits_live_company_date"  # (company_id, visit_date, ...) of live visits
_LATEST_OF = (
    f"SELECT company_id, max(visit_date) FROM visits INDEXED BY {LATEST_INDEX} WHERE deleted IS 0"
)


_KEEP_LATER = (
    "ON CONFLICT (company_id) DO UPDATE SET visit_date = max(visit_date, excluded.visit_date)"
)


def _latest_again(row: str) -> str:
    """Look ``row``'s company's latest live visit up again (gone: no row)."""
    return (
        f"DELETE FROM {LATEST} WHERE company_id = {row}.company_id; "
        f"INSERT INTO {LATEST} (company_id, visit_date) {_LATEST_OF} "
        f"AND company_id = {row}.company_id GROUP BY company_id;"
    )


def _latest_statements() -> list[str]:
    moved = " OR ".join(f"old.{c} IS NOT new.{c}" for c in ("deleted", "company_id", "visit_date"))
    return [
        f"CREATE TRIGGER {LATEST}_ai AFTER INSERT ON visits WHEN {LIVE_NEW} AND {NOT_PAUSED} "
        f"BEGIN INSERT INTO {LATEST} (company_id, visit_date) "
        f"VALUES (new.company_id, new.visit_date) {_KEEP_LATER}; END",
        f"CREATE TRIGGER {LATEST}_ad AFTER DELETE ON visits WHEN {LIVE_OLD} "
        f"BEGIN {_latest_again('old')} END",
        f"CREATE TRIGGER {LATEST}_au AFTER UPDATE OF deleted, company_id, visit_date ON visits "
        f"WHEN ({LIVE_OLD} OR {LIVE_NEW}) AND ({moved}) "
        f"BEGIN {_latest_again('old')} {_latest_again('new')} END",
    ]


def trigger_statements() -> list[str]:
    statements = _latest_statements()
    for tally in TALLIES:
        name = tally.table
        watched = ["deleted", *tally.moved_by]
        moved = " OR ".join(f"old.{c} IS NOT new.{c}" for c in watched)
        statements += [
            f"CREATE TRIGGER {name}_ai AFTER INSERT ON visits "
            f"WHEN {LIVE_NEW} AND {NOT_PAUSED} BEGIN {_add(tally, 'new')} END",
            f"CREATE TRIGGER {name}_ad AFTER DELETE ON visits WHEN {LIVE_OLD} "
            f"BEGIN {_take(tally, 'old')} END",
            f"CREATE TRIGGER {name}_au AFTER UPDATE OF {', '.join(watched)} ON visits "
            f"WHEN ({LIVE_OLD} OR {LIVE_NEW}) AND ({moved}) "
            f"BEGIN {_take(tally, 'old', LIVE_OLD)} {_add(tally, 'new', LIVE_NEW)} END",
        ]
    return statements


def create_statements() -> list[str]:
    statements = []
    for tally in TALLIES:
        keys = ", ".join(f"{column} {_TYPES[column]} NOT NULL" for column, _ in tally.keys)
        statements.append(
            f"CREATE TABLE {tally.table} ({keys}, visits INTEGER NOT NULL, "
            f"PRIMARY KEY ({tally.columns})) WITHOUT ROWID"
        )
        if tally.index:
            statements.append(tally.index)
    statements.append(
        f"CREATE TABLE {LATEST} (company_id VARCHAR(36) NOT NULL PRIMARY KEY, "
        "visit_date DATE NOT NULL) WITHOUT ROWID"
    )
    return statements + trigger_statements()


def rebuild_statements() -> list[str]:
    """Fill the tallies again from the visits (the migration; a repair)."""
    statements = []
    for tally in TALLIES:
        statements += [
            f"DELETE FROM {tally.table}",
            f"INSERT INTO {tally.table} ({tally.columns}, visits) {tally.live_counts()}",
        ]
    statements.append(f"DELETE FROM {LATEST}")
    statements.append(
        f"INSERT INTO {LATEST} (company_id, visit_date) {_LATEST_OF} GROUP BY company_id"
    )
    return statements


def count_new_rows(conn: Any, after_rowid: int) -> None:
    """Count the visits inserted after ``after_rowid`` while the insert triggers were
    paused: one ``GROUP BY`` per tally instead of an UPSERT per visit."""
    for tally in TALLIES:
        conn.exec_driver_sql(
            f"INSERT INTO {tally.table} ({tally.columns}, visits) "
            f"{tally.live_counts(after_rowid)} "
            f"ON CONFLICT ({tally.columns}) DO UPDATE SET visits = visits + excluded.visits"
        )
    conn.exec_driver_sql(
        f"INSERT INTO {LATEST} (company_id, visit_date) SELECT company_id, max(visit_date) "
        f"FROM visits WHERE deleted IS 0 AND rowid > {int(after_rowid)} GROUP BY company_id "
        f"{_KEEP_LATER}"
    )


def differences(conn: sqlite3.Connection) -> int:
    """How many keys the tallies count wrongly; 0 when they are right.

    Plain sqlite3: the health check reads the file without SQLAlchemy.
    """
    wrong = sum(
        _wrong_keys(conn, tally.columns, "visits", tally.live_counts(), tally.table)
        for tally in TALLIES
    )
    latest = f"{_LATEST_OF} GROUP BY company_id"
    return wrong + _wrong_keys(conn, "company_id", "visit_date", latest, LATEST)


def _wrong_keys(conn: sqlite3.Connection, keys: str, value: str, truth: str, table: str) -> int:
    """Keys whose ``value`` in ``table`` differs from ``truth`` (the same columns, as the
    visits give them), or that only one side has: a key counted wrongly is in both
    differences and counts once."""
    sql = (
        f"WITH truth ({keys}, {value}) AS MATERIALIZED ({truth}), "
        f"kept AS (SELECT {keys}, {value} FROM {table}) "
        "SELECT count(*) FROM ("
        f"SELECT {keys} FROM (SELECT * FROM truth EXCEPT SELECT * FROM kept) "
        "UNION "
        f"SELECT {keys} FROM (SELECT * FROM kept EXCEPT SELECT * FROM truth))"
    )
    return int(conn.execute(sql).fetchone()[0])
