"""The complaints corner of the main window: the page in its dock, its action (View →
Complaints, Ctrl+Shift+K) and the ticket editors opened from the page or the 360's tickets tab.

Threading: GUI thread; the page and the editors run their service calls in background
operations.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow

from agentdesk.services import AppServices, ComplaintRow, Role
from ui.complaints.complaints_page import ComplaintsPage
from ui.complaints.ticket_editor import TicketEditor
from ui.kit.actions import make_action
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.error_text import error_sentence
from ui.kit.workers import BackgroundOp

__all__ = ["COMPLAINTS_SHORTCUT", "ComplaintsController"]

COMPLAINTS_SHORTCUT = "Ctrl+Shift+K"


class ComplaintsController(QObject):
    # An editor opened (tests and screenshots find it here).
    editor_opened = Signal(object)

    def __init__(
        self,
        window: QMainWindow,
        services: AppServices,
        bridge: EventBridge,
        *,
        colors: ValueColors | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._colors = colors
        self.editors: list[TicketEditor] = []
        self.page = ComplaintsPage(
            services.complaints, bridge, colors=colors, now=services.complaints.now
        )
        self.dock = QDockWidget(self.tr("Complaints"), window)
        self.dock.setObjectName("complaintsDock")
        self.dock.setWidget(self.page)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.show_action = make_action(
            window,
            self.tr("&Complaints"),
            COMPLAINTS_SHORTCUT,
            self.tr("Your complaint tickets with their deadlines"),
            self.show_page,
            object_name="complaintsAction",
        )
        self.page.ticket_opened.connect(self.open_editor)

    def show_page(self) -> ComplaintsPage:
        self.dock.show()
        self.dock.raise_()
        self.page.load()
        self.page.view.setFocus()
        return self.page

    def open_ticket(self, ticket_id: int) -> None:
        """Open a ticket by id (the 360's tickets tab), read from the cache."""
        complaints = self._services.complaints
        BackgroundOp(self, lambda: complaints.ticket(ticket_id)).success(
            self._on_ticket_read
        ).failure(self._on_ticket_failed).run()

    def _on_ticket_read(self, row: ComplaintRow | None) -> None:
        if row is not None:
            self.open_editor(row)

    def _on_ticket_failed(self, exc: BaseException) -> None:
        self._window.statusBar().showMessage(error_sentence(exc), 15_000)

    def open_editor(self, row: ComplaintRow) -> TicketEditor:
        user = self._services.session.user
        editor = TicketEditor(
            self._services.complaints,
            row,
            self._window,
            supervisor=user is not None and user.role in (Role.SUPERVISOR, Role.ADMIN),
            colors=self._colors,
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.finished.connect(lambda _result, e=editor: self._forget(e))
        self.editors.append(editor)
        editor.show()
        self.editor_opened.emit(editor)
        return editor

    def reset(self) -> None:
        """After sign-out: close the editors and forget the lists (the next agent's are theirs)."""
        for editor in list(self.editors):
            editor.close()
        self.page.model.set_rows([])
        self.dock.hide()

    def _forget(self, editor: TicketEditor) -> None:
        if editor in self.editors:
            self.editors.remove(editor)
