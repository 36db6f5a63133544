"""The icon files are the script's current output from the SVG, in containers Qt reads."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QApplication

from liaison_app.ui.app import app_icon

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
ICNS_FILE = ICONS / "liaison.icns"


def load_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "scripts" / "make_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_sizes(path: Path) -> list[int]:
    """The widths of every image Qt reads from an icon container."""
    reader = QImageReader(str(path))
    sizes = []
    for _ in range(reader.imageCount()):
        sizes.append(reader.read().width())
        reader.jumpToNextImage()
    return sorted(sizes)


def test_committed_icons_are_the_rendering_of_the_svg(qapp: QApplication, tmp_path: Path) -> None:
    script = load_script()
    written = script.make_icons(tmp_path)
    assert sorted(p.name for p in written) == sorted(
        [f"liaison-{s}.png" for s in script.PNG_SIZES] + ["liaison.ico", "liaison.icns"]
    )
    for size in script.PNG_SIZES:
        fresh, committed = (
            QImage(str(tmp_path / f"liaison-{size}.png")),
            QImage(str(ICONS / f"liaison-{size}.png")),
        )
        assert fresh.size().width() == size and fresh.size() == committed.size()
        assert largest_difference(fresh, committed) <= ROUNDING, (
            f"liaison-{size}.png is stale: run uv run python scripts/make_icons.py"
        )


ROUNDING = 2  # Qt's antialiasing rounds a channel by one either way on some CPUs (SIMD path)


def largest_difference(a: QImage, b: QImage) -> int:
    """The largest difference of one colour or alpha channel between two images' pixels."""
    first, second = (
        bytes(image.convertToFormat(QImage.Format.Format_ARGB32).constBits()) for image in (a, b)
    )
    return max((abs(x - y) for x, y in zip(first, second, strict=True)), default=0)


def test_ico_holds_every_size_and_qt_reads_it(qapp: QApplication) -> None:
    data = (ICONS / "liaison.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, 7)
    assert read_sizes(ICONS / "liaison.ico") == [16, 24, 32, 48, 64, 128, 256]


def test_icns_holds_png_entries_up_to_1024(qapp: QApplication) -> None:
    data = ICNS_FILE.read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    offset, types = 8, []
    while offset < len(data):
        kind, length = (
            data[offset : offset + 4],
            struct.unpack(">I", data[offset + 4 : offset + 8])[0],
        )
        assert data[offset + 8 : offset + 16] == b"\x89PNG\r\n\x1a\n"
        types.append(kind)
        offset += length
    assert offset == len(data)
    assert types == [b"icp4", b"icp5", b"icp6", b"ic07", b"ic08", b"ic09", b"ic10"]
    assert read_sizes(ICNS_FILE) == [16, 32, 64, 128, 256, 512, 1024]


def test_the_window_icon_has_every_png_size(qapp: QApplication) -> None:
    icon = app_icon()
    assert sorted(s.width() for s in icon.availableSizes()) == [16, 24, 32, 48, 64, 128, 256, 512]
