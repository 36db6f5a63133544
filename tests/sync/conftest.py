"""Laptops and central stores for the sync tests.

``central`` runs each test twice: against a SQLite central file and against a real
PostgreSQL database (made for the test, dropped after, with its own roles). A ``Device``
is a laptop: its own SQLite file, its own clock, its own HLC, connected as one person.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import keyring.backend
import pytest
from sqlalchemy import func, select

from liaison_app.db.models import ENTITY_MODELS, Conflict, Outbox
from liaison_app.db.store import Store
from liaison_app.services.actor import Actor
from liaison_app.services.clock import FixedClock, SystemClock
from liaison_app.services.context import AppServices
from liaison_app.services.session_user import current_actor
from liaison_app.sync import failpoints
from liaison_app.sync.central import admin, schema
from liaison_app.sync.central.connection import CentralAddress
from liaison_app.sync.central.endpoint import CentralStore
from liaison_app.sync.connect import connect, open_central
from liaison_app.sync.session import Summary, SyncSession

START = SystemClock().now().replace(microsecond=0)
"""Laptops start at the real time: a PostgreSQL central clamps stamps against its own."""
HUAWEI = "91440300708461136T"
PASSWORD = "correct horse 电池"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps passwords in a dict (no desktop session here)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


@dataclass
class Central:
    """A central store made for one test, and how laptops reach it."""

    kind: str  # sqlite / postgres
    admin_url: str
    laptop_url: str
    prefix: str
    checks_passwords: bool
    clock: FixedClock = field(default_factory=lambda: FixedClock(START))
    host: str = ""  # PostgreSQL: where a person's own psycopg connection goes
    port: int = 0
    name: str = ""

    @property
    def address(self) -> CentralAddress:
        return CentralAddress.parse(self.admin_url)

    def login(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def add_user(self, name: str, office: str | None, role: str) -> str:
        login = self.login(name)
        admin.add_user(
            self.address,
            login,
            name=name,
            office=office,
            role=role,
            password=PASSWORD,
            clock=self.clock,
        )
        return login

    def admin_store(self) -> CentralStore:
        return CentralStore(self.address, "", None, self.clock)

    def rows(self, entity: str) -> list[dict[str, Any]]:
        table = schema.TABLES[entity]
        engine = self.address.engine()
        try:
            with engine.connect() as conn:
                return [
                    dict(r) for r in conn.execute(select(table).order_by(table.c.id)).mappings()
                ]
        finally:
            engine.dispose()

    def conflicts(self) -> list[dict[str, Any]]:
        engine = self.address.engine()
        try:
            with engine.connect() as conn:
                return [dict(r) for r in conn.execute(select(schema.conflicts)).mappings()]
        finally:
            engine.dispose()

    def high(self) -> int:
        engine = self.address.engine()
        try:
            with engine.connect() as conn:
                return max(
                    conn.execute(select(func.max(t.c.server_seq))).scalar() or 0
                    for t in schema.SEQUENCED
                )
        finally:
            engine.dispose()


def make_central(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path, *, init: bool = True
) -> Central:
    """A central store for one test: a SQLite file, or a PostgreSQL database of its own."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'central.db'}"
        made = Central("sqlite", url, url, "", False)
    else:
        db = request.getfixturevalue("pg_database")
        laptop_url = f"postgresql://{db.host}:{db.port}/{db.name}"
        made = Central("postgres", db.admin_url, laptop_url, db.role_prefix, db.checks_passwords)
        made.host, made.port, made.name = db.host, db.port, db.name
    if init:
        admin.init_central(made.address, made.clock)
    return made


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Central]:
    yield make_central(request.param, request, tmp_path)
    failpoints.disarm_all()


_names = itertools.count(1)


class Device:
    """A laptop: its own database file and clock, signed in as one person."""

    def __init__(self, folder: Path, central: Central, login: str, start: datetime = START):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.central = central
        self.login = login
        self.clock = FixedClock(start)
        self.store = Store.open(folder / "liaison.db", folder / "backups")
        self.services = AppServices(self.store, self.clock)
        self.keyring = MemoryKeyring()
        connect(self.services, central.laptop_url, login, PASSWORD, self.keyring)
        actor = current_actor(self.services)
        assert actor is not None
        self.actor: Actor = actor

    def close(self) -> None:
        self.store.close()

    def reopen(self) -> None:
        """As after a restart: a new engine and new services on the same file."""
        self.store.close()
        self.store = Store.open(self.folder / "liaison.db", self.folder / "backups")
        self.services = AppServices(self.store, self.clock)

    def sync(self, **kwargs: Any) -> Summary:
        url = self.central.laptop_url
        store = open_central(self.services, url, self.login, PASSWORD)
        try:
            return SyncSession(self.services, store, url, **kwargs).run()
        finally:
            store.close()

    # -- records --------------------------------------------------------------------------

    def company(self, name: str = "华为技术有限公司", uscc: str | None = HUAWEI) -> str:
        return self.services.records.create("company", {"name": name, "uscc": uscc}, self.actor)

    def visit(self, company_id: str, summary: str = "座谈") -> str:
        values = {
            "company_id": company_id,
            "office_id": self.actor.office_id,
            "staff_id": self.actor.staff_id,
            "visit_date": date(2026, 11, 2),
            "summary": summary,
        }
        return self.services.records.create("visit", values, self.actor)

    def edit(self, entity: str, row_id: str, **values: Any) -> list[str]:
        self.clock.advance(seconds=1)
        return self.services.records.update(entity, row_id, values, self.actor)

    def delete(self, entity: str, row_id: str) -> None:
        self.clock.advance(seconds=1)
        self.services.records.delete(entity, row_id, self.actor)

    def row(self, entity: str, row_id: str) -> Any:
        with self.store.read() as session:
            return session.get(ENTITY_MODELS[entity], row_id)

    def count(self, entity: str, *, live: bool = True) -> int:
        model = ENTITY_MODELS[entity]
        with self.store.read() as session:
            query = select(func.count()).select_from(model)
            if live:
                query = query.where(model.deleted.is_(False))
            return session.scalar(query) or 0

    def outbox(self) -> list[Outbox]:
        with self.store.read() as session:
            return list(session.scalars(select(Outbox).order_by(Outbox.seq)))

    def conflicts(self) -> list[Conflict]:
        with self.store.read() as session:
            return list(session.scalars(select(Conflict).order_by(Conflict.seq)))


def make_laptops(tmp_path: Path, central: Central) -> Iterator[Any]:
    """Makes devices on the central store: make(name, office, role); closed afterwards."""
    made: list[Device] = []

    def make(
        name: str = "wang",
        office: str | None = "上海联络办",
        role: str = "staff",
        start: datetime = START,
    ) -> Device:
        login = central.add_user(name, office, role)
        device = Device(tmp_path / f"laptop{next(_names)}-{name}", central, login, start)
        made.append(device)
        return device

    yield make
    for device in made:
        device.close()


@pytest.fixture
def laptops(tmp_path: Path, central: Central) -> Iterator[Any]:
    yield from make_laptops(tmp_path, central)
