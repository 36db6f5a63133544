"""Administration of the central store: ``central init``, ``add-user``, ``restored`` and
``status``.

Run by the central office's administrator with an administrator's URL (on PostgreSQL a
superuser or a role with CREATEROLE that owns the database). ``init`` is idempotent: it
creates or upgrades the schema (its own Alembic history) and re-applies the roles, grants,
triggers and row-level security.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, inspect, select, text

from liaison_app.db.models import new_id
from liaison_app.domain.enums import Role
from liaison_app.domain.errors import KnownError
from liaison_app.services.clock import Clock, format_hlc, millis
from liaison_app.sync.central import schema
from liaison_app.sync.central.connection import (
    CentralAddress,
    create_sqlite_file,
    guarded,
    write_transaction,
)
from liaison_app.sync.central.sql import (
    Roles,
    postgres_security_statements,
    postgres_setup_statements,
    sqlite_statements,
)

CENTRAL_REVISIONS = ("c0001_central",)
CENTRAL_HEAD = CENTRAL_REVISIONS[-1]
ADMIN_DEVICE = "central"


@dataclass(frozen=True)
class InitResult:
    store_id: str
    schema_version: int


def _upgrade(conn: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "liaison_app.sync.central:migrations")
    config.attributes["connection"] = conn
    command.upgrade(config, CENTRAL_HEAD)


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("central_alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM central_alembic_version")).scalar()


def init_central(address: CentralAddress, clock: Clock) -> InitResult:
    """Create or upgrade the central store at ``address``; safe to run again."""
    if address.is_sqlite:
        create_sqlite_file_if_missing(address)
    engine = address.engine()
    roles = Roles.for_database(address.database)
    try:
        if not address.is_sqlite:
            with guarded(address), engine.connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                for statement in postgres_setup_statements(roles, address.database):
                    conn.exec_driver_sql(statement)
        with guarded(address), write_transaction(engine) as conn:
            revision = _revision(conn)
            if revision is not None and revision not in CENTRAL_REVISIONS:
                raise KnownError(
                    "central_too_new", version=revision, supported=schema.SCHEMA_VERSION
                )
            if not address.is_sqlite:
                conn.exec_driver_sql(f'SET ROLE "{roles.owner}"')
            _upgrade(conn)
            store_id = conn.execute(select(schema.store_info.c.store_id)).scalar()
            if store_id is None:
                store_id = str(uuid.uuid4())
                conn.execute(
                    schema.store_info.insert().values(
                        id=1,
                        store_id=store_id,
                        schema_version=schema.SCHEMA_VERSION,
                        created_at=clock.now(),
                    )
                )
            conn.execute(schema.store_info.update().values(schema_version=schema.SCHEMA_VERSION))
            if conn.execute(select(schema.sync_counter.c.high)).scalar() is None:
                conn.execute(schema.sync_counter.insert().values(id=1, high=0))
            statements = (
                sqlite_statements() if address.is_sqlite else postgres_security_statements(roles)
            )
            for statement in statements:
                conn.exec_driver_sql(statement)
            if not address.is_sqlite:
                conn.exec_driver_sql("RESET ROLE")
        return InitResult(store_id, schema.SCHEMA_VERSION)
    finally:
        engine.dispose()


def create_sqlite_file_if_missing(address: CentralAddress) -> None:
    path = Path(address.database)
    if not path.exists():
        create_sqlite_file(path)


def _row_stamp(clock: Clock) -> dict[str, Any]:
    now = clock.now()
    stamp = format_hlc(millis(now), 0, ADMIN_DEVICE)
    return {
        "created_at": now,
        "updated_at": now,
        "updated_by": None,
        "hlc": stamp,
        "field_clocks": {"*": stamp},
        "deleted": False,
        "updated_login": "",
    }


def _quote_literal(conn: Connection, value: str) -> str:
    from psycopg import sql

    raw = conn.connection.dbapi_connection
    return sql.Literal(value).as_string(raw)  # type: ignore[arg-type]


def add_user(
    address: CentralAddress,
    login: str,
    *,
    name: str,
    office: str | None,
    role: str,
    password: str | None,
    clock: Clock,
) -> dict[str, Any]:
    """Create or update a person (and their office if new); on PostgreSQL, their login."""
    try:
        Role(role)
    except ValueError as exc:
        raise KnownError("central_bad_role", role=role) from exc
    if role != Role.hq.value and not (office or "").strip():
        raise KnownError("central_office_required")
    offices, staff, membership = schema.TABLES["office"], schema.TABLES["staff"], schema.membership
    engine = address.engine()
    try:
        with guarded(address), write_transaction(engine) as conn:
            office_id = None
            if office and office.strip():
                office_id = conn.execute(
                    select(offices.c.id).where(
                        offices.c.name == office.strip(), offices.c.deleted.is_(False)
                    )
                ).scalar()
                if office_id is None:
                    office_id = new_id()
                    conn.execute(
                        offices.insert().values(
                            id=office_id,
                            name=office.strip(),
                            region="",
                            city="",
                            **_row_stamp(clock),
                        )
                    )
            member = (
                conn.execute(select(membership).where(membership.c.login == login))
                .mappings()
                .first()
            )
            values = {"name": name, "office_id": office_id, "role": role, "username": login}
            if member is None:
                staff_id = new_id()
                conn.execute(
                    staff.insert().values(id=staff_id, phone="", **values, **_row_stamp(clock))
                )
                conn.execute(
                    membership.insert().values(
                        login=login, staff_id=staff_id, office_id=office_id, role=role
                    )
                )
            else:
                staff_id = member["staff_id"]
                stamp = _row_stamp(clock)
                conn.execute(
                    staff.update()
                    .where(staff.c.id == staff_id)
                    .values(
                        **values,
                        updated_at=stamp["updated_at"],
                        hlc=stamp["hlc"],
                        field_clocks=stamp["field_clocks"],
                    )
                )
                conn.execute(
                    membership.update()
                    .where(membership.c.login == login)
                    .values(office_id=office_id, role=role)
                )
            if not address.is_sqlite:
                _login_role(conn, address, login, password)
        return {"login": login, "staff_id": staff_id, "office_id": office_id, "role": role}
    finally:
        engine.dispose()


def _login_role(
    conn: Connection, address: CentralAddress, login: str, password: str | None
) -> None:
    roles = Roles.for_database(address.database)
    ident = '"' + login.replace('"', '""') + '"'
    exists = conn.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": login}
    ).scalar()
    conn.exec_driver_sql("SET LOCAL password_encryption = 'scram-sha-256'")
    secret = f" PASSWORD {_quote_literal(conn, password)}" if password else ""
    if exists:
        conn.exec_driver_sql(f"ALTER ROLE {ident} LOGIN NOBYPASSRLS{secret}")
    else:
        conn.exec_driver_sql(f"CREATE ROLE {ident} LOGIN NOBYPASSRLS{secret}")
    conn.exec_driver_sql(f'GRANT "{roles.client}" TO {ident}')


def mark_restored(address: CentralAddress) -> str:
    """Give a central store restored from a backup a new store id; returns it.

    Laptops that synced after the backup hold records the restored store lost, and their
    pull cursors point past its sequence numbers. Seeing a new store id, each laptop sends
    all its records again at its next sync (merged field by field: what the store still
    has changes nothing) and reads the store from the start, so nothing sent after the
    backup is lost. Run it once, before anyone syncs against the restored store.
    """
    engine = address.engine()
    try:
        with guarded(address), write_transaction(engine) as conn:
            has_info = inspect(conn).has_table("store_info")
            if not has_info or conn.execute(select(schema.store_info.c.id)).first() is None:
                raise KnownError("central_not_initialised", url=address.display())
            store_id = str(uuid.uuid4())
            conn.execute(schema.store_info.update().values(store_id=store_id))
        return store_id
    finally:
        engine.dispose()


def status(address: CentralAddress) -> dict[str, Any]:
    """Schema version, store id, offices, users, row counts and the last sync per device."""
    engine = address.engine()
    try:
        with guarded(address), engine.connect() as conn:
            has_info = inspect(conn).has_table("store_info")
            info = conn.execute(select(schema.store_info)).mappings().first() if has_info else None
            if info is None:
                raise KnownError("central_not_initialised", url=address.display())
            offices = schema.TABLES["office"]
            staff = schema.TABLES["staff"]
            counts = {
                entity: conn.execute(
                    select(func.count()).select_from(table).where(table.c.deleted.is_(False))
                ).scalar_one()
                for entity, table in schema.TABLES.items()
            }
            users = (
                conn.execute(
                    select(
                        schema.membership.c.login,
                        staff.c.name,
                        offices.c.name.label("office"),
                        schema.membership.c.role,
                    )
                    .join(staff, staff.c.id == schema.membership.c.staff_id)
                    .outerjoin(offices, offices.c.id == schema.membership.c.office_id)
                    .order_by(schema.membership.c.login)
                )
                .mappings()
                .all()
            )
            devices = (
                conn.execute(select(schema.devices).order_by(schema.devices.c.last_sync_at.desc()))
                .mappings()
                .all()
            )
            return {
                "store_id": info["store_id"],
                "schema_version": info["schema_version"],
                "server_seq": max(
                    conn.execute(select(func.max(t.c.server_seq))).scalar() or 0
                    for t in schema.SEQUENCED
                ),
                "offices": sorted(
                    conn.execute(
                        select(offices.c.name).where(offices.c.deleted.is_(False))
                    ).scalars()
                ),
                "users": [dict(u) for u in users],
                "rows": counts,
                "open_conflicts": conn.execute(
                    select(func.count())
                    .select_from(schema.conflicts)
                    .where(schema.conflicts.c.resolved_by.is_(None))
                ).scalar_one(),
                "devices": [{**dict(d), "last_sync_at": _iso(d["last_sync_at"])} for d in devices],
            }
    finally:
        engine.dispose()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(" ", "seconds") if value else None
