"""Pause Python's cycle collector while a bulk load builds many long-lived objects.

An import of 100k rows allocates millions of small dicts, lists and strings that all live
until the load ends. Each time enough objects have been allocated the collector walks
every one of them (it is about 6% of such an import) and frees nothing: they hold no
cycles, and reference counting frees them afterwards. So the load runs with the collector
off and it is switched back on, as it was, however the load ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Switch the cycle collector off for the block (nested uses keep it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
