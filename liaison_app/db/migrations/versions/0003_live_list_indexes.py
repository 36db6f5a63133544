"""indexes of the list views over live rows

Revision ID: 0003_live_list_indexes
Revises: 0002_search_index
Create Date: 2026-11-27

Every list filters ``deleted IS 0`` first. Without ``deleted`` in the index, counting the
rows of a list or fetching a page deep in it looks up every table row (about 110 ms for a
count and 210 ms for the middle page of 200,000 visits); with it both are index-only scans
(14 ms and 6 ms), and ``rowid``, the lists' tie-breaker, comes with every index entry.
"""

from __future__ import annotations

from alembic import op

revision = "0003_live_list_indexes"
down_revision = "0002_search_index"
branch_labels = None
depends_on = None

INDEXES: dict[str, tuple[str, list[str]]] = {
    "ix_visits_live_date": ("visits", ["deleted", "visit_date"]),
    "ix_visits_live_office": ("visits", ["deleted", "office_id", "visit_date"]),
    "ix_visits_live_staff": ("visits", ["deleted", "staff_id", "visit_date"]),
    "ix_visits_live_review": ("visits", ["deleted", "review_state", "office_id", "visit_date"]),
    "ix_leads_live_found": ("leads", ["deleted", "found_on"]),
    "ix_deals_live_signed": ("deals", ["deleted", "signed_on"]),
    "ix_companies_live_name": ("companies", ["deleted", "name_key"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
