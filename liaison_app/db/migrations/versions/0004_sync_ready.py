"""the local store made ready for sync

Revision ID: 0004_sync_ready
Revises: 0003_live_list_indexes
Create Date: 2026-11-30

- outbox: ``base_seq`` (the row's server sequence when the edit began), ``in_flight`` (a
  push has started sending it: later edits make a new entry), ``error`` (refused by the
  central store), and an index on (entity, row_id) so an edit finds its unsent entry.
- conflicts: what the central store's merge records (base, both stamps, device, login) and
  its id there, so pulling a conflict twice stores it once.
- sync_state: keyed by the central store's own id instead of the URL text. Nothing synced
  before this revision, so the old table is replaced.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_sync_ready"
down_revision = "0003_live_list_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("base_seq", sa.BigInteger(), nullable=True))
        batch.add_column(
            sa.Column("in_flight", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("error", sa.Text(), nullable=False, server_default=""))
        batch.create_index("ix_outbox_row", ["entity", "row_id"])

    with op.batch_alter_table("conflicts") as batch:
        batch.add_column(sa.Column("central_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("office_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("base_value", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("kept_hlc", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("lost_device", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("lost_login", sa.String(100), nullable=False, server_default=""))
        batch.create_unique_constraint("uq_conflicts_central_id", ["central_id"])
        batch.create_index("ix_conflicts_row", ["entity", "row_id"])

    op.drop_table("sync_state")
    op.create_table(
        "sync_state",
        sa.Column("store_id", sa.String(36), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("last_sync_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("store_id"),
    )


def downgrade() -> None:
    raise NotImplementedError("the local store is never migrated down")
