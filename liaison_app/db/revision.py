"""Schema revisions this build of the app knows, readable without importing Alembic.

Importing Alembic's command module costs most of a second; start-up reads the database's
revision with plain sqlite3 and compares it with ``HEAD``. A test checks that this list
matches the migration scripts.
"""

from __future__ import annotations

KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_search_index",
    "0003_live_list_indexes",
    "0004_sync_ready",
    "0005_conflict_resolution",
    "0006_pinyin_sort_keys",
    "0007_visit_tallies",
)
HEAD = KNOWN_REVISIONS[-1]
