"""Status-bar indicator for connectivity and the changes waiting to sync (the outbox count).

A coloured dot and a short text ("Offline — 3 changes waiting"); clicking it (or pressing
Space/Enter while it has focus) asks for a sync round now. The widget only renders: whoever
owns it runs the round in a background operation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from agentdesk.events import Connectivity, ConnectivityChanged
from ui.kit.badge import set_style_property
from ui.kit.naming import named

__all__ = ["ConnectivityWidget"]


class ConnectivityWidget(QFrame):
    # The agent clicked the indicator: sync now.
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectivityIndicator")
        self.setAccessibleName(self.tr("Connection"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.state = Connectivity.OFFLINE
        self.changes_waiting = 0
        self.syncing = False
        self._shortcut = ""

        self.dot = named(QLabel(), "connectivityDot")
        self.dot.setFixedSize(10, 10)
        self.label = named(QLabel(), "connectivityLabel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(6)
        layout.addWidget(self.dot, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.label, 0, Qt.AlignmentFlag.AlignVCenter)
        self.show_state(ConnectivityChanged(Connectivity.OFFLINE))

    # -- public --------------------------------------------------------------------------

    def text(self) -> str:
        return self.label.text()

    def set_shortcut_text(self, keys: str) -> None:
        """The "Sync now" shortcut, named in the tooltip (the action owns the key itself)."""
        self._shortcut = keys
        self._update_tooltip()

    def set_syncing(self, syncing: bool) -> None:
        self.syncing = syncing
        self._update_tooltip()

    def show_state(self, event: ConnectivityChanged) -> None:
        self.state = event.state
        self.changes_waiting = event.changes_waiting
        self._render()

    def show_waiting(self, waiting: int) -> None:
        self.changes_waiting = waiting
        self._render()

    # -- events --------------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.clicked.emit()
            return
        super().keyPressEvent(event)

    # -- internals -----------------------------------------------------------------------

    def _render(self) -> None:
        # Singular and plural are separate sources: English has no translator for %n forms.
        waiting = self.changes_waiting
        one = waiting == 1
        if self.state == Connectivity.ONLINE:
            if not waiting:
                text = self.tr("Online")
            elif one:
                text = self.tr("Online — 1 change waiting")
            else:
                text = self.tr("Online — %1 changes waiting")
        elif self.state == Connectivity.DEGRADED:
            if not waiting:
                text = self.tr("Degraded — retrying")
            elif one:
                text = self.tr("Degraded — retrying, 1 change waiting")
            else:
                text = self.tr("Degraded — retrying, %1 changes waiting")
        elif not waiting:
            text = self.tr("Offline")
        elif one:
            text = self.tr("Offline — 1 change waiting")
        else:
            text = self.tr("Offline — %1 changes waiting")
        text = text.replace("%1", str(waiting))
        self.label.setText(text)
        self.setAccessibleDescription(text)
        for widget in (self, self.dot, self.label):
            set_style_property(widget, "state", str(self.state.value))
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        lines = [
            self.tr("Changes you make are kept on this computer and sent when the server answers.")
        ]
        if self.syncing:
            lines.append(self.tr("Synchronising now…"))
        elif self._shortcut:
            lines.append(self.tr("Click to sync now (%1).").replace("%1", self._shortcut))
        else:
            lines.append(self.tr("Click to sync now."))
        self.setToolTip("\n".join(lines))
