"""Migration 0006 fills the pinyin sort keys of rows made before it."""

from __future__ import annotations

import sqlite3

from liaison_app.db.migrate import upgrade
from liaison_app.db.store import Store
from liaison_app.domain.sort_key import sort_key
from liaison_app.paths import DataPaths
from liaison_app.services.listing import ListingService, ListQuery

NAMES = ("苏州通达电子有限公司", "苏州航天科技有限公司", "苏州鼎信材料有限公司")


def test_existing_rows_get_their_keys(paths: DataPaths) -> None:
    upgrade(paths.database, "0005_conflict_resolution")
    conn = sqlite3.connect(paths.database)
    rows = [(f"c{i}", f"{NAMES[i % 3]}{i}") for i in range(7)]
    conn.executemany(
        "INSERT INTO companies (id, name, name_key, industry_chain, region, address, listed,"
        " foreign_funded, notes, created_at, updated_at, hlc, field_clocks, deleted)"
        " VALUES (?, ?, '', '', '', '', 0, 0, '', '2020-01-01', '2020-01-01', '', '{}', 0)",
        rows,
    )
    conn.execute(
        "INSERT INTO offices (id, name, region, city, created_at, updated_at, hlc, field_clocks,"
        " deleted) VALUES ('o1', '北京联络办', '', '', '2020-01-01', '2020-01-01', '', '{}', 0)"
    )
    conn.commit()
    conn.close()
    store = Store.open(paths.database, paths.backups)
    try:
        with store.read() as session:
            found = session.connection().exec_driver_sql("SELECT name, sort_key FROM companies")
            keys = {name: key for name, key in found}
            office = session.connection().exec_driver_sql("SELECT sort_key FROM offices")
            assert office.scalar() == sort_key("北京联络办")
        assert keys == {name: sort_key(name) for _, name in rows}
        listing = ListingService(store)
        first = listing.first_page(ListQuery("companies", descending=False), 10)
        assert [r.values[0] for r in first][:3] == [
            "苏州鼎信材料有限公司2",
            "苏州鼎信材料有限公司5",
            "苏州航天科技有限公司1",
        ]
    finally:
        store.close()
