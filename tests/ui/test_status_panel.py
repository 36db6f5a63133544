"""The status bar's sync line: a count in the warning colour only when changes wait for a
central store; a laptop without one says they stay on this computer."""

from __future__ import annotations

from PySide6.QtGui import QPalette

from liaison_app.resources import resource_dir
from liaison_app.ui.widgets.status import StatusPanel


def styled_panel(qtbot) -> StatusPanel:  # type: ignore[no-untyped-def]
    """A panel with the app's style sheet (on it alone: other tests keep Qt's look)."""
    panel = StatusPanel()
    panel.setStyleSheet((resource_dir() / "style.qss").read_text(encoding="utf-8"))
    qtbot.addWidget(panel)
    panel.show()
    return panel


def colour(panel: StatusPanel) -> str:
    panel.pending.ensurePolished()
    return panel.pending.palette().color(QPalette.ColorRole.WindowText).name()


def test_changes_waiting_for_the_central_store_are_in_orange(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = styled_panel(qtbot)
    panel.set_pending(None)
    assert panel.pending.text() == "未同步的修改：…" and panel.sync.isVisible()
    plain = colour(panel)
    panel.set_pending(1234)
    assert panel.pending.text() == "未同步的修改：1,234"
    assert colour(panel) == "#b45309" != plain
    panel.set_pending(0)
    assert colour(panel) == plain


def test_without_a_central_store_the_changes_stay_here(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = styled_panel(qtbot)
    panel.set_pending(984, connected=False)
    assert panel.pending.text() == "未连接中心库：984 条修改保存在本机"
    assert colour(panel) != "#b45309" and not panel.sync.isVisible()
    panel.set_pending(984)  # connected since
    assert colour(panel) == "#b45309" and panel.sync.isVisible()
