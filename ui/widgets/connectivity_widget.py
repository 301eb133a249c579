"""Status-bar label for connectivity and the changes waiting to sync (the outbox count)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from agentdesk.events import Connectivity, ConnectivityChanged
from ui.widgets.badge import set_style_property

__all__ = ["ConnectivityWidget"]


class ConnectivityWidget(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectivityLabel")
        self.setAccessibleName(self.tr("Connection"))
        self.show_state(ConnectivityChanged(Connectivity.OFFLINE))

    def show_state(self, event: ConnectivityChanged) -> None:
        waiting = event.changes_waiting
        if event.state == Connectivity.ONLINE:
            text = self.tr("Online")
            if waiting:
                text = self.tr("Online — %n change(s) waiting", "", waiting)
        elif event.state == Connectivity.DEGRADED:
            text = self.tr("Connection unstable — %n change(s) waiting", "", waiting)
        elif waiting:
            text = self.tr("Offline — %n change(s) waiting", "", waiting)
        else:
            text = self.tr("Offline")
        self.setText(text)
        self.setToolTip(
            self.tr("Changes you make are kept on this computer and sent when the server answers.")
        )
        set_style_property(self, "state", str(event.state.value))
