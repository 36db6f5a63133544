"""``central init / add-user / status``, ``connect`` and ``sync`` as a person types them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sync.conftest import Central, make_central

pytestmark = pytest.mark.slow


def liaison(
    *args: str, data: Path | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    prefix = ["--data-dir", str(data)] if data else []
    return subprocess.run(
        [sys.executable, "-m", "liaison_app", *prefix, "--lang", "zh_CN", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def add_wang(central: Central, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return liaison(
        "central", "add-user", central.admin_url, central.login("wang"), "--name", "王浩然",
        "--office", "上海联络办", "--role", "staff", "--password-stdin",
        stdin="s3cret\n", data=tmp_path / "admin",
    )  # fmt: skip


@pytest.fixture
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Central:
    """A central store not initialised yet (the CLI does it)."""
    return make_central(request.param, request, tmp_path, init=False)


@pytest.mark.parametrize(
    "fresh", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_headquarters_sets_up_and_a_laptop_connects_and_syncs(
    fresh: Central, tmp_path: Path
) -> None:
    url = fresh.admin_url
    first = liaison("central", "init", url, data=tmp_path / "admin")
    assert first.returncode == 0 and "中心库已就绪" in first.stdout, first.stderr
    again = liaison("central", "init", url, data=tmp_path / "admin")  # idempotent
    assert again.returncode == 0 and again.stdout == first.stdout
    login = fresh.login("wang")
    added = add_wang(fresh, tmp_path)
    assert added.returncode == 0 and "已添加人员" in added.stdout, added.stderr

    laptop = tmp_path / "laptop"
    connected = liaison(
        "connect",
        fresh.laptop_url,
        "--user",
        login,
        "--password-stdin",
        stdin="s3cret\n",
        data=laptop,
    )
    assert connected.returncode == 0, connected.stderr
    assert "上海联络办" in connected.stdout and "招商人员" in connected.stdout
    if fresh.kind == "postgres":  # no keyring here: said plainly, nothing stored
        assert "密钥环不可用" in connected.stdout

    synced = liaison("sync", "--password-stdin", "--json", stdin="s3cret\n", data=laptop)
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout)["rejected"] == 0

    status = liaison("central", "status", url, "--json", data=tmp_path / "admin")
    report = json.loads(status.stdout)
    assert report["offices"] == ["上海联络办"]
    assert [u["login"] for u in report["users"]] == [login]
    assert len(report["devices"]) == 1 and report["devices"][0]["login"] == login


def test_sync_before_connect_says_what_to_do(tmp_path: Path) -> None:
    result = liaison("sync", data=tmp_path / "laptop")
    assert result.returncode == 2
    assert "liaison-app connect" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "fresh", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_sync_failures_exit_2_with_a_message(fresh: Central, tmp_path: Path) -> None:
    liaison("central", "init", fresh.admin_url, data=tmp_path / "admin")
    login = fresh.login("wang")
    add_wang(fresh, tmp_path)
    laptop = tmp_path / "laptop"
    liaison(
        "connect",
        fresh.laptop_url,
        "--user",
        login,
        "--password-stdin",
        stdin="s3cret\n",
        data=laptop,
    )
    if fresh.checks_passwords:
        wrong = liaison("sync", "--password-stdin", stdin="wrong\n", data=laptop)
        assert wrong.returncode == 2 and "密码错误" in wrong.stderr
        assert "Traceback" not in wrong.stderr
    no_password = liaison("sync", data=laptop)  # no keyring, no terminal: cannot ask
    assert no_password.returncode == 2 and "--password-stdin" in no_password.stderr
    # TLS demanded of a server without it: the certificate/TLS message, not a traceback.
    tls = liaison(
        "connect",
        fresh.laptop_url + "?sslmode=verify-full",
        "--user",
        login,
        "--password-stdin",
        stdin="s3cret\n",
        data=tmp_path / "tls",
    )
    assert tls.returncode == 2 and "证书" in tls.stderr, tls.stderr
