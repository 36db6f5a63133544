"""Excel workbooks for headquarters: the export, the HQ statistics report, the import.

openpyxl writes (the export in write-only mode, so memory stays flat as rows grow);
python-calamine reads. This package knows workbooks, headers and cell values; it never
imports the services layer: use cases live in ``services/transfer.py``, which hands in the
store, a validation function and a ``tick(done, total)`` that reports progress and raises
when the user cancels.
"""

from __future__ import annotations

from collections.abc import Callable

Tick = Callable[[int, int], None]
"""Progress callback: ``tick(done, total)``; may raise to stop the work (cancel)."""


def no_tick(done: int, total: int) -> None:
    """A ``Tick`` for callers that neither show progress nor cancel."""
