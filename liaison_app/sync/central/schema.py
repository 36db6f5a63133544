"""Tables of the central store, one definition for PostgreSQL and SQLite.

The replicated tables mirror the laptop's (``db.models``): the same columns, plus
``updated_login`` (who pushed the last change) and ``server_seq`` NOT NULL, which a trigger
stamps on every write (``central/sql.py``) so sequence order is commit order. No foreign
keys: rows arrive from many laptops in batches, and company merges repoint children later;
the laptops keep theirs. JSON is ``jsonb`` on PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from liaison_app.db.models import ENTITY_MODELS

SCHEMA_VERSION = 1
"""The central schema this app speaks; ``store_info.schema_version`` must equal it."""

JSONType = JSON().with_variant(JSONB(), "postgresql")
metadata = MetaData()

OFFICE_SCOPED = ("contact", "visit", "lead", "deal")
"""Entities whose rows belong to one office: row-level security applies to them."""

ENTITY_ORDER: tuple[str, ...] = ("office", "staff", "company", "contact", "visit", "lead", "deal")
"""Parents before children: the order pushes and pulls apply rows in."""


def _mirror(model: type) -> Table:
    local: Table = model.__table__  # type: ignore[attr-defined]
    columns = []
    for column in local.columns:
        if column.name in ("server_seq", "sort_key"):  # sort_key: the laptop's own pinyin key
            continue
        kind = JSONType if isinstance(column.type, JSON) else column.type
        columns.append(
            Column(column.name, kind, primary_key=column.primary_key, nullable=column.nullable)
        )
    columns += [
        Column("updated_login", String(100), nullable=False, server_default=""),
        Column("server_seq", BigInteger, nullable=False, server_default=text("0")),
    ]
    table = Table(local.name, metadata, *columns)
    Index(f"ix_c_{local.name}_seq", table.c.server_seq)
    if "office_id" in table.c:
        Index(f"ix_c_{local.name}_office_seq", table.c.office_id, table.c.server_seq)
    return table


TABLES: dict[str, Table] = {entity: _mirror(ENTITY_MODELS[entity]) for entity in ENTITY_ORDER}

companies = TABLES["company"]
Index(
    "uq_c_companies_live_uscc",
    companies.c.uscc,
    unique=True,
    postgresql_where=text("NOT deleted AND uscc IS NOT NULL"),
    sqlite_where=text("deleted = 0 AND uscc IS NOT NULL"),
)
Index("ix_c_companies_name_key", companies.c.name_key)

store_info = Table(
    "store_info",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1
    Column("store_id", String(36), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# The SQLite central's sequence (PostgreSQL uses a real one: see sql.py).
sync_counter = Table(
    "sync_counter",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1
    Column("high", BigInteger, nullable=False),
)

membership = Table(
    "membership",
    metadata,
    Column("login", String(100), primary_key=True),
    Column("staff_id", String(36), nullable=False),
    Column("office_id", String(36)),
    Column("role", String(20), nullable=False),
)

applied_ops = Table(
    "applied_ops",
    metadata,
    Column("op_id", String(36), primary_key=True),
    Column("login", String(100), nullable=False),
    Column("device_id", String(40), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("result", String(20), nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("entity", String(20), nullable=False),
    Column("row_id", String(36), nullable=False),
    Column("office_id", String(36)),
    Column("field", String(50), nullable=False),
    Column("base_value", JSONType),
    Column("kept_value", JSONType),
    Column("lost_value", JSONType),
    Column("kept_hlc", String(40), nullable=False),
    Column("lost_hlc", String(40), nullable=False),
    Column("lost_device", String(40), nullable=False),
    Column("lost_login", String(100), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("resolved_by", String(100)),
    Column("server_seq", BigInteger, nullable=False, server_default=text("0")),
)
Index("ix_c_conflicts_seq", conflicts.c.server_seq)
Index("ix_c_conflicts_office_seq", conflicts.c.office_id, conflicts.c.server_seq)

company_alias = Table(
    "company_alias",
    metadata,
    Column("alias_id", String(36), primary_key=True),
    Column("kept_id", String(36), nullable=False),
    Column("merged_by", String(100), nullable=False),
    Column("merged_at", DateTime, nullable=False),
    Column("server_seq", BigInteger, nullable=False, server_default=text("0")),
)
Index("ix_c_company_alias_seq", company_alias.c.server_seq)

devices = Table(
    "devices",
    metadata,
    Column("device_id", String(40), primary_key=True),
    Column("login", String(100), nullable=False),
    Column("app_version", String(20), nullable=False),
    Column("last_sync_at", DateTime),
)

SEQUENCED: tuple[Table, ...] = (*TABLES.values(), conflicts, company_alias)
"""Tables whose every write takes the next server sequence number."""
