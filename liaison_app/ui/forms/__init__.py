"""Record editors: visits, leads, deals, companies and contacts.

``open_editor`` is the one entry point the main window uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from liaison_app.domain.errors import KnownError, ValidationError
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.ui.forms.context import FormContext
from liaison_app.ui.forms.editor import RecordEditor, internal_error

ENTITIES = ("visit", "lead", "deal", "company", "contact")

__all__ = ["ENTITIES", "FormContext", "RecordEditor", "make_editor", "open_editor"]


def make_editor(
    parent: QWidget | None,
    services: AppServices,
    actor: Actor,
    entity: str,
    row_id: str | None = None,
    prefill: Mapping[str, Any] | None = None,
) -> RecordEditor:
    """The editor dialog, not yet shown (tests and callers that want ``open()``)."""
    if entity not in ENTITIES:
        raise ValueError(f"no editor for {entity!r}")
    return RecordEditor(FormContext(services, actor), entity, row_id, prefill, parent)


def open_editor(
    parent: QWidget | None,
    services: AppServices,
    actor: Actor,
    entity: str,
    row_id: str | None = None,
    prefill: Mapping[str, Any] | None = None,
) -> str | None:
    """Edit a record (new when ``row_id`` is None) in a modal dialog.

    Returns the id of the record if it was saved (also when it was saved on the way to
    a linked record and the dialog then closed), or None when nothing was saved.
    """
    try:
        editor = make_editor(parent, services, actor, entity, row_id, prefill)
    except (ValidationError, KnownError) as exc:
        text = (
            "\n".join(p.message for p in exc.problems)
            if isinstance(exc, ValidationError)
            else exc.message
        )
        QMessageBox.warning(parent, QCoreApplication.translate("RecordEditor", "Cannot open"), text)
        return None
    except Exception:
        internal_error(parent, QCoreApplication.translate("RecordEditor", "Cannot open"))  # type: ignore[arg-type]
        return None
    editor.exec()
    saved = editor.saved_id
    editor.deleteLater()
    return saved
