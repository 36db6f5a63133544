"""Clocks passed into services, so tests hand in a fixed one instead of patching time.

``HybridClock`` gives hybrid logical clock (HLC) stamps: wall-clock milliseconds, a counter
and the device id. A true conflict in a merge goes to the larger stamp, compared as a tuple
(``hlc_key``), never as text; the device id breaks ties deterministically. The clock starts
past the high-water mark persisted in the database, so a restart with the system clock set
back never issues a stamp that sorts before one already given.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Current time, naive UTC (how the database stores it)."""
        ...


def local_today(clock: Clock) -> date:
    """Today where the user is (clocks give naive UTC)."""
    return clock.now().replace(tzinfo=UTC).astimezone().date()


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
MAX_DRIFT_MS = 5 * 60 * 1000
"""Stamps further than this ahead of the receiver's clock are clamped (docs/sync.md, Clocks)."""

COUNTER_DIGITS = 10
"""Ten digits: 10^10 ticks within one millisecond never happen, so stamps keep sorting."""

HlcKey = tuple[int, int, str]


def millis(moment: datetime) -> int:
    return int((moment - _EPOCH) / timedelta(milliseconds=1))


def format_hlc(wall_ms: int, counter: int, device: str) -> str:
    return f"{wall_ms:013d}-{counter:0{COUNTER_DIGITS}d}-{device}"


def parse_hlc(stamp: str) -> HlcKey:
    wall_ms, counter, device = stamp.split("-", 2)
    return int(wall_ms), int(counter), device


def hlc_key(stamp: str | None) -> HlcKey:
    """The order of stamps: a tuple, so counters of any width compare right; '' sorts first."""
    return parse_hlc(stamp) if stamp else (0, 0, "")


def clamp_stamp(stamp: str, now_ms: int) -> str:
    """A stamp no further than ``MAX_DRIFT_MS`` ahead of ``now_ms``.

    A laptop whose clock says 2030 would otherwise win every conflict for years.
    """
    limit = now_ms + MAX_DRIFT_MS
    if int(stamp.partition("-")[0]) <= limit:  # the common case, without a full parse
        return stamp
    _, counter, device = parse_hlc(stamp)
    return format_hlc(limit, counter, device)


class HybridClock:
    """Monotonic HLC stamps for one device, advanced past any stamp it has seen."""

    def __init__(self, clock: Clock, device_id: str, high_water: str | None = None) -> None:
        self.clock = clock
        self.device_id = device_id
        self._millis, self._counter, _ = hlc_key(high_water)
        self.clamped = 0
        """How many observed stamps were too far in the future (the sync reports it)."""

    @property
    def high_water(self) -> str:
        """The last stamp given or seen, to persist so a restart starts past it."""
        return format_hlc(self._millis, self._counter, self.device_id)

    def tick(self) -> str:
        wall = millis(self.clock.now())
        if wall > self._millis:
            self._millis, self._counter = wall, 0
        else:
            self._counter += 1
        return format_hlc(self._millis, self._counter, self.device_id)

    def clamp(self, stamp: str) -> str:
        """``stamp``, or a stamp 5 minutes ahead of this clock if it claims a later time."""
        clamped = clamp_stamp(stamp, millis(self.clock.now()))
        if clamped != stamp:
            self.clamped += 1
        return clamped

    def observe(self, stamp: str) -> str:
        """Move past a stamp seen from elsewhere (a pulled row); returns it, clamped."""
        stamp = self.clamp(stamp)
        wall_ms, counter, _ = parse_hlc(stamp)
        if (wall_ms, counter) > (self._millis, self._counter):
            self._millis, self._counter = wall_ms, counter
        return stamp
