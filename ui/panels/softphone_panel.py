"""The softphone strip across the top: call state and the current caller's (masked) number.

A placeholder until the call-control work lands: it shows the offered call, and hosts the
demo's "Simulate incoming call" button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QWidget

from agentdesk.events import CallOffered
from ui.widgets.badge import set_style_property

__all__ = ["SoftphonePanel"]


class SoftphonePanel(QToolBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("softphoneBar")
        self.setWindowTitle(self.tr("Softphone"))
        self.setAccessibleName(self.tr("Softphone"))
        self.setMovable(False)
        self.setFloatable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

        self.state_label = QLabel(self.tr("No call"), objectName="callStateLabel")
        self.state_label.setAccessibleName(self.tr("Call state"))
        self.number_label = QLabel(objectName="callNumberLabel")
        self.number_label.setAccessibleName(self.tr("Caller's number (masked)"))
        self.queue_label = QLabel(objectName="callQueueLabel")
        self.queue_label.setAccessibleName(self.tr("Queue"))
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        self.addWidget(self.state_label)
        self.addWidget(self.number_label)
        self.addWidget(self.queue_label)
        self.addWidget(spacer)

    def show_offered(self, event: CallOffered, masked_number: str) -> None:
        self.state_label.setText(self.tr("Incoming call"))
        set_style_property(self.state_label, "ringing", True)
        self.number_label.setText(masked_number)
        self.queue_label.setText(
            self.tr("Queue: %1").replace("%1", event.queue) if event.queue else ""
        )

    def show_no_call(self) -> None:
        self.state_label.setText(self.tr("No call"))
        set_style_property(self.state_label, "ringing", False)
        self.number_label.clear()
        self.queue_label.clear()
