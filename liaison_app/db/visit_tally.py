"""DDL of ``visit_tally``: live visits counted per (office, company), kept by triggers.

Statistics over all time count visits and distinct companies visited, per office and
overall. Read from the index of every live visit that is 1.7 s at 1M visits; this table
has one row per (office, company) pair with live visits (tens of thousands, not a
million), so the figures are a sum and two counts over it (``services/stats.py``).

Triggers on ``visits`` keep it current whoever writes, the app, a sync, a restore or a
plain SQLite client: an insert adds one (a single UPSERT), an update of ``deleted``,
``office_id`` or ``company_id`` takes one from the old pair and adds one to the new (an
undelete adds), a hard delete takes one away; a pair that falls to zero is removed.
A migration that copies ``visits`` into a new table (Alembic's ``batch_alter_table``)
drops its triggers: it must create them again (``trigger_statements``) and refill.

Local only: the central store never has it, and sync never sends it.
"""

from __future__ import annotations

import sqlite3

LIVE_NEW = "new.deleted IS 0"
LIVE_OLD = "old.deleted IS 0"

CREATE_TABLE = (
    "CREATE TABLE visit_tally ("
    "office_id VARCHAR(36) NOT NULL, company_id VARCHAR(36) NOT NULL, "
    "visits INTEGER NOT NULL, PRIMARY KEY (office_id, company_id)) WITHOUT ROWID"
)
# Distinct companies over all offices, in index order (no temporary B-tree).
CREATE_INDEX = "CREATE INDEX ix_visit_tally_company ON visit_tally (company_id)"

LIVE_PAIRS = (
    "SELECT office_id, company_id, count(*) FROM visits INDEXED BY "
    "ix_visits_live_office_company WHERE deleted IS 0 GROUP BY office_id, company_id"
)
"""Every pair's live visits, from the visits themselves: what the tally must equal."""


def _add(row: str, when: str = "") -> str:
    """Count one visit more for ``row``'s pair (only ``when`` it holds)."""
    pair = f"{row}.office_id, {row}.company_id, 1"
    # A SELECT needs its WHERE before ON CONFLICT: SQLite would read ON as a join's.
    source = f"SELECT {pair} WHERE {when}" if when else f"VALUES ({pair})"
    return (
        f"INSERT INTO visit_tally (office_id, company_id, visits) {source} "
        "ON CONFLICT (office_id, company_id) DO UPDATE SET visits = visits + 1;"
    )


def _take(row: str, when: str = "") -> str:
    """Count one visit less for ``row``'s pair, removing it at zero."""
    pair = f"office_id = {row}.office_id AND company_id = {row}.company_id"
    if when:
        pair = f"{when} AND {pair}"
    return (
        f"DELETE FROM visit_tally WHERE {pair} AND visits <= 1; "
        f"UPDATE visit_tally SET visits = visits - 1 WHERE {pair};"
    )


def trigger_statements() -> list[str]:
    moved = (
        "old.deleted IS NOT new.deleted OR old.office_id IS NOT new.office_id "
        "OR old.company_id IS NOT new.company_id"
    )
    return [
        f"CREATE TRIGGER visit_tally_ai AFTER INSERT ON visits WHEN {LIVE_NEW} "
        f"BEGIN {_add('new')} END",
        f"CREATE TRIGGER visit_tally_ad AFTER DELETE ON visits WHEN {LIVE_OLD} "
        f"BEGIN {_take('old')} END",
        "CREATE TRIGGER visit_tally_au AFTER UPDATE OF deleted, office_id, company_id "
        f"ON visits WHEN ({LIVE_OLD} OR {LIVE_NEW}) AND ({moved}) "
        f"BEGIN {_take('old', LIVE_OLD)} {_add('new', LIVE_NEW)} END",
    ]


def create_statements() -> list[str]:
    return [CREATE_TABLE, CREATE_INDEX, *trigger_statements()]


def rebuild_statements() -> list[str]:
    """Fill the tally again from the visits (the migration; a repair)."""
    return [
        "DELETE FROM visit_tally",
        f"INSERT INTO visit_tally (office_id, company_id, visits) {LIVE_PAIRS}",
    ]


def differences(conn: sqlite3.Connection) -> int:
    """How many (office, company) pairs the tally counts wrongly; 0 when it is right.

    Plain sqlite3: the health check reads the file without SQLAlchemy.
    """
    sql = (
        f"WITH truth AS MATERIALIZED ({LIVE_PAIRS}), "
        "tally AS (SELECT office_id, company_id, visits FROM visit_tally) "
        "SELECT count(*) FROM ("
        "SELECT office_id, company_id FROM (SELECT * FROM truth EXCEPT SELECT * FROM tally) "
        "UNION "
        "SELECT office_id, company_id FROM (SELECT * FROM tally EXCEPT SELECT * FROM truth))"
    )
    return int(conn.execute(sql).fetchone()[0])
