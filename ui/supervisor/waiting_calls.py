"""The team's waiting calls, oldest first, with how long each has waited (ticking locally once
a second from ``queued_at``). "Move to queue…" acts on the selected one. The list is replaced
whole by each ``supervisor.waiting`` event. No caller's number: the console needs none.

Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from agentdesk.services import WaitingCall
from ui.kit.formatting import utc_now
from ui.kit.record_table import RIGHT, Column, RecordTableModel
from ui.supervisor.agent_grid import elapsed_text

__all__ = ["WaitingCallsModel"]


def _t(text: str) -> str:
    return QCoreApplication.translate("WaitingCalls", text)


class WaitingCallsModel(RecordTableModel[WaitingCall]):
    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        queue_name: Callable[[str], str] = lambda code: code,
    ) -> None:
        self._clock = clock
        self.queue_name = queue_name
        super().__init__(
            [
                Column(_t("Queue"), lambda c: self.queue_name(c.queue)),
                Column(_t("Waiting for"), self._waited, RIGHT),
                Column(_t("Priority"), lambda c: str(c.priority), RIGHT),
                Column(_t("Call"), lambda c: c.call_id),
            ],
            parent=parent,
        )
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 1), self.index(self.rowCount() - 1, 1))

    def _waited(self, call: WaitingCall) -> str:
        return elapsed_text((self._clock() - call.queued_at).total_seconds())
