"""the central store's tables

Revision ID: c0001_central
Revises:
Create Date: 2026-11-30

The mirrors of the replicated tables and the sync tables of docs/sync.md (schema version 1).
Created from ``schema.metadata`` as it stands at version 1; a later change of the schema
comes as a new revision with explicit operations.
"""

from __future__ import annotations

from alembic import op

from liaison_app.sync.central.schema import metadata

revision = "c0001_central"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    metadata.create_all(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the central store is never migrated down")
