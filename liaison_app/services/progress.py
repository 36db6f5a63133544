"""Progress and cancellation for long work, without Qt: services take a ``Progress``.

The UI hands in one that forwards to a progress bar (and whose ``cancelled`` follows the
Cancel button); the CLI and tests hand in ``NullProgress`` or their own.
"""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """The user cancelled; the work undid what it had started."""


class Progress(Protocol):
    def report(self, done: int, total: int) -> None: ...

    def say(self, text: str) -> None:
        """What the work is doing now, in the user's words (the bar alone cannot say it)."""

    @property
    def cancelled(self) -> bool: ...


class NullProgress:
    cancelled = False

    def report(self, done: int, total: int) -> None:
        pass

    def say(self, text: str) -> None:
        pass


def check_cancelled(progress: Progress) -> None:
    if progress.cancelled:
        raise Cancelled
