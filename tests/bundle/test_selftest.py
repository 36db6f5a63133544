"""``liaison-app self-test`` from a source install, as a person runs it (a fresh process
with no screen). The frozen bundle runs the same command in test_frozen.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from liaison_app.paths import DataPaths
from liaison_app.selftest import configured_central_url
from liaison_app.services.context import AppServices
from liaison_app.sync.config import save_connection

ROOT = Path(__file__).resolve().parents[2]
CHECKS_ZH = ["本地数据库与迁移", "中心库迁移", "界面翻译", "主窗口（离屏）", "Excel 工作簿"]
CHECKS_ZH += ["密码保管（keyring）", "中心数据库驱动"]


def self_test(data: Path, lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # it needs none
    return subprocess.run(
        [sys.executable, "-m", "liaison_app", "--data-dir", str(data), "--lang", lang, "self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def check_lines(stdout: str) -> dict[str, str]:
    """Check name -> the line's tag, from ``[tag] name：detail`` lines."""
    found = {}
    for line in stdout.splitlines():
        if line.startswith("["):
            tag, rest = line[1:].split("] ", 1)
            found[rest.split("：", 1)[0].split(": ", 1)[0]] = tag
    return found


def test_a_complete_install_passes_every_check_in_chinese(tmp_path: Path) -> None:
    done = self_test(tmp_path / "home", "zh_CN")
    assert done.returncode == 0, done.stdout + done.stderr
    tags = check_lines(done.stdout)
    assert list(tags) == CHECKS_ZH
    assert all(tags[name] == "通过" for name in CHECKS_ZH if name != "密码保管（keyring）")
    keyring_line = next(line for line in done.stdout.splitlines() if "keyring）：" in line)
    assert "keyring.backends." in keyring_line  # the backend, named
    if ".fail." in keyring_line:  # said plainly, and not a failure of the install
        assert keyring_line.startswith("[注意]") and "密码不会被保存" in keyring_line
    assert "未配置 PostgreSQL 中心服务器" in done.stdout
    assert done.stdout.strip().endswith("自检通过：安装完整。")
    assert not (tmp_path / "home" / "liaison.db").exists()  # the test's database is temporary


def test_english_and_the_driver_of_a_configured_central_store(
    services: AppServices, paths: DataPaths
) -> None:
    save_connection(services.store, "postgresql://db.example/liaison", "wanghr")
    assert configured_central_url(paths) == "postgresql://db.example/liaison"
    done = self_test(paths.root, "en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[ok] central store driver: psycopg 3." in done.stdout
    assert "(binary, libpq " in done.stdout  # psycopg[binary]: its own libpq
    assert done.stdout.strip().endswith("self-test passed: the installation is complete.")


def test_no_database_means_no_central_store(tmp_path: Path) -> None:
    assert configured_central_url(DataPaths(tmp_path)) is None
    (tmp_path / "liaison.db").write_bytes(b"")  # not ours: still no URL, no error
    assert configured_central_url(DataPaths(tmp_path)) is None
