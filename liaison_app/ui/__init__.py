"""Qt widgets, item models and dialogs. Calls services; never SQL."""

from liaison_app.ui.models.none_fix import make_singletons_immortal

make_singletons_immortal()  # before any Qt call: see none_fix (PySide6 6.12 on Python 3.11)
