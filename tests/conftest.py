"""Shared fixtures: a fresh data folder and database per test, the sample data on demand.

Qt runs offscreen; every test starts in Simplified Chinese (the users' language).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("LIAISON_HOME", None)

from liaison_app.db.store import Store
from liaison_app.domain.enums import Role
from liaison_app.domain.i18n import set_language
from liaison_app.paths import DataPaths
from liaison_app.services.actor import Actor
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.demo import load_demo


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    set_language("zh_CN")
    yield
    set_language("zh_CN")


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data").ensure()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2020, 7, 1, 9, 30))


@pytest.fixture
def store(paths: DataPaths) -> Iterator[Store]:
    store = Store.open(paths.database, paths.backups)
    yield store
    store.close()


@pytest.fixture
def services(store: Store, clock: FixedClock) -> AppServices:
    return AppServices(store, clock)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample data built once per run; tests get their own copy of the file."""
    folder = tmp_path_factory.mktemp("demo")
    store = Store.open(folder / "liaison.db", folder / "backups")
    try:
        load_demo(AppServices(store, FixedClock(datetime(2020, 7, 1))), seed=2020)
    finally:
        store.close()
    return folder / "liaison.db"


@pytest.fixture
def demo_store(paths: DataPaths, demo_template: Path) -> Iterator[Store]:
    shutil.copyfile(demo_template, paths.database)
    store = Store.open(paths.database, paths.backups)
    yield store
    store.close()


@pytest.fixture
def demo(demo_store: Store, clock: FixedClock) -> AppServices:
    return AppServices(demo_store, clock)


@pytest.fixture
def office(services: AppServices) -> str:
    from liaison_app.services.actor import SYSTEM

    return services.records.create("office", {"name": "上海联络办", "region": "长三角"}, SYSTEM)


@pytest.fixture
def staff(services: AppServices, office: str) -> Actor:
    from liaison_app.services.actor import SYSTEM

    staff_id = services.records.create(
        "staff", {"name": "王浩然", "office_id": office, "role": "staff"}, SYSTEM
    )
    return Actor(staff_id, office, Role.staff, "王浩然")


@pytest.fixture
def manager(services: AppServices, office: str) -> Actor:
    from liaison_app.services.actor import SYSTEM

    staff_id = services.records.create(
        "staff", {"name": "陈卫东", "office_id": office, "role": "manager"}, SYSTEM
    )
    return Actor(staff_id, office, Role.manager, "陈卫东")


# --- PostgreSQL (the central store) -------------------------------------------------------

from dataclasses import dataclass  # noqa: E402

from tests.pg_server import (  # noqa: E402
    ExternalServer,
    PgUnavailable,
    PrivateCluster,
    make_url,
    open_test_server,
)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PrivateCluster | ExternalServer]:
    """A PostgreSQL server for the whole run: a private cluster started in a temporary
    folder (password authentication on 127.0.0.1), else the server in $LIAISON_TEST_PG."""
    try:
        server = open_test_server()
    except PgUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"no PostgreSQL server for the tests on CI: {exc}", pytrace=False)
        pytest.skip(
            "no PostgreSQL: install postgresql or set LIAISON_TEST_PG=postgresql://user@host:port/db"
        )
    try:
        yield server
    finally:
        server.stop()


@dataclass(frozen=True)
class PgDatabase:
    """A fresh database on the test server; roles named `role_prefix + …` are dropped with it."""

    name: str
    admin_url: str  # postgresql://superuser:password@host:port/<name>
    host: str
    port: int
    checks_passwords: bool  # False when the server lets anyone in (trust): skip refusal checks
    role_prefix: str  # name + "_"

    def url(self, user: str, password: str | None = None, driver: str | None = None) -> str:
        """`postgresql://user:password@host:port/<name>` (`postgresql+driver://` if given)."""
        return make_url(self.host, self.port, self.name, user, password, driver)


@pytest.fixture
def pg_database(pg_server: PrivateCluster | ExternalServer) -> Iterator[PgDatabase]:
    name = pg_server.create_database()
    database = PgDatabase(
        name=name,
        admin_url=pg_server.database_url(name),
        host=pg_server.host,
        port=pg_server.port,
        checks_passwords=pg_server.checks_passwords,
        role_prefix=name + "_",
    )
    try:
        yield database
    finally:
        pg_server.drop_database(name)
        pg_server.drop_roles(database.role_prefix)
