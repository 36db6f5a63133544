"""A note over an empty table: what is empty and what to do next, with buttons that do it
(a bare white table reads as broken on first run or after a search that finds nothing)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

Action = tuple[str, Callable[[], None], bool]
"""A button: its text, what it does, whether it is the main action (blue)."""


class EmptyState(QWidget):
    """Lies over the table's rows (its header stays visible), centred; hidden until
    ``show_note``."""

    def __init__(self, table: QAbstractItemView) -> None:
        super().__init__(table.viewport())
        self.setObjectName("emptyState")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.table = table
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.setSpacing(10)
        self.title = QLabel(self, objectName="emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(self, objectName="emptyText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        layout.addWidget(self.title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.text, 0, Qt.AlignmentFlag.AlignHCenter)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(8)
        layout.addSpacing(4)
        layout.addLayout(self.buttons)
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1f2d3d;")
        self.text.setStyleSheet("color: #5b6b7f;")
        table.viewport().installEventFilter(self)
        self.hide()

    def show_note(self, title: str, text: str, actions: list[Action]) -> None:
        self.title.setText(title)
        self.text.setText(text)
        while self.buttons.count():
            item = self.buttons.takeAt(0)
            if (widget := item.widget()) is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.buttons.addStretch(1)
        for label, slot, primary in actions:
            button = QPushButton(label, self)
            if primary:
                button.setObjectName("primary")
            button.clicked.connect(lambda _checked=False, s=slot: s())
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        self._fit()
        self.show()
        self.raise_()

    def action_buttons(self) -> list[QPushButton]:
        return self.findChildren(QPushButton)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        area = self.table.viewport().rect()
        self.text.setFixedWidth(max(200, min(520, area.width() - 40)))
        self.setGeometry(area)
