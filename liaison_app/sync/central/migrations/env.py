"""Alembic environment of the central store: runs on the connection ``central init`` hands in.

Its version table is ``central_alembic_version``, apart from the laptop's history.
"""

from __future__ import annotations

from alembic import context

from liaison_app.sync.central.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table="central_alembic_version",
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
