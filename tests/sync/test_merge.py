"""The pure merge: one function decides every field for both central stores."""

from __future__ import annotations

from typing import Any

from liaison_app.sync.merge import Op, merge

OLD, LATER = "1764500000000-0000000000-aaaa", "1764500000500-0000000000-bbbb"


def op(
    values: dict[str, Any],
    base: dict[str, Any],
    stamp: str = LATER,
    kind: str = "update",
    device: str = "bbbb",
) -> Op:
    return Op(
        "op1", "visit", "v1", kind, values, base, dict.fromkeys(values, stamp), stamp, device, "li"
    )


ROW = {"summary": "座谈", "next_step": "", "deleted": False, "review_state": "submitted"}
CLOCKS = {"*": OLD}


def test_a_new_row_takes_everything() -> None:
    merged = merge(None, {}, "", op({"summary": "新"}, {}, kind="insert"))
    assert merged.values == {"summary": "新"} and merged.lost == []


def test_only_the_laptop_changed_it() -> None:
    merged = merge(ROW, CLOCKS, "wang", op({"summary": "改"}, {"summary": "座谈"}))
    assert merged.values == {"summary": "改"} and merged.clocks == {"summary": LATER}
    assert merged.lost == []


def test_both_changed_the_later_stamp_wins_and_the_loser_is_kept() -> None:
    row = {**ROW, "summary": "王改"}
    clocks = {"*": OLD, "summary": OLD}
    merged = merge(row, clocks, "wang", op({"summary": "李改"}, {"summary": "座谈"}))
    assert merged.values == {"summary": "李改"}
    [lost] = merged.lost
    assert (lost.base, lost.kept, lost.lost, lost.lost_login) == ("座谈", "李改", "王改", "wang")
    earlier = merge(
        row, {"summary": LATER}, "wang", op({"summary": "李改"}, {"summary": "座谈"}, stamp=OLD)
    )
    assert earlier.values == {} and earlier.lost[0].lost == "李改"


def test_equal_stamps_are_decided_by_device_the_same_way_everywhere() -> None:
    row = {**ROW, "summary": "王改"}
    a = merge(
        row,
        {"summary": LATER.replace("bbbb", "aaaa")},
        "wang",
        op({"summary": "李改"}, {"summary": "座谈"}, device="bbbb"),
    )
    assert a.values == {"summary": "李改"}  # same time: the larger device id wins


def test_same_value_on_both_sides_is_no_conflict() -> None:
    row = {**ROW, "summary": "一致"}
    merged = merge(row, CLOCKS, "wang", op({"summary": "一致"}, {"summary": "座谈"}))
    assert merged.values == {} and merged.lost == []


def test_a_delete_loses_to_an_edit_it_had_not_seen() -> None:
    row = {**ROW, "next_step": "王补充"}
    delete = op(
        {"deleted": True}, {"deleted": False, "summary": "座谈", "next_step": ""}, kind="delete"
    )
    merged = merge(row, CLOCKS, "wang", delete)
    assert "deleted" not in merged.values and [x.field for x in merged.lost] == ["deleted"]
    seen = op(
        {"deleted": True},
        {"deleted": False, "summary": "座谈", "next_step": "王补充"},
        kind="delete",
    )
    assert merge(row, CLOCKS, "wang", seen).values == {"deleted": True}


def test_an_edit_of_a_deleted_row_brings_it_back() -> None:
    row = {**ROW, "deleted": True}
    merged = merge(
        row, {"*": OLD, "deleted": OLD}, "wang", op({"summary": "改"}, {"summary": "座谈"})
    )
    assert merged.values == {"summary": "改", "deleted": False}
    assert [x.field for x in merged.lost] == ["deleted"]


def test_an_approval_of_changed_content_stays_submitted() -> None:
    row = {**ROW, "summary": "员工后来改了"}
    approve = op(
        {"review_state": "approved", "reviewer_id": "chen"},
        {"review_state": "submitted", "reviewer_id": None, "summary": "座谈"},
    )
    merged = merge(row, CLOCKS, "wang", approve, review_fields=frozenset({"summary"}))
    assert "review_state" not in merged.values and "reviewer_id" not in merged.values
    assert [(x.field, x.lost) for x in merged.lost] == [("review_state", "approved")]
    unchanged = merge(ROW, CLOCKS, "wang", approve, review_fields=frozenset({"summary"}))
    assert unchanged.values["review_state"] == "approved"


def test_an_insert_meeting_a_row_takes_what_only_it_filled() -> None:
    row = {"name": "华为", "region": "长三角", "address": "", "deleted": False}
    insert = op(
        {"name": "华为", "region": "", "address": "深圳龙岗", "deleted": False}, {}, kind="insert"
    )
    merged = merge(
        row,
        CLOCKS,
        "wang",
        insert,
        defaults={"name": "", "region": "", "address": "", "deleted": False},
    )
    assert merged.values == {"address": "深圳龙岗"} and merged.lost == []
