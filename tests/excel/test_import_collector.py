"""The import runs with Python's cycle collector paused, and always switches it back on."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from liaison_app.domain.errors import KnownError
from liaison_app.gc_pause import collector_paused
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService


class CollectorWatch:
    """A real progress reporter that notes whether the collector ran at each report."""

    cancelled = False

    def __init__(self) -> None:
        self.seen: list[bool] = []

    def report(self, done: int, total: int) -> None:
        self.seen.append(gc.isenabled())

    def say(self, text: str) -> None:
        pass


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_import_pauses_the_collector_and_restores_it(
    collector_on: None, demo_export: Path, other: AppServices
) -> None:
    watch = CollectorWatch()
    outcome = TransferService(other).import_file(demo_export, progress=watch)
    assert outcome.written and outcome.plan.created > 100
    assert watch.seen and not any(watch.seen)
    assert gc.isenabled()


def test_a_refused_file_switches_the_collector_back_on(
    collector_on: None, services: AppServices, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(KnownError):
        TransferService(services).import_file(broken)
    assert gc.isenabled()


def test_a_paused_collector_stays_paused_after_a_nested_pause() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
