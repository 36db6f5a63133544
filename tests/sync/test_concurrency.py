"""A slow push committing while a pull runs: PostgreSQL must not let the pull skip a row."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from liaison_app.sync import failpoints
from tests.sync.conftest import Central, Device

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("central", ["postgres"], indirect=True)
def test_a_pull_during_a_slow_push_skips_nothing(laptops: Any, central: Central) -> None:
    wang: Device = laptops("wang")
    li: Device = laptops("li")
    zhao: Device = laptops("zhao")
    company = wang.company()
    wang.sync()
    li.sync()
    wang_visits = [wang.visit(company, f"王{i}") for i in range(5)]
    li_visits = [li.visit(company, f"李{i}") for i in range(5)]

    written, release = threading.Event(), threading.Event()
    slow = {}

    def hold() -> None:
        if threading.current_thread().name == "slow-push":
            written.set()  # wang's rows are written, sequence numbers taken, not committed
            assert release.wait(30)

    failpoints.arm("central:push-written", hold)
    errors: list[BaseException] = []

    def run(device: Device) -> None:
        try:
            slow[device.login] = device.sync()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    slow_push = threading.Thread(target=run, args=(wang,), name="slow-push")
    slow_push.start()
    assert written.wait(30)
    second_push = threading.Thread(target=run, args=(li,), name="second-push")
    second_push.start()  # waits behind wang's push: it may not commit first
    first_pull = zhao.sync()  # runs while both are in flight
    assert first_pull.received.received.get("visit", 0) == 0
    release.set()
    slow_push.join(30)
    second_push.join(30)
    failpoints.disarm_all()
    assert not errors
    zhao.sync()
    for visit in wang_visits + li_visits:
        assert zhao.row("visit", visit) is not None, "a pull skipped a committed row"
    seqs = {r["id"]: r["server_seq"] for r in central.rows("visit")}
    assert max(seqs[v] for v in wang_visits) < min(seqs[v] for v in li_visits)
