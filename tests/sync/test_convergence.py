"""Random edits, syncs and kills on three laptops: all replicas converge, nothing vanishes.

Every value a laptop wrote ends up in one of three places: the final record, the
conflicts table (it lost a true conflict), or the base of a later edit (someone replaced
it knowingly). Kills are simulated in-process at the sync's failpoints: the exception
rolls back whatever transaction is open, exactly what SIGKILL does to it.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison_app.db.models import Visit
from liaison_app.db.store import Store
from liaison_app.sync import failpoints
from liaison_app.sync.central import admin
from tests.sync.conftest import Central, Device

FIELDS = ("summary", "next_step", "people_met")
KILL_POINTS = ("push:marked", "central:push-written", "push:sent", "pull:fetched", "pull:applied")


NAMES = ("wang", "li", "zhou")


class Templates:
    """A migrated laptop file and a central file with the three people, made once."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="liaison-convergence-"))
        atexit.register(shutil.rmtree, self.folder, ignore_errors=True)

    def central(self) -> Path:
        path = self.folder / "central.db"
        if not path.exists():
            url = f"sqlite:///{path}"
            central = Central("sqlite", url, url, "", False)
            admin.init_central(central.address, central.clock)
            for name in NAMES:
                central.add_user(name, "上海联络办", "staff")
        return path

    def laptop(self) -> Path:
        path = self.folder / "laptop.db"
        if not path.exists():
            Store.open(path).close()  # migrated; no device id yet: each copy makes its own
        return path


TEMPLATES = Templates()


class Killed(BaseException):
    """The process died here."""


@dataclass(frozen=True)
class Write:
    row: str
    field: str
    value: str
    base: str


step = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 2)),
    st.tuples(st.just("edit"), st.integers(0, 2), st.integers(0, 30), st.sampled_from(FIELDS)),
    st.tuples(st.just("delete"), st.integers(0, 2), st.integers(0, 30)),
    st.tuples(st.just("sync"), st.integers(0, 2), st.sampled_from((None, *KILL_POINTS))),
    st.tuples(st.just("tick"), st.integers(0, 2), st.integers(-3, 30)),
)


def _raise() -> None:
    raise Killed


@settings(
    max_examples=int(os.environ.get("LIAISON_CONVERGENCE_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=5, max_size=30))
def test_three_laptops_converge_and_lose_nothing(steps: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copyfile(TEMPLATES.central(), root / "central.db")
        url = f"sqlite:///{root / 'central.db'}"
        central = Central("sqlite", url, url, "", False)
        devices = []
        for name in NAMES:
            (root / name).mkdir()
            shutil.copyfile(TEMPLATES.laptop(), root / name / "liaison.db")
            devices.append(Device(root / name, central, name))
        try:
            run(devices, central, steps)
        finally:
            failpoints.disarm_all()
            for device in devices:
                device.close()


def run(devices: list[Device], central: Central, steps: list[tuple]) -> None:
    company = devices[0].company()
    for device in devices:
        device.sync()
    writes: list[Write] = []
    tokens = itertools.count()
    for action, who, *args in steps:
        device = devices[who]
        visible = visits_of(device)
        if action == "create":
            row = device.visit(company, f"新建{next(tokens)}")
            writes.append(Write(row, "summary", device.row("visit", row).summary, ""))
        elif action == "edit" and visible:
            row = visible[args[0] % len(visible)]
            field = args[1]
            value = f"{field}{next(tokens)}"
            base = getattr(device.row("visit", row), field)
            device.edit("visit", row, **{field: value})
            writes.append(Write(row, field, value, base))
        elif action == "delete" and visible:
            device.delete("visit", visible[args[0] % len(visible)])
        elif action == "sync":
            if args[0]:
                failpoints.arm(args[0], _raise)
            try:
                device.sync()
            except Killed:
                device.reopen()  # a restart: new engine, HLC from the persisted mark
            finally:
                failpoints.disarm_all()
        elif action == "tick":
            device.clock.advance(seconds=args[0])
    for _ in range(3):
        for device in devices:
            device.sync()

    final = {r["id"]: r for r in central.rows("visit")}
    for device in devices:
        assert device.outbox() == []
        with device.store.read() as session:
            local = {v.id: v for v in session.query(Visit)}
        assert set(local) == set(final)
        for row_id, row in final.items():
            for field in (*FIELDS, "deleted"):
                assert getattr(local[row_id], field) == row[field], (row_id, field)
    lost = {(c["row_id"], c["field"], c["lost_value"]) for c in central.conflicts()}
    replaced = {(w.row, w.field, w.base) for w in writes}
    for w in writes:
        assert (
            final[w.row][w.field] == w.value
            or (w.row, w.field, w.value) in lost
            or (w.row, w.field, w.value) in replaced
        ), f"{w} vanished"


def visits_of(device: Device) -> list[str]:
    with device.store.read() as session:
        return sorted(v.id for v in session.query(Visit).filter(Visit.deleted.is_(False)))


pytestmark = pytest.mark.slow
