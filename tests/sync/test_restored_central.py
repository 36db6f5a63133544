"""A central store restored from a backup: ``central restored`` and nothing is lost.

Laptops that synced after the backup hold records the restored store lacks and pull
cursors past its sequence numbers. Without a new store id they would never send those
records again (the outbox says they were sent) and would skip what others send next.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from liaison_app.domain.errors import KnownError
from liaison_app.sync.central import admin
from liaison_app.sync.central.connection import CentralAddress
from tests.sync.conftest import Central, Device
from tests.sync.test_cli import liaison

SQLITE_ONLY = pytest.mark.parametrize("central", ["sqlite"], indirect=True)


def backup_file(central: Central, target: Path) -> None:
    """A consistent copy of a SQLite central store, as an administrator's backup is."""
    with (
        closing(sqlite3.connect(central.address.database)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def restore_file(central: Central, backup: Path) -> None:
    database = Path(central.address.database)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, database)


def summaries(central: Central) -> dict[str, str]:
    return {r["id"]: r["summary"] for r in central.rows("visit") if not r["deleted"]}


def laptop_summaries(device: Device) -> dict[str, str]:
    from sqlalchemy import select

    from liaison_app.db.models import Visit

    with device.store.read() as session:
        rows = session.execute(select(Visit.id, Visit.summary).where(~Visit.deleted)).all()
    return {row.id: row.summary for row in rows}


@SQLITE_ONLY  # a file copy is the backup; the laptops' side is the same on PostgreSQL
def test_after_a_restore_every_laptop_sends_again_and_nothing_is_lost(
    laptops: Any, central: Central, tmp_path: Path
) -> None:
    wang: Device = laptops("wang")
    li: Device = laptops("li")
    company = wang.company()
    first = wang.visit(company, "首次座谈")
    wang.sync()
    li.sync()
    backup = tmp_path / "central-backup.db"
    backup_file(central, backup)

    # After the backup: wang adds a visit and edits the first; li receives both.
    second = wang.visit(company, "二次洽谈")
    wang.edit("visit", first, summary="首次座谈（已补充纪要）")
    wang.sync()
    li.sync()
    assert summaries(central) == {first: "首次座谈（已补充纪要）", second: "二次洽谈"}

    restore_file(central, backup)
    assert summaries(central) == {first: "首次座谈"}  # the restore really lost them
    old_id = admin.status(central.address)["store_id"]
    new_id = admin.mark_restored(central.address)
    assert new_id != old_id and admin.status(central.address)["store_id"] == new_id

    third = li.visit(company, "li 的回访")
    resent = li.sync().resent
    assert resent >= 3  # the company and every visit li holds, queued again
    wang.sync()
    li.sync()

    expected = {first: "首次座谈（已补充纪要）", second: "二次洽谈", third: "li 的回访"}
    assert summaries(central) == expected
    assert len(central.rows("visit")) == 3 and len(central.rows("company")) == 1
    assert laptop_summaries(wang) == expected == laptop_summaries(li)
    # The edit made after the backup meets its older self in the restored store. The
    # store cannot tell that from two people's edits, so it keeps both: the newest value
    # wins and the older one is listed for a manager, never dropped.
    listed = {
        (c["entity"], c["row_id"], c["field"], c["kept_value"], c["lost_value"])
        for c in central.conflicts()
    }
    assert listed <= {("visit", first, "summary", "首次座谈（已补充纪要）", "首次座谈")}


def test_a_new_store_id_resends_without_duplicates_or_conflicts(
    laptops: Any, central: Central
) -> None:
    """On both kinds of store: the admin's command works under the store's own roles."""
    wang: Device = laptops("wang")
    company = wang.company()
    visit = wang.visit(company)
    wang.sync()
    before = central.rows("visit")
    admin.mark_restored(central.address)
    summary = wang.sync()
    assert summary.resent >= 2 and summary.rejected == 0
    after = central.rows("visit")
    assert [r["id"] for r in after] == [visit] and after[0]["summary"] == before[0]["summary"]
    assert central.conflicts() == [] and wang.conflicts() == []
    assert wang.outbox() == []  # all sent, accepted


def test_restored_on_a_store_never_set_up_says_so(tmp_path: Path) -> None:
    address = CentralAddress.parse(f"sqlite:///{tmp_path / 'none.db'}")
    sqlite3.connect(tmp_path / "none.db").close()
    with pytest.raises(KnownError) as caught:
        admin.mark_restored(address)
    assert caught.value.code == "central_not_initialised"


@pytest.mark.slow
@SQLITE_ONLY
def test_the_command_line_says_what_happens_next(central: Central, tmp_path: Path) -> None:
    done = liaison("central", "restored", central.admin_url, data=tmp_path / "admin")
    assert done.returncode == 0, done.stderr
    store_id = admin.status(central.address)["store_id"]
    assert store_id in done.stdout and "重新发送全部记录" in done.stdout
