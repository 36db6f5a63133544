"""DDL of the full-text search index, kept current by triggers.

* ``<table>_fts``: contentless FTS5 tables with the trigram tokenizer over the text of
  companies, visits and leads (rowid = the source row's rowid). Trigram matches any
  substring of three characters or more, in Chinese too, without a word segmenter.
* ``name_grams``: every one- and two-character piece of each company name, in a plain
  B-tree. A trigram index cannot match fewer than three characters, yet two-character names
  (华为, 奇瑞, 海尔) are common; an equality lookup here finds them in microseconds.
* ``search_numbers``: 1..N, so that triggers can cut a name into pieces in plain SQL (a
  trigger cannot use a recursive CTE), keeping the index valid for any SQLite client.

The source rows are never VACUUMed (backups use the backup API), so their rowids are stable.

Per-row FTS inserts from triggers cost about four times a set-based insert, so a bulk load
pauses the insert triggers (a row in ``search_index_paused``, inside its own transaction)
and indexes its new rows with one ``INSERT ... SELECT`` (``index_new_rows``).
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_NAME_LENGTH = 200

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


def create_statements() -> list[str]:
    stmts = [
        "CREATE TABLE search_numbers (n INTEGER PRIMARY KEY)",
        "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s "
        f"WHERE n < {MAX_NAME_LENGTH}) INSERT INTO search_numbers(n) SELECT n FROM s",
        "CREATE TABLE name_grams (gram TEXT NOT NULL, company_id VARCHAR(36) NOT NULL)",
        "CREATE INDEX ix_name_grams_gram ON name_grams (gram, company_id)",
        "CREATE INDEX ix_name_grams_company ON name_grams (company_id)",
    ]
    stmts.append("CREATE TABLE search_index_paused (paused INTEGER NOT NULL)")
    when_live = "WHEN NOT EXISTS (SELECT 1 FROM search_index_paused)"
    grams_insert = (
        "INSERT INTO name_grams (gram, company_id) "
        "SELECT DISTINCT substr(lower(new.name), n, 2), new.id FROM search_numbers "
        "WHERE n <= length(new.name);"
    )
    stmts += [
        f"CREATE TRIGGER companies_grams_ai AFTER INSERT ON companies BEGIN {grams_insert} END",
        "CREATE TRIGGER companies_grams_au AFTER UPDATE OF name ON companies BEGIN "
        f"DELETE FROM name_grams WHERE company_id = old.id; {grams_insert} END",
        "CREATE TRIGGER companies_grams_ad AFTER DELETE ON companies BEGIN "
        "DELETE FROM name_grams WHERE company_id = old.id; END",
    ]
    for table, columns in FTS_SOURCES.values():
        fts = f"{table}_fts"
        insert = f"INSERT INTO {fts} (rowid, body) VALUES (new.rowid, {body_expr('new', columns)});"
        delete = (
            f"INSERT INTO {fts} ({fts}, rowid, body) "
            f"VALUES ('delete', old.rowid, {body_expr('old', columns)});"
        )
        cols = ", ".join(columns)
        stmts += [
            f"CREATE VIRTUAL TABLE {fts} USING fts5(body, content='', tokenize='trigram')",
            f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} {when_live} BEGIN {insert} END",
            f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN {delete} END",
            f"CREATE TRIGGER {table}_fts_au AFTER UPDATE OF {cols} ON {table} "
            f"BEGIN {delete} {insert} END",
        ]
    return stmts


def drop_statements() -> list[str]:
    stmts: list[str] = []
    for table, _ in FTS_SOURCES.values():
        stmts += [f"DROP TRIGGER IF EXISTS {table}_fts_{s}" for s in ("ai", "ad", "au")]
        stmts.append(f"DROP TABLE IF EXISTS {table}_fts")
    stmts += [f"DROP TRIGGER IF EXISTS companies_grams_{s}" for s in ("ai", "au", "ad")]
    stmts += [
        "DROP TABLE IF EXISTS name_grams",
        "DROP TABLE IF EXISTS search_numbers",
        "DROP TABLE IF EXISTS search_index_paused",
    ]
    return stmts


def rebuild_statements() -> list[str]:
    """Refill the index from the source tables (after a bulk load with triggers off)."""
    stmts = ["DELETE FROM name_grams"]
    stmts.append(
        "INSERT INTO name_grams (gram, company_id) "
        "SELECT DISTINCT substr(lower(c.name), n.n, 2), c.id FROM companies c "
        "JOIN search_numbers n ON n.n <= length(c.name)"
    )
    for table, columns in FTS_SOURCES.values():
        fts = f"{table}_fts"
        stmts.append(f"INSERT INTO {fts} ({fts}) VALUES ('delete-all')")
        stmts.append(
            f"INSERT INTO {fts} (rowid, body) SELECT rowid, {body_expr(table, columns)} "
            f"FROM {table}"
        )
    return stmts


def pause_statement() -> str:
    return "INSERT INTO search_index_paused (paused) VALUES (1)"


def resume_statement() -> str:
    return "DELETE FROM search_index_paused"


def index_new_rows_statements(entity: str, after_rowid: int) -> list[str]:
    """Index the rows of ``entity`` inserted after ``after_rowid`` (set-based)."""
    stmts: list[str] = []
    if entity == "company":
        stmts.append(
            "INSERT INTO name_grams (gram, company_id) "
            "SELECT DISTINCT substr(lower(c.name), n.n, 2), c.id FROM companies c "
            f"JOIN search_numbers n ON n.n <= length(c.name) WHERE c.rowid > {int(after_rowid)}"
        )
    source = next((v for k, v in FTS_SOURCES.items() if k == entity), None)
    if source is not None:
        table, columns = source
        stmts.append(
            f"INSERT INTO {table}_fts (rowid, body) SELECT rowid, {body_expr(table, columns)} "
            f"FROM {table} WHERE rowid > {int(after_rowid)}"
        )
    return stmts
