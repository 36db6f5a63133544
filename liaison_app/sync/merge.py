"""The three-way merge per field, the one function both central stores use.

An operation from a laptop carries, per field, the value it sends, the value it started
from (``base``) and the HLC stamp of the change. Against the central row:
- a field only the laptop changed takes the laptop's value;
- a field only the central side changed keeps its value;
- both changed to the same value: no conflict;
- both changed to different values: a true conflict, won by the larger (stamp, device);
  the losing value is returned as a ``Lost`` for the conflicts table, never dropped.
Deletion is the field ``deleted`` with two rules of its own: an edit beats a concurrent
delete (the row stays, with a conflict entry), and so does a change to anything the
deleting laptop had seen. An approval of a visit whose reviewed fields changed since the
manager saw them is not applied: the visit stays submitted, with a conflict entry.

Values are in JSON form (dates as ISO text) so both sides compare alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from liaison_app.services.clock import hlc_key, parse_hlc

REVIEW_DECISION_FIELDS = ("review_state", "reviewer_id", "review_comment", "reviewed_at")


@dataclass(frozen=True)
class Op:
    """One pushed operation: a record as one laptop changed it."""

    id: str
    entity: str
    row_id: str
    kind: str  # insert / update / delete
    values: dict[str, Any]  # the fields sent, JSON form
    base: dict[str, Any]  # what the laptop started from (sent fields and fields it saw)
    clocks: dict[str, str]  # HLC stamp per sent field
    stamp: str  # the latest stamp of the operation
    device: str
    login: str = ""
    meta: dict[str, Any] = field(default_factory=dict)  # created_at, updated_at, updated_by
    resent: bool = False  # sent before (the push was cut): it may be applied already


@dataclass(frozen=True)
class Lost:
    """A value that lost a true conflict."""

    field: str
    base: Any
    kept: Any
    lost: Any
    kept_hlc: str
    lost_hlc: str
    lost_device: str
    lost_login: str


@dataclass
class Merged:
    values: dict[str, Any]  # fields to write (JSON form)
    clocks: dict[str, str]  # new stamps of those fields
    lost: list[Lost]

    @property
    def changed(self) -> bool:
        return bool(self.values)


def _device(stamp: str) -> str:
    return parse_hlc(stamp)[2] if stamp else ""


def merge(
    current: Mapping[str, Any] | None,
    current_clocks: Mapping[str, str],
    current_login: str,
    op: Op,
    *,
    review_fields: frozenset[str] = frozenset(),
    defaults: Mapping[str, Any] | None = None,
) -> Merged:
    """Merge ``op`` into the central row ``current`` (None: the row is new here).

    ``defaults`` stand in for the base of an insert that meets an existing row (two devices
    created the same company): a field only one of them filled is taken, not a conflict.
    """
    if current is None:
        return Merged(dict(op.values), {f: op.clocks.get(f, op.stamp) for f in op.values}, [])
    defaults = defaults or {}
    out: dict[str, Any] = {}
    clocks: dict[str, str] = {}
    lost: list[Lost] = []

    def central_clock(name: str) -> str:
        return current_clocks.get(name) or current_clocks.get("*", "")

    for name, mine in op.values.items():
        if name == "deleted":
            continue
        theirs = current.get(name)
        if theirs == mine:
            continue
        base = (
            op.base.get(name, defaults.get(name))
            if op.kind == "insert"
            else op.base.get(name, theirs)
        )
        if theirs == base:
            out[name], clocks[name] = mine, op.clocks.get(name, op.stamp)
            continue
        if mine == base:
            continue  # only the central side changed it
        my_stamp, their_stamp = op.clocks.get(name, op.stamp), central_clock(name)
        if (hlc_key(my_stamp), op.device) > (hlc_key(their_stamp), _device(their_stamp)):
            out[name], clocks[name] = mine, my_stamp
            lost.append(
                Lost(
                    name,
                    base,
                    mine,
                    theirs,
                    my_stamp,
                    their_stamp,
                    _device(their_stamp),
                    current_login,
                )
            )
        else:
            lost.append(Lost(name, base, theirs, mine, their_stamp, my_stamp, op.device, op.login))

    _merge_deleted(current, op, out, clocks, lost, central_clock, current_login)
    if op.entity == "visit" and out.get("review_state") == "approved":
        _check_approval(current, op, out, clocks, lost, review_fields, central_clock)
    return Merged(out, clocks, lost)


def _merge_deleted(
    current: Mapping[str, Any],
    op: Op,
    out: dict[str, Any],
    clocks: dict[str, str],
    lost: list[Lost],
    central_clock: Any,
    current_login: str,
) -> None:
    theirs = bool(current.get("deleted"))
    stamp = op.clocks.get("deleted", op.stamp)
    if "deleted" in op.values:
        mine = bool(op.values["deleted"])
        base = bool(op.base.get("deleted", False))
    else:  # the laptop edited a record it has live
        mine = base = False
    if mine and not theirs:
        seen_changed = any(
            name not in op.values and current.get(name) != value
            for name, value in op.base.items()
            if name != "deleted"
        )
        if seen_changed:
            # Someone edited what the laptop deleted: the edit wins, the row stays.
            lost.append(
                Lost("deleted", False, False, True, central_clock("*"), stamp, op.device, op.login)
            )
        else:
            out["deleted"], clocks["deleted"] = True, stamp
    elif theirs and not mine:
        if base:  # the laptop restores a deletion it knew of
            out["deleted"], clocks["deleted"] = False, stamp
            return
        edits = any(name != "deleted" for name in op.values)
        if edits or "deleted" in op.values:
            # An edit of a row deleted elsewhere meanwhile: the edit wins, the row stays.
            their_stamp = central_clock("deleted")
            out["deleted"], clocks["deleted"] = False, stamp
            lost.append(
                Lost(
                    "deleted",
                    False,
                    False,
                    True,
                    stamp,
                    their_stamp,
                    _device(their_stamp),
                    current_login,
                )
            )


def _check_approval(
    current: Mapping[str, Any],
    op: Op,
    out: dict[str, Any],
    clocks: dict[str, str],
    lost: list[Lost],
    review_fields: frozenset[str],
    central_clock: Any,
) -> None:
    changed = [
        name
        for name in review_fields
        if name in op.base and name not in op.values and current.get(name) != op.base[name]
    ]
    if not changed:
        return
    for name in REVIEW_DECISION_FIELDS:
        out.pop(name, None)
        clocks.pop(name, None)
    lost.append(
        Lost(
            "review_state",
            op.base.get("review_state"),
            current.get("review_state"),
            "approved",
            central_clock("review_state"),
            op.clocks.get("review_state", op.stamp),
            op.device,
            op.login,
        )
    )
