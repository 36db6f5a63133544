"""The desktop bundle, built from this checkout by build.spec with the pinned PyInstaller,
proves itself: ``self-test``, the sample data's figures, the window's first paint, the
central store on PostgreSQL through the bundled driver, and a missing file named."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from liaison_app.db.store import Store
from liaison_app.domain.enums import Role
from liaison_app.services.context import AppServices
from liaison_app.services.session_user import sign_in
from liaison_app.sync.config import save_connection
from liaison_app.ui.app import PROBE_ENV

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# Windows: liaison-app.exe has no console, liaison-cli.exe is the command line.
COMMAND = "liaison-cli.exe" if sys.platform == "win32" else "liaison-app"
BUILD_TIMEOUT_S = 1800


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``pyinstaller build.spec`` into a temporary folder; the folder dist/liaison-app/."""
    out = tmp_path_factory.mktemp("bundle")
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(out / "dist"), "--workpath", str(out / "build"),
         str(ROOT / "build.spec")],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-5000:]
    folder = out / "dist" / "liaison-app"
    assert (folder / COMMAND).is_file()
    return folder


def frozen(
    bundle: Path, data: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    return subprocess.run(
        [str(bundle / COMMAND), "--data-dir", str(data), *args],
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_self_test_passes(bundle: Path, tmp_path: Path) -> None:
    done = frozen(bundle, tmp_path / "home", "--lang", "zh_CN", "self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "自检（打包版" in done.stdout
    assert "[缺失]" not in done.stdout and "自检通过：安装完整。" in done.stdout


def test_demo_then_stats_json_gives_the_reported_figures(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "home"
    demo = frozen(bundle, data, "--lang", "zh_CN", "demo")
    assert demo.returncode == 0 and "3 个联络办" in demo.stdout, demo.stderr
    done = frozen(bundle, data, "stats", "--json")
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    figures = ("offices", "companies_visited", "valid_leads", "signed_deals")
    assert tuple(stats[key] for key in figures) == (3, 219, 52, 17)
    assert stats["valid_lead_investment_yuan"] == 13_100_000_000


def test_the_window_paints_its_first_page(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "home"
    assert frozen(bundle, data, "demo").returncode == 0
    store = Store.open(data / "liaison.db", data / "backups")
    try:
        sign_in(AppServices(store), "王浩然", "上海联络办", Role.staff)
    finally:
        store.close()
    done = frozen(bundle, data, env={PROBE_ENV: "1", "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("first-paint ")


@pytest.mark.postgres
def test_the_bundled_driver_sets_up_a_central_store_on_postgresql(
    bundle: Path, tmp_path: Path, pg_database
) -> None:  # type: ignore[no-untyped-def]
    admin = tmp_path / "admin"
    init = frozen(bundle, admin, "--lang", "zh_CN", "central", "init", pg_database.admin_url)
    assert init.returncode == 0 and "中心库已就绪" in init.stdout, init.stderr
    status = frozen(bundle, admin, "central", "status", pg_database.admin_url, "--json")
    assert status.returncode == 0 and json.loads(status.stdout)["schema_version"] >= 1
    laptop = tmp_path / "laptop"
    store = Store.open(laptop / "liaison.db", laptop / "backups")
    try:
        save_connection(store, pg_database.url("wanghr"), "wanghr")
    finally:
        store.close()
    done = frozen(bundle, laptop, "--lang", "en", "self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[ok] central store driver: psycopg 3." in done.stdout and "(binary," in done.stdout


def test_a_missing_file_is_named_and_fails(bundle: Path, tmp_path: Path) -> None:
    """Last: it takes the central migrations out of the bundle."""
    migrations = bundle / "_internal" / "liaison_app" / "sync" / "central" / "migrations"
    assert migrations.is_dir()
    shutil.rmtree(migrations)
    done = frozen(bundle, tmp_path / "home", "--lang", "zh_CN", "self-test")
    assert done.returncode == 1
    assert "[缺失] 中心库迁移：" in done.stdout and "migrations" in done.stdout
    assert "[通过] 本地数据库与迁移" in done.stdout  # the other checks still ran
    assert done.stdout.strip().endswith("自检未通过：中心库迁移。")
