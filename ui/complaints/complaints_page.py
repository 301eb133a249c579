"""The complaints page (View → Complaints, Ctrl+Shift+K): mine, my team, due soon, breached.

The lists are read from the cache (``ComplaintService``) in a background operation and re-read
when a committed write touches a ticket (the bridge's ``records_changed``). A minute timer
moves the countdown (``ComplaintsTableModel.tick``) without re-reading anything. Enter on a row
(or a double click) opens the ticket editor: the view's ``activated``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import QLabel, QTabBar, QVBoxLayout, QWidget

from agentdesk.events import RecordKind, RecordsChanged
from agentdesk.services import ComplaintRow, ComplaintService
from ui.complaints.complaints_model import ComplaintsTableModel
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.error_text import error_sentence
from ui.kit.formatting import utc_now
from ui.kit.live_view import COALESCE_MS
from ui.kit.naming import named
from ui.kit.record_table_view import RecordTableView
from ui.kit.workers import BackgroundOp

__all__ = ["LISTS", "ComplaintsPage"]

LISTS = ("mine", "team", "due_soon", "breached")
TICK_MS = 60_000


class ComplaintsPage(QWidget):
    # Enter on a row: carries the ComplaintRow to open in the editor.
    ticket_opened = Signal(object)

    def __init__(
        self,
        complaints: ComplaintService,
        bridge: EventBridge,
        parent: QWidget | None = None,
        *,
        colors: ValueColors | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("complaintsPage")
        self._complaints = complaints
        self.loads = 0
        self.tabs = named(QTabBar(), "complaintLists")
        self.tabs.setAccessibleName(self.tr("Complaint lists"))
        for text in (
            self.tr("&Mine"),
            self.tr("My &team"),
            self.tr("Due &soon"),
            self.tr("&Breached"),
        ):
            self.tabs.addTab(text)
        self.model = ComplaintsTableModel(parent=self, colors=colors, now=now)
        self.view = RecordTableView(
            self.model,
            self.tr("Complaint tickets"),
            column_widths=(110, 110, 70, 110, 260, 110, 150, 130),
            empty_text=self.tr("No complaints in this list"),
        )
        self.view.activated.connect(self._on_view_activated)
        self.message = named(QLabel(), "errorLabel")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)

        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.model.tick)
        self.timer.start()
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(COALESCE_MS)
        self._reload_timer.timeout.connect(self.load)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        bridge.records_changed.connect(self._on_bridge_records_changed)

    @property
    def current_list(self) -> str:
        return LISTS[self.tabs.currentIndex()]

    def show_list(self, name: str) -> None:
        self.tabs.setCurrentIndex(LISTS.index(name))
        self.load()

    def load(self) -> None:
        complaints = self._complaints
        readers = {
            "mine": complaints.mine,
            "team": complaints.my_team,
            "due_soon": complaints.due_soon,
            "breached": complaints.breached,
        }
        read = readers[self.current_list]
        BackgroundOp(self, read).success(self._on_load_finished).failure(self._on_load_failed).run()

    def _on_load_finished(self, rows: list[ComplaintRow]) -> None:
        self.loads += 1
        self.message.hide()
        selected = self.view.currentIndex()
        ticket_id = self.model.record(selected.row()).ticket.id if selected.isValid() else None
        self.model.set_rows(rows)
        if ticket_id is not None:
            again = self.model.index_of(ticket_id)
            if again.isValid():
                self.view.setCurrentIndex(again)

    def _on_load_failed(self, exc: BaseException) -> None:
        self.message.setText(
            self.tr("The complaints could not be read: %1").replace("%1", error_sentence(exc))
        )
        self.message.show()

    def _on_tabs_current_changed(self, _index: int) -> None:
        self.load()

    def _on_bridge_records_changed(self, event: RecordsChanged) -> None:
        if event.ids(RecordKind.TICKET) and self.isVisible() and not self._reload_timer.isActive():
            self._reload_timer.start()

    def _on_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.ticket_opened.emit(self.model.record(index.row()))
