"""The banner across the top of the desk that shows a supervisor's broadcast: the message, who
sent it and when. It stays until the agent dismisses it (Dismiss, or Ctrl+Shift+B); a newer
message replaces the one shown. Threading: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from agentdesk.services import Broadcast
from ui.kit.actions import make_action
from ui.kit.formatting import format_datetime
from ui.kit.naming import named

__all__ = ["BroadcastBanner"]


class BroadcastBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("broadcastFrame")
        self.setAccessibleName(self.tr("Message from your supervisor"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = named(QLabel(), "broadcastBanner")
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Message from your supervisor"))
        layout.addWidget(self.label, 1)
        self.dismiss_action = make_action(
            self,
            self.tr("&Dismiss message"),
            "Ctrl+Shift+B",
            self.tr("Hide the supervisor's message"),
            self.dismiss,
            object_name="dismissBroadcastAction",
        )
        self.dismiss_button = named(QPushButton(self.tr("Dismiss")), "dismissBroadcastButton")
        self.dismiss_button.setToolTip(self.dismiss_action.toolTip())
        self.dismiss_button.setAccessibleName(self.tr("Dismiss message"))
        self.dismiss_button.clicked.connect(self.dismiss)
        layout.addWidget(self.dismiss_button)
        self.broadcast: Broadcast | None = None
        self.hide()

    def show_broadcast(self, broadcast: Broadcast) -> None:
        self.broadcast = broadcast
        self.label.setText(
            self.tr("Message from %1 at %2: %3")
            .replace("%1", broadcast.sender_name or broadcast.sender)
            .replace("%2", format_datetime(broadcast.at))
            .replace("%3", broadcast.text)
        )
        self.show()

    def dismiss(self) -> None:
        self.broadcast = None
        self.hide()
