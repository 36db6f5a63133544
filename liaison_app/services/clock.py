"""Clocks passed into services, so tests hand in a fixed one instead of patching time.

``HybridClock`` gives hybrid logical clock (HLC) stamps: wall-clock milliseconds, a counter
and the device id, as a string that sorts in causal order. A true conflict in a merge goes
to the larger stamp; the device id breaks ties deterministically.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Current time, naive UTC (how the database stores it)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)


class FixedClock:
    """A clock that moves only when told to: for tests and reproducible sample data."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


_EPOCH = datetime(1970, 1, 1)


def _millis(moment: datetime) -> int:
    return int((moment - _EPOCH) / timedelta(milliseconds=1))


def format_hlc(millis: int, counter: int, device: str) -> str:
    return f"{millis:013d}-{counter:05d}-{device}"


def parse_hlc(stamp: str) -> tuple[int, int, str]:
    millis, counter, device = stamp.split("-", 2)
    return int(millis), int(counter), device


class HybridClock:
    """Monotonic HLC stamps for one device, advanced past any stamp it has seen."""

    def __init__(self, clock: Clock, device_id: str) -> None:
        self.clock = clock
        self.device_id = device_id
        self._millis = 0
        self._counter = 0

    def tick(self) -> str:
        wall = _millis(self.clock.now())
        if wall > self._millis:
            self._millis, self._counter = wall, 0
        else:
            self._counter += 1
        return format_hlc(self._millis, self._counter, self.device_id)

    def observe(self, stamp: str) -> None:
        """Move past a stamp seen from elsewhere (a pulled row), as HLC requires."""
        millis, counter, _ = parse_hlc(stamp)
        if (millis, counter) > (self._millis, self._counter):
            self._millis, self._counter = millis, counter
