"""Render the application icon from its SVG source into the sizes the platforms need.

    uv run python scripts/make_icons.py            # rewrite resources/icons/*
    uv run python scripts/make_icons.py OUT_DIR    # write them elsewhere (the test does)

Writes ``liaison-<size>.png`` (the window icon and Linux), ``liaison.ico`` (Windows: PNG
entries 16-256) and ``liaison.icns`` (macOS: PNG entries 16-1024). Both containers are
written here from the PNGs: Qt's own writers put a single image in a file.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SOURCE = ICONS / "liaison.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# macOS icon types holding PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}
ICNS_TYPES[1024] = b"ic10"


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (read by Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png
        for size, png in sorted(pngs.items())
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons(out: Path) -> list[Path]:
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_TYPES))
    pngs = {size: render(renderer, size) for size in sizes}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size in PNG_SIZES:
        written.append(out / f"liaison-{size}.png")
        written[-1].write_bytes(pngs[size])
    written.append(out / "liaison.ico")
    written[-1].write_bytes(ico({s: pngs[s] for s in ICO_SIZES}))
    written.append(out / "liaison.icns")
    written[-1].write_bytes(icns({s: pngs[s] for s in ICNS_TYPES}))
    return written


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(argv[:1])
    out = Path(argv[1]) if len(argv) > 1 else ICONS
    for path in make_icons(out):
        print(path)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
