"""A rotating log file in the data folder: the full detail of every error goes there."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

log = logging.getLogger("liaison")


def setup_logging(folder: Path, level: int = logging.INFO) -> Path:
    """Log to ``folder/liaison.log`` (1 MB x 5 files); returns the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "liaison.log"
    root = logging.getLogger()
    if not any(getattr(h, "liaison", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        handler.liaison = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(level)
    return path
