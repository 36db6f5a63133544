"""Kill the sync at any line: a real ``liaison-app sync`` SIGKILLed at named points of push
and pull, then run again; and a connection dropped in the middle of a pull.

Nothing may be lost (every record reaches the other laptop) and nothing duplicated (each
record once on the central store, no outbox entry left over).
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from liaison_app.domain.errors import KnownError
from liaison_app.sync import failpoints
from tests.sync.conftest import PASSWORD, Central, Device
from tests.sync.proxy import CuttableProxy

pytestmark = pytest.mark.slow
VISITS = 25


def run_sync(device: Device, failpoint: str | None = None, page: int = 10) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        failpoints.PAGE_ENV: str(page),
    }
    env.pop(failpoints.ENV, None)
    if failpoint:
        env[failpoints.ENV] = failpoint
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "liaison_app",
            "--data-dir",
            str(device.folder),
            "sync",
            "--password-stdin",
            "--json",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdin is not None
    proc.stdin.write(PASSWORD + "\n")
    proc.stdin.close()
    return proc


def kill_at(device: Device, failpoint: str) -> None:
    """Start a sync and SIGKILL it the moment it reaches ``failpoint``."""
    proc = run_sync(device, failpoint)
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    seen = ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stderr], [], [], 1)
        if ready:
            line = proc.stderr.readline()
            seen += line
            if line.strip() == f"failpoint {failpoint}":
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                proc.stdout.close()  # type: ignore[union-attr]
                proc.stderr.close()
                return
            if not line and proc.poll() is not None:
                break
    proc.kill()
    proc.wait()
    pytest.fail(f"the sync never reached {failpoint}: {seen}")


def finish(device: Device) -> None:
    proc = run_sync(device)
    assert proc.stdout is not None and proc.stderr is not None
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0, err
    assert '"pushed"' in out


def writer_and_reader(laptops: Any) -> tuple[Device, Device, list[str]]:
    """wang, who wrote VISITS visits offline, and li, who will read them."""
    wang: Device = laptops("wang")
    li: Device = laptops("li")
    company = wang.company()
    return wang, li, [wang.visit(company, f"拜访第{i}次") for i in range(VISITS)]


def check_whole(central: Central, writer: Device, reader: Device, visits: list[str]) -> None:
    rows = central.rows("visit")
    assert sorted(r["id"] for r in rows) == sorted(visits)  # each once, none missing
    assert writer.outbox() == []
    reader.sync()
    assert reader.count("visit") == len(visits)
    with reader.store.read() as session:
        from sqlalchemy import func, select

        from liaison_app.db.models import Visit

        summaries = session.execute(select(Visit.summary, func.count()).group_by(Visit.summary))
        assert all(count == 1 for _, count in summaries)


@pytest.mark.parametrize("failpoint", ["push:marked", "central:push-written", "push:sent"])
def test_a_push_killed_at_any_point_loses_and_doubles_nothing(
    laptops: Any, central: Central, failpoint: str
) -> None:
    wang, li, visits = writer_and_reader(laptops)
    wang.close()
    kill_at(wang, failpoint)
    finish(wang)
    wang.reopen()
    check_whole(central, wang, li, visits)


@pytest.mark.parametrize("failpoint", ["pull:fetched", "pull:applied"])
def test_a_pull_killed_at_any_point_loses_and_doubles_nothing(
    laptops: Any, central: Central, failpoint: str
) -> None:
    wang, li, visits = writer_and_reader(laptops)
    wang.sync()
    li.close()
    kill_at(li, failpoint)
    li.reopen()
    partial = li.count("visit")
    assert partial < VISITS  # it was killed part-way
    li.close()
    finish(li)
    li.reopen()
    check_whole(central, wang, li, visits)
    with li.store.read() as session:
        from sqlalchemy import text

        assert session.execute(text("PRAGMA foreign_key_check")).all() == []


def test_a_connection_dropped_mid_pull(laptops: Any, central: Central, tmp_path: Path) -> None:
    wang, li, visits = writer_and_reader(laptops)
    wang.sync()
    os.environ[failpoints.PAGE_ENV] = "10"
    direct = central.laptop_url
    proxy = None
    try:
        if central.kind == "postgres":
            host_port = central.laptop_url.split("//")[1].split("/")[0]
            host, port = host_port.split(":")
            proxy = CuttableProxy(host, int(port))
            central.laptop_url = direct.replace(host_port, f"127.0.0.1:{proxy.port}")
            failpoints.arm("pull:applied", proxy.cut)
        else:
            path = Path(central.address.database)
            failpoints.arm("pull:applied", lambda: path.rename(path.with_suffix(".away")))
        with pytest.raises(KnownError) as caught:
            li.sync()
        assert caught.value.code in (
            "central_connection_lost",
            "central_unreachable",
            "central_file_missing",
        )
        failpoints.disarm_all()
        assert 0 < li.count("visit") < VISITS  # the first page is kept
        if proxy is not None:
            proxy.restore()
        else:
            path.with_suffix(".away").rename(path)
        li.sync()
    finally:
        os.environ.pop(failpoints.PAGE_ENV, None)
        if proxy is not None:
            proxy.close()
        central.laptop_url = direct
    check_whole(central, wang, li, visits)
