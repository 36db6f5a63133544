"""Who is acting: the signed-in user, or the system."""

from __future__ import annotations

from dataclasses import dataclass

from liaison_app.domain.enums import Role


@dataclass(frozen=True)
class Actor:
    """The signed-in user; ``staff_id`` None means the system (sample data, import)."""

    staff_id: str | None
    office_id: str | None
    role: Role
    name: str = ""

    @property
    def is_manager(self) -> bool:
        return self.role == Role.manager

    @property
    def is_hq(self) -> bool:
        return self.role == Role.hq


def can_review(role: Role) -> bool:
    """Managers and hq review submitted visits (and see the review and duplicates pages)."""
    return role in (Role.manager, Role.hq)


SYSTEM = Actor(staff_id=None, office_id=None, role=Role.hq, name="system")
