"""pinyin sort keys; an index for the visit statistics

Revision ID: 0006_pinyin_sort_keys
Revises: 0005_conflict_resolution
Create Date: 2026-11-30

Names sorted by code point scatter (苏州鼎…, 苏州通…, 苏州航…); a ``sort_key`` column holds
each name's pinyin key (``domain.sort_key``) so lists order by pinyin in SQL: offices,
staff, companies and contacts by name, leads and deals by title. Existing rows are filled
here in batches. Companies order through ``ix_companies_sort_key`` (it replaces
``ix_companies_live_name`` over ``name_key``; not partial, since a list of visits sorted by
company walks all companies in key order and finds each one's visits: 1 ms for the first
page of 200k visits), contacts through ``ix_contacts_live_sort``.

``ix_visits_live_office_company`` (office, company, date) over live visits: per-office
statistics count distinct companies in index order, reading only that office's entries.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from liaison_app.domain.sort_key import sort_key

revision = "0006_pinyin_sort_keys"
down_revision = "0005_conflict_resolution"
branch_labels = None
depends_on = None

LIVE = "deleted IS 0"
BATCH = 5000
SOURCES = {  # table -> the column its key is made from (models.SORT_KEY_SOURCES)
    "offices": "name",
    "staff": "name",
    "companies": "name",
    "contacts": "name",
    "leads": "title",
    "deals": "title",
}


def _backfill(table: str, source: str) -> None:
    conn = op.get_bind()
    last = -1
    while True:
        rows = conn.exec_driver_sql(
            f"SELECT rowid, {source} FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (last, BATCH),
        ).fetchall()
        if not rows:
            return
        conn.exec_driver_sql(
            f"UPDATE {table} SET sort_key = ? WHERE rowid = ?",
            [(sort_key(text), rowid) for rowid, text in rows],
        )
        last = rows[-1][0]


def upgrade() -> None:
    for table, source in SOURCES.items():
        op.add_column(
            table, sa.Column("sort_key", sa.String(400), nullable=False, server_default="")
        )
        _backfill(table, source)
    op.drop_index("ix_companies_live_name", table_name="companies")
    op.create_index("ix_companies_sort_key", "companies", ["sort_key"])
    op.create_index("ix_contacts_live_sort", "contacts", ["sort_key"], sqlite_where=sa.text(LIVE))
    op.create_index(
        "ix_visits_live_office_company",
        "visits",
        ["office_id", "company_id", "visit_date"],
        sqlite_where=sa.text(LIVE),
    )


def downgrade() -> None:
    raise NotImplementedError("the local store is never migrated down")
