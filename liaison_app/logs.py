"""A rotating log file in the data folder: the full detail of every error goes there."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("liaison")

MAX_BYTES = 1_000_000
BACKUPS = 5


class RotatingLog(logging.Handler):
    """``folder/liaison.log`` (1 MB x 5 files), opened with the first record.

    ``logging.handlers`` brings the socket, pickle and queue modules: a few milliseconds of
    every start-up, which mostly logs nothing before the window shows.
    """

    liaison = True  # marks the app's own handler (set up once per process)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            self._file = RotatingFileHandler(
                self.path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def setup_logging(folder: Path, level: int = logging.INFO) -> Path:
    """Log to ``folder/liaison.log`` (1 MB x 5 files); returns the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "liaison.log"
    root = logging.getLogger()
    if not any(getattr(h, "liaison", False) for h in root.handlers):
        handler = RotatingLog(path)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(level)
    return path
