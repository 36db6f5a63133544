"""Without a display the app says so and exits with status 2, before Qt aborts with its
misleading "Reinstalling the application may fix this problem" (status 134)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from liaison_app.domain.i18n import msg, set_language
from liaison_app.ui.display import XCB_LIBRARIES, display_problem, missing_libraries

ROOT = Path(__file__).resolve().parents[2]


def start_app(tmp_path: Path, lang: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return subprocess.run(
        [sys.executable, "-m", "liaison_app", "--data-dir", str(tmp_path / "data"), "--lang", lang],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_display_is_a_clear_message_in_the_users_language(tmp_path: Path) -> None:
    for lang in ("zh_CN", "en"):
        done = start_app(tmp_path, lang)
        set_language(lang)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == msg("no_display")
    set_language("zh_CN")
    assert "DISPLAY" in msg("no_display") and "图形显示" in msg("no_display")
    assert not (tmp_path / "data" / "liaison.db").exists()  # nothing was opened


def test_an_unusable_display_names_the_missing_libraries(tmp_path: Path) -> None:
    """A display that cannot be used: the missing xcb libraries by name (this machine lacks
    some), else a display that does not answer."""
    done = start_app(tmp_path, "zh_CN", DISPLAY=":97")
    set_language("zh_CN")
    assert done.returncode == 2, done.stderr
    missing = missing_libraries()
    if missing:
        for library, package in missing:
            assert library in done.stderr and package in done.stderr
        assert "缺少" in done.stderr
    else:
        assert done.stderr.strip() == msg("display_unreachable", display=":97")
    assert "Reinstalling" not in done.stderr


def test_what_is_checked_where() -> None:
    assert display_problem({}, "win32") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({}, "linux") == msg("no_display")
    assert display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux") == msg("no_display")
    assert {lib for lib, _ in missing_libraries()} <= {lib for lib, _ in XCB_LIBRARIES}
