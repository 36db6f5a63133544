"""Two and three laptops meeting through a central store (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from tests.sync.conftest import Central, Device


def test_a_visit_goes_from_one_laptop_to_another(laptops: Any, central: Central) -> None:
    wang: Device = laptops("wang")
    li: Device = laptops("li")
    company = wang.company()
    visit = wang.visit(company, "座谈新能源电池 pack 产线项目")
    sent = wang.sync()
    assert sent.pushed == 2 and sent.rejected == 0
    assert wang.outbox() == []
    got = li.sync()
    assert got.received.received == {"company": 1, "visit": 1}
    assert li.row("visit", visit).summary == "座谈新能源电池 pack 产线项目"
    assert li.services.search.search("电池", "visits")[0].id == visit
    again = li.sync()
    assert again.nothing
