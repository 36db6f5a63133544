"""visit tallies: live visits per (office, company) and per (office, month), kept by triggers

Revision ID: 0007_visit_tallies
Revises: 0006_pinyin_sort_keys
Create Date: 2026-12-01

``stats`` over all time read the index entry of every live visit (1.7 s at 1M visits), and
so did the dashboard's visits per month (1.1 s); ``visit_tally`` and ``visit_months``
(``db/visit_tally.py``) hold one row per (office, company) and per (office, month)
instead. ``company_last_visit`` keeps each company's latest visit date, so that overdue
follow-ups (no later visit of the company) are found per company, through the new index
``ix_visits_live_company_date``. Existing visits are counted here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from liaison_app.db import visit_tally

revision = "0007_visit_tallies"
down_revision = "0006_pinyin_sort_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        visit_tally.LATEST_INDEX,
        "visits",
        ["company_id", "visit_date", "next_follow_up", "office_id"],
        sqlite_where=sa.text("deleted IS 0"),
    )
    for statement in visit_tally.create_statements() + visit_tally.rebuild_statements():
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the local store is never migrated down")
