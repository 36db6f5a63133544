"""Work around a reference-count bug of PySide6 6.12 on Python 3.11.

This PySide6 hands ``None``, ``True`` and ``False`` back and forth without counting the
references, as Python 3.12 allows (there they are immortal): every call of a void Qt method
from Python drops one reference to ``None`` (``widget.setText(...)``), every
``signal.emit(...)`` one to ``True``, every model ``data()`` override that returns ``None``
one more. On Python 3.11 the count reaches zero after a few thousand calls and the process
dies with "Fatal Python error: none_dealloc" (or bool_dealloc).

``make_singletons_immortal`` does what Python 3.12 does: it gives these three objects a
reference count so large that no number of lost references brings it to zero. It runs once,
when ``liaison_app.ui`` is imported, before any Qt call; on 3.12 and later it does nothing.
"""

from __future__ import annotations

import ctypes
import sys

IMMORTAL_REFCOUNT = 1 << 40  # ~10^12 lost references before trouble; 3.12 uses 2^32 - 1

_done = False


def make_singletons_immortal() -> bool:
    """Returns True when it raised the counts (Python < 3.12, first call)."""
    global _done
    if _done or sys.version_info >= (3, 12):
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every object in CPython.
        ctypes.c_ssize_t.from_address(id(obj)).value += IMMORTAL_REFCOUNT
    _done = True
    return True
