"""The command line: the sample data, stats --json, search, check, backup and restore."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from liaison_app import __version__
from liaison_app.cli import run


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data), "--lang", "zh_CN", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_dir(tmp_path: Path, demo_template: Path) -> Path:
    data = tmp_path / "home"
    data.mkdir()
    (data / "liaison.db").write_bytes(demo_template.read_bytes())
    return data


def test_demo_then_stats_json_gives_the_reported_figures(capsys, tmp_path: Path) -> None:
    data = tmp_path / "home"
    code, out, _ = cli(capsys, data, "demo", "--seed", "7")
    assert code == 0 and "3 个联络办" in out
    code, out, _ = cli(capsys, data, "stats", "--json")
    assert code == 0
    stats = json.loads(out)
    assert (
        stats["offices"],
        stats["companies_visited"],
        stats["valid_leads"],
        stats["signed_deals"],
    ) == (3, 219, 52, 17)
    assert stats["valid_lead_investment_yuan"] == 13_100_000_000
    keys = {
        "visits",
        "companies_visited",
        "leads",
        "valid_leads",
        "valid_lead_investment_yuan",
        "signed_deals",
        "signed_investment_yuan",
        "deals_100m_plus",
        "groundbroken_deals",
        "funds_in_place_yuan",
    }
    assert keys <= set(stats)
    for figures in stats["by_office"].values():
        assert set(figures) == keys
    code, _, err = cli(capsys, data, "demo")
    assert code == 2 and err.strip()  # refuses a database that has data


def test_stats_for_a_period_and_office(capsys, demo_dir: Path) -> None:
    code, out, _ = cli(
        capsys,
        demo_dir,
        "stats",
        "--from",
        "2020年3月1日",
        "--to",
        "2020/3/31",
        "--office",
        "北京联络办",
        "--json",
    )
    assert code == 0
    stats = json.loads(out)
    assert list(stats["by_office"]) == ["北京联络办"]
    assert 0 < stats["visits"] < 103
    code, out, _ = cli(capsys, demo_dir, "stats")
    assert code == 0 and "131.00 亿元" in out and "上海联络办" in out


def test_bad_arguments_give_messages_not_tracebacks(capsys, demo_dir: Path) -> None:
    code, _, err = cli(capsys, demo_dir, "stats", "--from", "2020-02-30")
    assert code == 2 and "2020-02-30" in err and "Traceback" not in err
    code, _, err = cli(capsys, demo_dir, "stats", "--office", "广州联络办")
    assert code == 2 and "广州联络办" in err and "上海联络办" in err


def test_search_json_is_the_app_search(capsys, demo_dir: Path) -> None:
    code, out, _ = cli(capsys, demo_dir, "search", "上海", "--kind", "companies", "--json")
    hits = json.loads(out)
    assert code == 0 and hits and all("上海" in h["company"] for h in hits)
    code, out, _ = cli(capsys, demo_dir, "search", "视频洽谈", "--kind", "visits", "--json")
    assert code == 0 and json.loads(out)


def test_check_backup_and_restore(capsys, demo_dir: Path, tmp_path: Path) -> None:
    code, out, _ = cli(capsys, demo_dir, "check")
    assert code == 0 and "ok" in out
    backup = tmp_path / "copy.db"
    code, out, _ = cli(capsys, demo_dir, "backup", str(backup))
    assert code == 0 and backup.exists()

    conn = sqlite3.connect(demo_dir / "liaison.db")
    conn.execute("UPDATE visits SET deleted = 1")
    conn.commit()
    conn.close()
    _, out, _ = cli(capsys, demo_dir, "stats", "--json")
    assert json.loads(out)["visits"] == 0

    code, out, _ = cli(capsys, demo_dir, "restore", str(backup))
    assert code == 0
    _, out, _ = cli(capsys, demo_dir, "stats", "--json")
    assert json.loads(out)["visits"] == 351
    assert list((demo_dir / "backups").glob("pre-restore-*.db"))  # the replaced data is kept
    # The backup stays one file: no -wal/-shm left beside it after being read.
    assert [p.name for p in tmp_path.glob("copy.db*")] == ["copy.db"]


def test_check_finds_a_visit_tally_that_disagrees(capsys, demo_dir: Path) -> None:
    conn = sqlite3.connect(demo_dir / "liaison.db")
    conn.execute("DROP TRIGGER visit_tally_au")  # as a stray SQLite client could
    conn.execute("UPDATE visits SET deleted = 1 WHERE rowid <= 3")
    conn.commit()
    conn.close()
    code, out, _ = cli(capsys, demo_dir, "check")
    assert code == 1 and "拜访统计表" in out


def test_restoring_a_corrupt_file_is_refused_and_keeps_the_data(
    capsys, demo_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00garbage" * 1000)
    code, _, err = cli(capsys, demo_dir, "restore", str(bad))
    assert code == 2 and str(bad) in err
    _, out, _ = cli(capsys, demo_dir, "stats", "--json")
    assert json.loads(out)["visits"] == 351


def test_a_corrupt_database_gives_the_way_out(capsys, tmp_path: Path) -> None:
    data = tmp_path / "home"
    data.mkdir()
    (data / "liaison.db").write_bytes(b"not a database" * 500)
    code, _, err = cli(capsys, data, "stats")
    assert code == 2 and "restore" in err and "Traceback" not in err
    code, _, err = cli(capsys, data, "check")
    assert code == 2 and err.strip()


def test_liaison_home_works_like_data_dir(tmp_path: Path) -> None:
    env = {**os.environ, "LIAISON_HOME": str(tmp_path / "home"), "LANG": "en_US.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-m", "liaison_app", "demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "3 offices" in result.stdout
    assert (tmp_path / "home" / "liaison.db").exists()
    version = subprocess.run(
        [sys.executable, "-m", "liaison_app", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert version.stdout.strip() == f"liaison-app {__version__}"


def test_a_reader_that_closes_the_pipe_is_not_reported_as_a_bug(demo_dir: Path) -> None:
    """``liaison-app stats --json | head -c1``: the reader leaves early; no internal error."""
    env = {**os.environ, "LIAISON_HOME": str(demo_dir), "LANG": "en_US.UTF-8"}
    child = subprocess.Popen(
        [sys.executable, "-m", "liaison_app", "stats", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    child.stdout.close()  # before the child writes: its write meets a closed pipe
    _, err = child.communicate(timeout=120)
    assert child.returncode == 1
    assert err == ""
    log = (demo_dir / "logs").glob("*.log")
    assert not any("bug in stats" in path.read_text(encoding="utf-8") for path in log)


def test_the_window_parses_its_options_without_the_commands(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Only ``--data-dir`` and ``--lang``: the window's short parser; anything else (a
    command, a typo, help) gets the whole command line and its messages."""
    from liaison_app.cli import build_parser, opens_the_window

    window = ["--data-dir", str(tmp_path), "--lang=en"]
    assert opens_the_window(window) and opens_the_window([])
    args = build_parser(commands=False).parse_args(window)
    assert (args.command, args.lang, args.data_dir) == (None, "en", str(tmp_path))
    for other in (["stats"], ["--data-dir", str(tmp_path), "stat"], ["-h"], ["--data-dir"]):
        assert not opens_the_window(other)
    with pytest.raises(SystemExit):
        run(["--data-dir", str(tmp_path), "stat"])
    assert "invalid choice: 'stat'" in capsys.readouterr().err
