"""Can a window be shown at all? Asked before QApplication exists, because Qt's xcb
platform aborts the process (status 134) with a message that blames the application
("Reinstalling the application may fix this problem") when the real cause is the machine:
no display, or a system library the X11 plugin needs.

Only Linux is checked; elsewhere (and for any platform plugin other than xcb) Qt's own
start-up is trusted. Loading a library by its soname asks the same dynamic loader Qt will,
and takes microseconds when it is there.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from liaison_app.domain.i18n import msg

# The system libraries Qt's xcb plugin links against beyond libxcb itself, with the
# Debian/Ubuntu package that brings each (other distributions use similar names).
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb.so.1", "libxcb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
)


def loadable(soname: str) -> bool:
    import ctypes  # here: only the xcb plugin's check needs it

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries() -> list[tuple[str, str]]:
    """(library, package) of the xcb plugin's libraries the loader cannot find."""
    return [(lib, package) for lib, package in XCB_LIBRARIES if not loadable(lib)]


def x_server_answers(display: str) -> bool:
    """Whether an X server accepts a connection on ``display`` (through libxcb)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # reported as a missing library instead
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)


def display_problem(
    environ: Mapping[str, str] | None = None, platform: str = sys.platform
) -> str | None:
    """Why no window can be opened, in the user's language; None when one can (or when
    only Qt can tell)."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return None
    plugin = env.get("QT_QPA_PLATFORM", "")
    if plugin and not plugin.startswith("xcb"):
        return None  # offscreen, wayland, vnc…: chosen on purpose
    if not plugin and env.get("WAYLAND_DISPLAY"):
        return None  # Qt tries Wayland first
    display = env.get("DISPLAY", "")
    if not display:
        return msg("no_display")
    missing = missing_libraries()
    if missing:
        return msg(
            "display_libraries_missing",
            libraries=", ".join(lib for lib, _ in missing),
            packages=" ".join(package for _, package in missing),
        )
    if not x_server_answers(display):
        return msg("display_unreachable", display=display)
    return None
