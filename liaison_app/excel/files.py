"""Write a file whole or not at all.

A cancelled or failed export must not leave a half-written workbook where the user expects
a good one: the workbook is written to a temporary file in the same folder (so the final
rename stays on one file system and is atomic), then renamed over the target.
"""

from __future__ import annotations

import errno
import os
import secrets
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


NEW_FILE_MODE = 0o666  # less the umask, as for any file a program creates


def _new_file(target: Path) -> Path:
    """Create an empty, unique file beside ``target`` with a new file's usual permissions.

    ``tempfile.mkstemp`` would make it 0600, and the rename would keep that: a workbook
    meant to be shared (copied to a share, opened by a colleague) must not be private.
    """
    for _ in range(100):
        name = f".{target.stem}.{secrets.token_hex(4)}.part{target.suffix}"
        path = target.parent / name
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE)
        except FileExistsError:
            continue
        os.close(fd)
        return path
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target))


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it to ``target``.

    On any error (cancel included) the temporary file is removed and ``target`` is left as
    it was.
    """
    target = Path(target)
    try:
        temp = _new_file(target)
    except OSError as exc:
        raise os_error(exc, target) from exc
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
