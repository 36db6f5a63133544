"""Connecting a laptop to a central store, and opening the store for a sync.

Connecting checks the address and the password, learns the person's office and role from
the central store, pulls the offices and staff, and makes that person this laptop's user:
records made offline under the first-run name and office move to the central ones. The
URL and login are saved in the database, the password in the OS keyring (if usable).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete

from liaison_app.db.models import ENTITY_MODELS, LocalMeta, Outbox
from liaison_app.domain.errors import KnownError
from liaison_app.services.context import AppServices
from liaison_app.services.records import CENTRAL_MANAGED
from liaison_app.services.session_user import CURRENT_USER_KEY
from liaison_app.sync import config, credentials
from liaison_app.sync.apply import apply_remote, move_office, move_person, rehome
from liaison_app.sync.central.connection import CentralAddress
from liaison_app.sync.central.endpoint import CentralStore, Member
from liaison_app.sync.session import check_schema, remember_member


@dataclass(frozen=True)
class Connected:
    member: Member
    office_name: str
    store_id: str
    url: str
    password_saved: bool
    keyring_backend: str


def open_central(services: AppServices, url: str, login: str, password: str | None) -> CentralStore:
    return CentralStore(CentralAddress.parse(url), login, password, services.clock)


def connect(
    services: AppServices, url: str, login: str, password: str | None, ring: Any
) -> Connected:
    """Test the connection, adopt the central identity, save URL, login and password."""
    address = CentralAddress.parse(url)
    central = CentralStore(address, login, password, services.clock)
    try:
        info = central.info()
        check_schema(info)
        member = central.whoami()
        rows = {entity: central.fetch(entity, None, member) for entity in CENTRAL_MANAGED}
    finally:
        central.close()
    with services.store.write() as session:
        apply_remote(session, rows, hlc=services.hlc, now=services.clock.now())
        current = session.get(LocalMeta, CURRENT_USER_KEY)
        adopt_identity(session, member, current.value if current is not None else None)
        rehome(session, rows)
        remember_member(session, member)
        services.records.save_clock(session)
    shown = address.display()
    config.save_connection(services.store, shown, login)
    saved = bool(password) and credentials.save_password(ring, shown, login, password or "")
    office = next((r["name"] for r in rows["office"] if r["id"] == member.office_id), "")
    return Connected(member, office, info.store_id, shown, saved, credentials.backend_name(ring))


def adopt_identity(session: Any, member: Member, local_staff_id: str | None) -> None:
    """Move what was made offline under the first-run person and office to the central ones."""
    staff_model = ENTITY_MODELS["staff"]
    local = session.get(staff_model, local_staff_id) if local_staff_id else None
    if local is not None and local.id != member.staff_id and local.server_seq is None:
        old_office = local.office_id
        move_person(session, local.id, member.staff_id)
        if old_office and member.office_id and old_office != member.office_id:
            move_office(session, old_office, member.office_id)
        local.deleted = True  # the offline stand-in; the central person replaces it
        if old_office and old_office != member.office_id:
            office = session.get(ENTITY_MODELS["office"], old_office)
            if office is not None and office.server_seq is None:
                office.deleted = True
    # Offices and staff are the central store's: local ones never go out.
    session.execute(delete(Outbox).where(Outbox.entity.in_(CENTRAL_MANAGED)))


def require_connection(services: AppServices) -> config.Connection:
    found = config.connection(services.store)
    if found is None:
        raise KnownError("sync_not_connected")
    return found
