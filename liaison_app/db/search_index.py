"""DDL of the full-text search index, kept current by triggers.

* ``<table>_fts``: contentless FTS5 tables with the trigram tokenizer over the text of
  companies, visits and leads (rowid = the source row's rowid). Trigram matches any
  substring of three characters or more, in Chinese too, without a word segmenter.
* ``<table>_pairs``: contentless FTS5 tables (unicode61) whose tokens are the overlapping
  two-character pieces of the first ``MAX_PAIR_TEXT`` characters of the same text. A
  trigram index cannot match fewer than three characters (a 2-character MATCH returns
  nothing), yet two-character names (华为, 奇瑞, 海尔) and words (考察, 电池) are common:
  here they are one token, found through the index like any other.
* ``search_numbers``: 1..N, so that triggers can cut text into pieces in plain SQL (a
  trigger cannot use a recursive CTE), keeping the index valid for any SQLite client.

The source rows are never VACUUMed (backups use the backup API), so their rowids are stable.

Per-row FTS inserts from triggers cost about four times a set-based insert, so a bulk load
pauses the insert triggers (a row in ``search_index_paused``, inside its own transaction)
and indexes its new rows with one ``INSERT ... SELECT`` (``index_new_rows``).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from liaison_app.db.multirow import insert_values

MAX_PAIR_TEXT = 2000  # characters of a record's text cut into pairs (substr is O(n))
PAIRS_BATCH = 1000  # rows whose pairs a bulk load computes at a time
CUT_AHEAD_CHARS = 2_000_000  # text a load cuts into pairs before it is written

# kind -> (table, text columns)
FTS_SOURCES: dict[str, tuple[str, Sequence[str]]] = {
    "company": ("companies", ("name", "uscc", "industry_chain", "region", "address", "notes")),
    "visit": ("visits", ("people_met", "summary", "outcome", "next_step", "review_comment")),
    "lead": (
        "leads",
        ("title", "industry_chain", "intended_park", "description", "lost_reason"),
    ),
}


def body_expr(prefix: str, columns: Sequence[str]) -> str:
    """The indexed text of a row: its text columns joined by newlines."""
    return " || char(10) || ".join(f"coalesce({prefix}.{c}, '')" for c in columns)


def pairs_expr(prefix: str, columns: Sequence[str]) -> str:
    """The overlapping two-character pieces of a row's text, space-separated.

    The last piece is the last character alone, so that a one-character prefix query finds
    a character wherever it stands.
    """
    text = f"substr({body_expr(prefix, columns)}, 1, {MAX_PAIR_TEXT})"
    return (
        f"(SELECT group_concat(substr({text}, n, 2), ' ') FROM search_numbers "
        f"WHERE n <= length({text}))"
    )


def pairs_text(body: str | None) -> str:
    """What ``pairs_expr`` computes, in Python: bulk loads index ten times faster so.

    It must give the very tokens SQLite gives, since a later edit removes them with the
    SQL expression (a contentless FTS5 table deletes by the tokens it is told).
    """
    text = (body or "")[:MAX_PAIR_TEXT]
    if len(text) < 2:
        return text
    # Each character joined to the next (map over two strings: no slice per piece).
    return " ".join(map(operator.add, text, text[1:])) + " " + text[-1]


def _index_statements(table: str, columns: Sequence[str], when_live: str) -> list[str]:
    """An FTS5 table over a source table's text, and the triggers that keep it current."""
    stmts = []
    for suffix, tokenizer, expr in (
        ("fts", "trigram", body_expr),
        ("pairs", "unicode61", pairs_expr),
    ):
        fts = f"{table}_{suffix}"
        insert = f"INSERT INTO {fts} (rowid, body) VALUES (new.rowid, {expr('new', columns)});"
        delete = (
            f"INSERT INTO {fts} ({fts}, rowid, body) "
            f"VALUES ('delete', old.rowid, {expr('old', columns)});"
        )
        cols = ", ".join(columns)
        stmts += [
            f"CREATE VIRTUAL TABLE {fts} USING fts5(body, content='', tokenize='{tokenizer}')",
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} {when_live} BEGIN {insert} END",
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} "
            f"BEGIN {delete} {insert} END",
        ]
    return stmts


def create_statements() -> list[str]:
    stmts = [
        "CREATE TABLE search_numbers (n INTEGER PRIMARY KEY)",
        "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s "
        f"WHERE n < {MAX_PAIR_TEXT}) INSERT INTO search_numbers(n) SELECT n FROM s",
    ]
    stmts.append("CREATE TABLE search_index_paused (paused INTEGER NOT NULL)")
    when_live = "WHEN NOT EXISTS (SELECT 1 FROM search_index_paused)"
    for table, columns in FTS_SOURCES.values():
        stmts += _index_statements(table, columns, when_live)
    return stmts


def drop_statements() -> list[str]:
    stmts: list[str] = []
    for table, _ in FTS_SOURCES.values():
        for fts in (f"{table}_fts", f"{table}_pairs"):
            stmts += [f"DROP TRIGGER IF EXISTS {fts}_{s}" for s in ("ai", "ad", "au")]
            stmts.append(f"DROP TABLE IF EXISTS {fts}")
    stmts += [
        "DROP TABLE IF EXISTS search_numbers",
        "DROP TABLE IF EXISTS search_index_paused",
    ]
    return stmts


def rebuild_statements() -> list[str]:
    """Refill the index from the source tables (after a bulk load with triggers off)."""
    stmts: list[str] = []
    for table, columns in FTS_SOURCES.values():
        for fts, expr in ((f"{table}_fts", body_expr), (f"{table}_pairs", pairs_expr)):
            stmts.append(f"INSERT INTO {fts} ({fts}) VALUES ('delete-all')")
            stmts.append(
                f"INSERT INTO {fts} (rowid, body) SELECT rowid, {expr(table, columns)} FROM {table}"
            )
    return stmts


def pause_statement() -> str:
    return "INSERT INTO search_index_paused (paused) VALUES (1)"


def resume_statement() -> str:
    return "DELETE FROM search_index_paused"


@dataclass(frozen=True)
class NewText:
    """The search text of rows about to be inserted, in their order: each row's pairs when
    ``cut`` (done ahead, on the caller's thread), else the text they are cut from, a batch
    at a time while they are written (a load of long texts: the pairs of all of them at
    once would take several times their size)."""

    texts: list[str]
    cut: bool


def new_text(entity: str, rows: Sequence[Mapping[str, Any]]) -> NewText | None:
    """What ``pairs_expr`` cuts of each row about to be stored with these values (its first
    ``MAX_PAIR_TEXT`` characters); None when some value is not text (SQLite's text of a
    number may differ from Python's) or ``entity`` is not searchable."""
    source = FTS_SOURCES.get(entity)
    if source is None:
        return None
    columns = source[1]
    bodies = []
    for row in rows:
        parts = []
        for column in columns:
            value = row.get(column)
            if value is None:
                parts.append("")
            elif isinstance(value, str):
                parts.append(value)
            else:
                return None
        bodies.append("\n".join(parts)[:MAX_PAIR_TEXT])
    if sum(map(len, bodies)) > CUT_AHEAD_CHARS:
        return NewText(bodies, cut=False)
    return NewText([pairs_text(body) for body in bodies], cut=True)


def index_new_rows(conn: Any, entity: str, after_rowid: int, text: NewText | None = None) -> None:
    """Index the rows of ``entity`` inserted after ``after_rowid`` (set-based).

    ``text``: their search text (``new_text``) when the caller has it; otherwise it is
    read back here.
    """
    source = FTS_SOURCES.get(entity)
    if source is None:
        return
    table, columns = source
    after = int(after_rowid)
    conn.exec_driver_sql(
        f"INSERT INTO {table}_fts (rowid, body) SELECT rowid, {body_expr(table, columns)} "
        f"FROM {table} WHERE rowid > {after}"
    )
    target = f"{table}_pairs (rowid, body)"
    if text is not None:
        # New rows take rowids after the largest one, in the order they were inserted.
        cut = (lambda t: t) if text.cut else pairs_text
        for start in range(0, len(text.texts), PAIRS_BATCH):
            part = text.texts[start : start + PAIRS_BATCH]
            first = after + start + 1
            insert_values(conn, target, [(first + i, cut(t)) for i, t in enumerate(part)])
        return
    read = conn.exec_driver_sql(  # a batch at a time, as above
        f"SELECT rowid, substr({body_expr(table, columns)}, 1, {MAX_PAIR_TEXT}) "
        f"FROM {table} WHERE rowid > {after}"
    )
    while batch := read.fetchmany(PAIRS_BATCH):
        insert_values(conn, target, [(rowid, pairs_text(body)) for rowid, body in batch])
