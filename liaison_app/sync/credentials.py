"""Passwords in the OS keyring (service ``liaison-app``), with a visible fallback.

Where no usable backend exists (a bare Linux session, keyring's fail or null backend) the
password is stored nowhere: callers say so and ask for it at each sync. The keyring is
passed in, so tests hand in a real in-memory backend instead of patching.
"""

from __future__ import annotations

import logging
from typing import Any

SERVICE = "liaison-app"
log = logging.getLogger("liaison.sync")


def default_keyring() -> Any:
    import keyring

    return keyring.get_keyring()


def backend_name(ring: Any) -> str:
    return f"{type(ring).__module__}.{type(ring).__name__}"


def usable(ring: Any) -> bool:
    """False for keyring's fail and null backends (priority below zero or 'fail')."""
    name = backend_name(ring).lower()
    if ".fail." in name or ".null." in name:
        return False
    try:
        return float(getattr(ring, "priority", 1)) > 0
    except Exception:  # a backend whose priority check raises is not usable here
        return False


def account(url: str, login: str) -> str:
    """The keyring's user name: login and store, so two stores keep two passwords."""
    return f"{login}@{url}"


def save_password(ring: Any, url: str, login: str, password: str) -> bool:
    """Store the password; False when there is no usable keyring (nothing is written)."""
    if not usable(ring):
        return False
    try:
        ring.set_password(SERVICE, account(url, login), password)
    except Exception as exc:  # a locked or broken keyring: say so, store nothing
        log.warning("keyring refused the password: %s", exc)
        return False
    return True


def load_password(ring: Any, url: str, login: str) -> str | None:
    if not usable(ring):
        return None
    try:
        return ring.get_password(SERVICE, account(url, login))
    except Exception as exc:
        log.warning("keyring could not be read: %s", exc)
        return None
