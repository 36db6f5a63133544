"""search index: FTS5 trigram tables, name pieces, and the triggers that keep them current

Revision ID: 0002_search_index
Revises: 0001_initial
Create Date: 2026-11-27

Existing rows are indexed as part of the upgrade.
"""

from __future__ import annotations

from alembic import op

from liaison_app.db import search_index

revision = "0002_search_index"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in search_index.create_statements() + search_index.rebuild_statements():
        op.execute(statement)


def downgrade() -> None:
    for statement in search_index.drop_statements():
        op.execute(statement)
