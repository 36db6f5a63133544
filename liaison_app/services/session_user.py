"""Who uses this laptop: the staff record chosen at first run, remembered in the database."""

from __future__ import annotations

from sqlalchemy import select

from liaison_app.db.models import Office, Staff
from liaison_app.domain.enums import Role
from liaison_app.services.actor import SYSTEM, Actor
from liaison_app.services.context import AppServices, get_meta, set_meta

CURRENT_USER_KEY = "current_staff_id"


def current_actor(services: AppServices) -> Actor | None:
    """The signed-in user, or None before the first-run questions were answered."""
    staff_id = get_meta(services.store, CURRENT_USER_KEY)
    if not staff_id:
        return None
    with services.store.read() as session:
        staff = session.get(Staff, staff_id)
        if staff is None or staff.deleted:
            return None
        return Actor(staff.id, staff.office_id, Role(staff.role), staff.name)


def sign_in(
    services: AppServices, name: str, office_name: str, role: Role, username: str = ""
) -> Actor:
    """Use (or create) the office and the staff record, and remember them as this user."""
    with services.store.read() as session:
        office_id = session.scalar(
            select(Office.id).where(Office.name == office_name.strip(), Office.deleted.is_(False))
        )
    if office_id is None and office_name.strip():
        office_id = services.records.create("office", {"name": office_name}, SYSTEM)
    with services.store.read() as session:
        query = select(Staff.id).where(
            Staff.name == name.strip(), Staff.deleted.is_(False), Staff.office_id == office_id
        )
        staff_id = session.scalar(query)
    if staff_id is None:
        staff_id = services.records.create(
            "staff",
            {"name": name, "office_id": office_id, "role": role.value, "username": username},
            SYSTEM,
        )
    else:
        services.records.update("staff", staff_id, {"role": role.value}, SYSTEM)
    set_meta(services.store, CURRENT_USER_KEY, staff_id)
    actor = current_actor(services)
    assert actor is not None
    return actor
