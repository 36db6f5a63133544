"""visit tally: live visits per (office, company), kept by triggers, for all-time statistics

Revision ID: 0007_visit_tally
Revises: 0006_pinyin_sort_keys
Create Date: 2026-12-01

``stats`` over all time read the index entry of every live visit (1.7 s at 1M visits);
``visit_tally`` (``db/visit_tally.py``) holds one row per pair instead. Existing visits are
counted here, in one pass over ``ix_visits_live_office_company``.
"""

from __future__ import annotations

from alembic import op

from liaison_app.db import visit_tally

revision = "0007_visit_tally"
down_revision = "0006_pinyin_sort_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in visit_tally.create_statements() + visit_tally.rebuild_statements():
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the local store is never migrated down")
