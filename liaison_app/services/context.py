"""Who is acting, and the collaborators every service shares.

``AppServices`` is built once per open database (by the CLI or the UI) and handed to
whatever needs it; tests build it on a temporary file with a fixed clock.
"""

from __future__ import annotations

from sqlalchemy import select

from liaison_app.db.models import LocalMeta, new_id
from liaison_app.db.store import Store
from liaison_app.paths import DataPaths
from liaison_app.services.clock import Clock, HybridClock, SystemClock
from liaison_app.services.conflicts import ConflictService
from liaison_app.services.records import HLC_HIGH_KEY, RecordService
from liaison_app.services.review import ReviewService
from liaison_app.services.search import SearchService
from liaison_app.services.stats import StatsService

SAMPLE_DATA_KEY = "sample_data"
"""local_meta key set by ``demo``: a database of sample data refuses to push."""


def device_id(store: Store) -> str:
    """This database's device id, made once on first use and kept in ``local_meta``."""
    with store.read() as session:
        meta = session.get(LocalMeta, "device_id")
        if meta is not None:
            return meta.value
    with store.write() as session:
        meta = session.get(LocalMeta, "device_id")
        if meta is None:
            meta = LocalMeta(key="device_id", value=new_id().replace("-", "")[:12])
            session.add(meta)
        return meta.value


def get_meta(store: Store, key: str) -> str | None:
    with store.read() as session:
        return session.scalar(select(LocalMeta.value).where(LocalMeta.key == key))


def set_meta(store: Store, key: str, value: str) -> None:
    with store.write() as session:
        session.merge(LocalMeta(key=key, value=value))


class AppServices:
    """The services over one store, sharing one clock and one HLC."""

    @classmethod
    def open(cls, paths: DataPaths) -> AppServices:
        """The services over the database of a data folder (made, or migrated, first)."""
        paths.ensure()
        return cls(Store.open(paths.database, paths.backups))

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        self.hlc = HybridClock(self.clock, device_id(store), get_meta(store, HLC_HIGH_KEY))

        self.records = RecordService(store, self.clock, self.hlc)
        self.conflicts = ConflictService(self.records)
        self.review = ReviewService(self.records)
        self.search = SearchService(store)
        self.stats = StatsService(store)
