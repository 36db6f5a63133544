"""Named points in a sync where tests stop the process, to prove that a kill loses nothing.

In-process tests arm a point with a callback (raise to simulate a kill, block to hold a
transaction open). A real ``liaison-app sync`` subprocess is armed by the environment:
``LIAISON_FAILPOINT=name`` makes it print ``failpoint name`` to stderr and wait there, so
the test can SIGKILL it at exactly that line. Unarmed, a point costs one dict lookup.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

ENV = "LIAISON_FAILPOINT"
PAGE_ENV = "LIAISON_SYNC_PAGE"
"""Pull page and push batch size override: several of them out of a small data set."""

_armed: dict[str, Callable[[], None]] = {}


def arm(name: str, action: Callable[[], None]) -> None:
    _armed[name] = action


def disarm_all() -> None:
    _armed.clear()


def hit(name: str) -> None:
    action = _armed.get(name)
    if action is not None:
        action()
    if os.environ.get(ENV) == name:
        print(f"failpoint {name}", file=sys.stderr, flush=True)
        time.sleep(600)


def page_size(default: int) -> int:
    value = os.environ.get(PAGE_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else default
