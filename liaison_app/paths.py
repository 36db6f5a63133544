"""The one place that decides where files live.

platformdirs' user data dir, overridden by ``--data-dir`` or ``LIAISON_HOME`` (tests always
override it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "liaison-app"
ENV_HOME = "LIAISON_HOME"


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "liaison.db"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def ensure(self) -> DataPaths:
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> DataPaths:
    """``--data-dir`` first, then ``LIAISON_HOME``, then the platform's user data dir."""
    if explicit:
        return DataPaths(Path(explicit).expanduser().resolve())
    env = os.environ.get(ENV_HOME)
    if env:
        return DataPaths(Path(env).expanduser().resolve())
    import platformdirs

    return DataPaths(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))
