"""settling conflicts

Revision ID: 0005_conflict_resolution
Revises: 0004_sync_ready
Create Date: 2026-11-30

A conflict settled on this laptop is marked ``resolved`` with ``resolved_at``; until the
next sync has told the central store (``resolution_sent``), other laptops still show it.

``ix_outbox_pending`` (entity, error): a push reads the next batch of each entity in
``seq`` order straight from the index. Without it every batch sorted the whole outbox:
a first sync of 100,000 records cost quadratic time.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_conflict_resolution"
down_revision = "0004_sync_ready"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.create_index("ix_outbox_pending", ["entity", "error"])
    with op.batch_alter_table("conflicts") as batch:
        batch.add_column(sa.Column("resolved_at", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("resolution_sent", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    raise NotImplementedError("the local store is never migrated down")
