"""Write a file whole or not at all.

A cancelled or failed export must not leave a half-written workbook where the user expects
a good one: the workbook is written to a temporary file in the same folder (so the final
rename stays on one file system and is atomic), then renamed over the target.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from liaison_app.domain.errors import KnownError


def os_error(exc: OSError, path: Path) -> KnownError:
    """The user's message for an OS error on ``path``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return KnownError("file_disk_full", path=str(path))
    if isinstance(exc, PermissionError):
        # On Windows a workbook open in Excel cannot be replaced: "file in use".
        if path.exists():
            return KnownError("file_locked", path=str(path))
        return KnownError("file_not_writable", path=str(path))
    if isinstance(exc, FileNotFoundError):
        return KnownError("file_not_writable", path=str(path))
    return KnownError("file_not_writable", path=str(path))


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it to ``target``.

    On any error (cancel included) the temporary file is removed and ``target`` is left as
    it was.
    """
    target = Path(target)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=".part" + target.suffix, dir=target.parent
        )
    except OSError as exc:
        raise os_error(exc, target) from exc
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise os_error(exc, target) from exc
    except BaseException:
        with suppress(OSError):
            temp.unlink()
        raise
