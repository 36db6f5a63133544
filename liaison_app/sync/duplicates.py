"""Possible duplicate companies, from the central store, for a manager or hq to merge.

Companies with the same normalised name where at least one has no USCC are kept apart by
the merge (two 宁德时代 may be two companies); people decide. Merging repoints visits,
leads, deals and contacts of every office to the kept company, on the central store (by
its trigger) and on each laptop after its next pull.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from liaison_app.services.context import AppServices
from liaison_app.sync.connect import open_central, require_connection


@dataclass(frozen=True)
class DuplicatePair:
    name: str
    left: dict[str, Any]
    right: dict[str, Any]


def find_duplicates(services: AppServices, password: str | None) -> list[DuplicatePair]:
    connection = require_connection(services)
    central = open_central(services, connection.url, connection.login, password)
    try:
        member = central.whoami()
        pairs = central.possible_duplicates()
        ids = {i for _, a, b in pairs for i in (a, b)}
        rows = {r["id"]: r for r in central.fetch("company", ids, member)} if ids else {}
    finally:
        central.close()
    return [
        DuplicatePair(name, rows[a], rows[b]) for name, a, b in pairs if a in rows and b in rows
    ]


def merge_companies(
    services: AppServices, password: str | None, kept_id: str, merged_id: str
) -> None:
    """Merge ``merged_id`` into ``kept_id`` on the central store (managers and hq)."""
    connection = require_connection(services)
    central = open_central(services, connection.url, connection.login, password)
    try:
        central.merge_companies(kept_id, merged_id)
    finally:
        central.close()
