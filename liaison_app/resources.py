"""Where the shipped resources (translations, style sheet, icons) are found at run time.

In a source checkout they sit in ``resources/`` beside the package; a wheel or a PyInstaller
bundle carries them inside the package as ``liaison_app/resources``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    package = Path(__file__).resolve().parent
    bundled = getattr(sys, "_MEIPASS", None)
    candidates = [package / "resources", package.parent / "resources"]
    if bundled:
        candidates.insert(0, Path(bundled) / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]
