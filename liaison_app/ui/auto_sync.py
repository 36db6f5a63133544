"""The automatic-sync settings, readable without the settings dialog's widgets (the main
window reads them at start-up; importing the dialog costs ~40 ms of fields)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

AUTO_SYNC_START_KEY = "sync/on_start"
AUTO_SYNC_MINUTES_KEY = "sync/every_minutes"


def auto_sync_settings(settings: QSettings) -> tuple[bool, int]:
    """(sync on start, every N minutes; 0 = never): both off unless chosen."""
    on_start = str(settings.value(AUTO_SYNC_START_KEY, "false")).lower() == "true"
    try:
        minutes = int(settings.value(AUTO_SYNC_MINUTES_KEY, 0) or 0)
    except (TypeError, ValueError):
        minutes = 0
    return on_start, max(0, minutes)
