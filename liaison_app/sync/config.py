"""Which central store this database syncs with, and who it is there (in ``local_meta``).

Kept in the database rather than in Qt settings: the command line and the window share
it, and a copied data folder keeps its connection. Never a password.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_app.db.store import Store
from liaison_app.services.context import get_meta, set_meta
from liaison_app.services.records import CENTRAL_URL_KEY

URL_KEY = CENTRAL_URL_KEY
LOGIN_KEY = "central_login"
ROLE_KEY = "central_role"
OFFICE_KEY = "central_office_id"
STAFF_KEY = "central_staff_id"


@dataclass(frozen=True)
class Connection:
    url: str
    login: str


def connection(store: Store) -> Connection | None:
    url, login = get_meta(store, URL_KEY), get_meta(store, LOGIN_KEY)
    if not url or not login:
        return None
    return Connection(url, login)


def save_connection(store: Store, url: str, login: str) -> None:
    set_meta(store, URL_KEY, url)
    set_meta(store, LOGIN_KEY, login)


def is_connected(store: Store) -> bool:
    return connection(store) is not None
