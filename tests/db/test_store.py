"""The local store: schema, pragmas, migrations with backups, faults of the environment."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from liaison_app.db.migrate import read_revision, upgrade
from liaison_app.db.revision import HEAD, KNOWN_REVISIONS
from liaison_app.db.store import Store
from liaison_app.domain.errors import KnownError
from liaison_app.paths import DataPaths
from liaison_app.services.actor import SYSTEM
from liaison_app.services.context import AppServices


def test_new_database_is_at_head_with_wal_and_foreign_keys(store: Store) -> None:
    assert read_revision(store.path) == HEAD
    with store.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        tables = set(
            session.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars()
        )
    for table in (
        "offices",
        "staff",
        "companies",
        "contacts",
        "visits",
        "leads",
        "deals",
        "change_log",
        "outbox",
        "conflicts",
        "sync_state",
        "visits_fts",
        "visits_pairs",
        "visit_tally",
    ):
        assert table in tables


def test_known_revisions_match_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "liaison_app.db:migrations")
    script = ScriptDirectory.from_config(config)
    walked = [rev.revision for rev in script.walk_revisions()]
    assert tuple(reversed(walked)) == KNOWN_REVISIONS
    assert script.get_current_head() == HEAD


def test_list_view_indexes_exist(store: Store) -> None:
    with store.read() as session:
        indexes = set(
            session.execute(text("SELECT name FROM sqlite_master WHERE type='index'")).scalars()
        )
    assert {
        "ix_visits_live_date",
        "ix_visits_live_office",
        "ix_visits_live_company",
        "ix_leads_stage",
        "ix_deals_live_signed",
    } <= indexes


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), store.write() as session:
        session.execute(
            text(
                "INSERT INTO contacts (id, company_id, name, title, phone, email, notes,"
                " created_at, updated_at, hlc, field_clocks, deleted) VALUES ('x',"
                " 'no-such-company', 'n', '', '', '', '', '2020-01-01', '2020-01-01', '', '{}', 0)"
            )
        )


def test_migration_takes_a_backup_first_and_indexes_existing_rows(paths: DataPaths) -> None:
    upgrade(paths.database, "0001_initial")
    conn = sqlite3.connect(paths.database)
    conn.execute(
        "INSERT INTO companies (id, name, name_key, industry_chain, region, address, listed,"
        " foreign_funded, notes, created_at, updated_at, hlc, field_clocks, deleted)"
        " VALUES ('c1', '青岛海尔智家股份有限公司', 'k', '', '', '', 0, 0, '', '2020-01-01',"
        " '2020-01-01', '', '{}', 0)"
    )
    conn.commit()
    conn.close()

    store = Store.open(paths.database, paths.backups)
    try:
        backups = list(paths.backups.glob("pre-migration-0001_initial-*.db"))
        assert len(backups) == 1
        assert read_revision(backups[0]) == "0001_initial"
        assert read_revision(paths.database) == HEAD
        services = AppServices(store)
        assert [h.title for h in services.search.search("海尔", "companies")] == [
            "青岛海尔智家股份有限公司"
        ]
    finally:
        store.close()


def test_only_the_last_migration_backups_are_kept(paths: DataPaths) -> None:
    from liaison_app.db.migrate import KEEP_MIGRATION_BACKUPS

    for _ in range(KEEP_MIGRATION_BACKUPS + 2):
        paths.database.unlink(missing_ok=True)
        upgrade(paths.database, "0001_initial")
        Store.open(paths.database, paths.backups).close()
    assert len(list(paths.backups.glob("pre-migration-*.db"))) == KEEP_MIGRATION_BACKUPS


def test_a_database_from_a_newer_app_is_refused_not_migrated(paths: DataPaths) -> None:
    Store.open(paths.database, paths.backups).close()
    conn = sqlite3.connect(paths.database)
    conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.commit()
    conn.close()
    before = paths.database.read_bytes()

    with pytest.raises(KnownError) as caught:
        Store.open(paths.database, paths.backups)
    assert caught.value.code == "db_too_new"
    assert "0099_future" in caught.value.message
    assert paths.database.read_bytes() == before


def test_a_corrupt_file_gives_a_known_error(paths: DataPaths) -> None:
    paths.database.write_bytes(b"this is not a database, just some text " * 200)
    with pytest.raises(KnownError) as caught:
        Store.open(paths.database, paths.backups)
    assert caught.value.code == "db_corrupt"
    assert "恢复" in caught.value.message  # the way out: restore a backup


def test_a_locked_database_gives_a_known_error_and_loses_nothing(paths: DataPaths) -> None:
    store = Store.open(paths.database, paths.backups, busy_timeout_ms=200)
    services = AppServices(store)
    office = services.records.create("office", {"name": "上海联络办"}, SYSTEM)
    blocker = sqlite3.connect(paths.database)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(KnownError) as caught:
            services.records.update("office", office, {"name": "深圳联络办"}, SYSTEM)
        assert caught.value.code == "db_locked"
    finally:
        blocker.rollback()
        blocker.close()
    assert services.records.get("office", office)["name"] == "上海联络办"
    services.records.update("office", office, {"name": "深圳联络办"}, SYSTEM)
    assert services.records.get("office", office)["name"] == "深圳联络办"
    store.close()


def test_a_read_only_database_gives_a_known_error(paths: DataPaths) -> None:
    store = Store.open(paths.database, paths.backups)
    services = AppServices(store)
    services.records.create("office", {"name": "上海联络办"}, SYSTEM)
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(paths.database) + suffix).unlink(missing_ok=True)
    if subprocess.run(["chattr", "+i", str(paths.database)], capture_output=True).returncode:
        pytest.skip("chattr +i is not supported on this file system (needed as root)")
    try:
        with pytest.raises(KnownError) as caught:
            store = Store.open(paths.database, paths.backups)
            AppServices(store).records.create("office", {"name": "北京联络办"}, SYSTEM)
        assert caught.value.code in ("db_readonly", "db_locked")
    finally:
        subprocess.run(["chattr", "-i", str(paths.database)], check=True)


@pytest.mark.slow
def test_a_process_killed_mid_write_leaves_a_valid_database(paths: DataPaths) -> None:
    """SIGKILL while saving in a loop: every acknowledged record survives, the file is intact."""
    Store.open(paths.database, paths.backups).close()
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from liaison_app.db.store import Store
        from liaison_app.services.actor import SYSTEM
        from liaison_app.services.context import AppServices
        store = Store.open(Path({str(paths.database)!r}))
        services = AppServices(store)
        office = services.records.create("office", {{"name": "上海联络办"}}, SYSTEM)
        i = 0
        while True:
            services.records.create("company", {{"name": f"测试企业{{i}}有限公司"}}, SYSTEM)
            print(i, flush=True)
            i += 1
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    acknowledged = -1
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= 60:
            break
    proc.kill()
    proc.wait()
    proc.stdout.close()

    conn = sqlite3.connect(paths.database)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    saved = conn.execute("SELECT count(*) FROM companies").fetchone()[0]
    logged = conn.execute(
        "SELECT count(DISTINCT row_id) FROM change_log WHERE entity = 'company'"
    ).fetchone()[0]
    conn.close()
    assert saved >= acknowledged + 1  # every acknowledged save survived the kill
    assert logged == saved  # history and record are written together or not at all
    store = Store.open(paths.database, paths.backups)
    assert AppServices(store).search.search("测试企业", "companies", limit=1000)
    store.close()
