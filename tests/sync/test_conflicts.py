"""The merge, end to end: what two or three laptops editing the same records end up with."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from liaison_app.db.models import Company
from liaison_app.domain.uscc import make_uscc
from liaison_app.services.clock import SystemClock
from liaison_app.sync.connect import open_central
from tests.sync.conftest import PASSWORD, START, Central, Device

IMPORTED = "00000000-0000-4000-8000-000000000001"


def shared_visit(laptops: Any, *names: str) -> tuple[list[Device], str]:
    devices = [laptops(name) for name in names]
    first = devices[0]
    visit = first.visit(first.company(), "座谈")
    first.sync()
    for other in devices[1:]:
        other.sync()
    return devices, visit


def settle(*devices: Device) -> None:
    """Sync every laptop until none has anything left to send or receive."""
    for _ in range(3):
        for device in devices:
            device.sync()


def test_different_fields_of_one_record_are_both_kept(laptops: Any, central: Central) -> None:
    (wang, li), visit = shared_visit(laptops, "wang", "li")
    wang.edit("visit", visit, summary="王的纪要")
    li.edit("visit", visit, next_step="李的下步计划")
    settle(wang, li)
    for device in (wang, li):
        row = device.row("visit", visit)
        assert (row.summary, row.next_step) == ("王的纪要", "李的下步计划")
    assert central.conflicts() == []


def test_same_field_has_a_deterministic_winner_and_the_loser_is_kept(
    laptops: Any, central: Central
) -> None:
    (wang, li), visit = shared_visit(laptops, "wang", "li")
    wang.edit("visit", visit, summary="王的纪要")  # wang's clock: START + 1 s
    li.clock.advance(seconds=5)
    li.edit("visit", visit, summary="李的纪要")  # later stamp: li wins
    wang.sync()
    li_result = li.sync()
    assert li_result.conflicts == 1
    settle(wang, li)
    assert {wang.row("visit", visit).summary, li.row("visit", visit).summary} == {"李的纪要"}
    [conflict] = central.conflicts()
    assert (conflict["field"], conflict["kept_value"], conflict["lost_value"]) == (
        "summary",
        "李的纪要",
        "王的纪要",
    )
    assert conflict["base_value"] == "座谈"
    assert conflict["lost_login"] == wang.login
    for device in (wang, li):  # both laptops see the conflict and can show it
        [local] = device.conflicts()
        assert (local.lost_value, local.kept_value, local.resolved) == (
            "王的纪要",
            "李的纪要",
            False,
        )


def test_the_same_value_on_both_sides_is_no_conflict(laptops: Any, central: Central) -> None:
    (wang, li), visit = shared_visit(laptops, "wang", "li")
    wang.edit("visit", visit, summary="一致")
    li.edit("visit", visit, summary="一致")
    settle(wang, li)
    assert central.conflicts() == []
    assert li.row("visit", visit).summary == "一致"


@pytest.mark.parametrize("deleter_pushes_first", [True, False])
def test_an_edit_beats_a_concurrent_delete(
    laptops: Any, central: Central, deleter_pushes_first: bool
) -> None:
    (wang, li), visit = shared_visit(laptops, "wang", "li")
    wang.delete("visit", visit)
    li.edit("visit", visit, summary="还在跟进")
    for device in (wang, li) if deleter_pushes_first else (li, wang):
        device.sync()
    settle(wang, li)
    for device in (wang, li):
        row = device.row("visit", visit)
        assert not row.deleted and row.summary == "还在跟进"
    assert [c["field"] for c in central.conflicts()] == ["deleted"]


def test_both_delete(laptops: Any, central: Central) -> None:
    (wang, li), visit = shared_visit(laptops, "wang", "li")
    wang.delete("visit", visit)
    li.delete("visit", visit)
    settle(wang, li)
    assert wang.row("visit", visit).deleted and li.row("visit", visit).deleted
    assert central.conflicts() == []


def test_a_laptop_a_day_behind_loses_until_it_has_seen_newer_stamps(
    laptops: Any, central: Central
) -> None:
    (wang, li), visit = shared_visit(laptops, "wang", "li")
    li.clock.current = START - timedelta(days=1)  # li's clock is a day behind
    wang.edit("visit", visit, summary="王")
    li.edit("visit", visit, summary="李（时钟慢一天）")
    wang.sync()
    li.sync()
    settle(wang, li)
    assert li.row("visit", visit).summary == "王"
    # After pulling, li's HLC has moved past what it saw: its next edit wins.
    li.edit("visit", visit, summary="李的新纪要")
    wang.edit("visit", visit, next_step="无关字段")
    settle(wang, li)
    assert wang.row("visit", visit).summary == "李的新纪要"


def test_a_laptop_a_day_ahead_is_clamped_to_five_minutes(laptops: Any, central: Central) -> None:
    (wang, li), visit = shared_visit(laptops, "wang", "li")
    # The server clamps to its own time, so the clocks are set from the real time of this
    # test, not from START: under load the suite reaches this test more than 5 minutes in.
    now = SystemClock().now()
    li.clock.current = now + timedelta(days=1)  # li's clock is a day ahead
    li.edit("visit", visit, summary="李（时钟快一天）")
    li.sync()
    wang.clock.current = now + timedelta(minutes=10)  # ten minutes later, wang edits it too
    wang.edit("visit", visit, summary="王（十分钟后）")
    summary = wang.sync()
    assert summary.conflicts == 1
    settle(wang, li)
    final = {li.row("visit", visit).summary, wang.row("visit", visit).summary}
    if central.kind == "postgres":
        # li's stamp counted as 5 minutes past the server's time: wang's later edit wins.
        assert final == {"王（十分钟后）"}
    else:
        # A SQLite central has no clock: li's own clock stood in, and wang's laptop clamped
        # the stamp it pulled, so its HLC did not jump a day ahead. Still one winner.
        assert wang.services.hlc.clamped >= 1
        assert len(final) == 1


def test_the_same_company_created_on_two_laptops_with_uscc_is_one_row(
    laptops: Any, central: Central
) -> None:
    wang = laptops("wang")
    zhao = laptops("zhao", "深圳联络办")
    mine = wang.company("华为技术有限公司")
    theirs = zhao.company("华为技术")  # same USCC, another name
    wang.services.records.update("company", mine, {"region": "长三角"}, wang.actor)
    zhao.services.records.update("company", theirs, {"address": "深圳龙岗"}, zhao.actor)
    assert mine == theirs  # the id is derived from the USCC
    settle(wang, zhao)
    live = [r for r in central.rows("company") if not r["deleted"]]
    assert len(live) == 1
    assert (live[0]["region"], live[0]["address"]) == ("长三角", "深圳龙岗")
    assert [c["field"] for c in central.conflicts()] == ["name"]  # both named it, differently


def test_a_uscc_already_taken_under_another_id_becomes_an_alias(
    laptops: Any, central: Central
) -> None:
    wang = laptops("wang")
    zhao = laptops("zhao", "深圳联络办")
    first = wang.company("奇瑞汽车股份有限公司", make_uscc("91340200711782270"))
    wang.sync()
    # An import made the same company under a random id on zhao's laptop.
    with zhao.store.write() as session:
        zhao.services.records.insert(
            session,
            "company",
            {"name": "奇瑞汽车", "uscc": wang.row("company", first).uscc},
            zhao.actor,
            row_id=IMPORTED,
        )
    visit = zhao.visit(IMPORTED, "奇瑞考察")
    settle(wang, zhao)
    assert zhao.row("visit", visit).company_id == first
    with zhao.store.read() as session:
        assert session.get(Company, IMPORTED).deleted
    live = [r for r in central.rows("company") if not r["deleted"]]
    assert [r["id"] for r in live] == [first]


def test_the_same_name_without_uscc_is_kept_apart_then_merged(
    laptops: Any, central: Central
) -> None:
    wang = laptops("wang")
    zhao = laptops("zhao", "深圳联络办")
    hq = laptops("hq", None, "hq")
    a = wang.company("宁德时代新能源科技股份有限公司", None)
    b = zhao.company("宁德时代新能源科技股份有限公司", None)
    visit_b = zhao.visit(b, "宁德时代座谈")
    settle(wang, zhao, hq)
    assert a != b
    store = central.admin_store()
    try:
        assert [(name, *sorted(ids)) for name, *ids in store.possible_duplicates()] == [
            ("宁德时代新能源科技股份有限公司", *sorted([a, b]))
        ]
    finally:
        store.close()
    as_hq = open_central(hq.services, central.laptop_url, hq.login, PASSWORD)
    try:
        as_hq.merge_companies(a, b)
    finally:
        as_hq.close()
    settle(wang, zhao, hq)
    assert zhao.row("visit", visit_b).company_id == a
    assert zhao.row("company", b).deleted
    assert hq.row("visit", visit_b).company_id == a


def test_a_conflict_settled_on_one_laptop_is_settled_everywhere(
    laptops: Any, central: Central
) -> None:
    (wang, li), visit = shared_visit(laptops, "wang", "li")
    wang.edit("visit", visit, summary="王的纪要")
    li.clock.advance(seconds=5)
    li.edit("visit", visit, summary="李的纪要")
    settle(wang, li)
    [open_] = wang.services.conflicts.open_conflicts()
    assert (open_.field, open_.current, open_.lost, open_.base) == (
        "summary",
        "李的纪要",
        "王的纪要",
        "座谈",
    )
    assert li.services.conflicts.rows_in_conflict("visit") == {visit}
    wang.services.conflicts.take(open_.seq, open_.lost, wang.actor)  # an ordinary edit
    settle(wang, li)
    assert li.row("visit", visit).summary == "王的纪要"
    assert li.services.conflicts.count_open() == 0 == wang.services.conflicts.count_open()
    assert [c["resolved_by"] for c in central.conflicts()] == [wang.login]
