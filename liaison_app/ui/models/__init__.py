"""Qt item models of the lists: rows paged from SQLite on demand (see ``paged``)."""

from liaison_app.ui.models.paged import (
    ID_ROLE,
    KEY_ROLE,
    ROW_ROLE,
    SORT_ROLE,
    PagedTableModel,
)

__all__ = ["ID_ROLE", "KEY_ROLE", "ROW_ROLE", "SORT_ROLE", "PagedTableModel"]
