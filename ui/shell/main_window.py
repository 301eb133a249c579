"""The main window: lays out the pages, the menus, the softphone strip and the status bar.

It holds no business logic: pages do their own work in background operations, and the
application controller (``ui.shell.app_controller``) decides when it is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from agentdesk.errors import AgentDeskError
from agentdesk.events import (
    BroadcastReceived,
    CallOffered,
    PresenceChanged,
    QueueStatsChanged,
    SessionStarted,
)
from agentdesk.services import (
    AppServices,
    CallService,
    QueueStats,
    home_queue_of,
    queue_board_of,
)
from ui.complaints.complaints_controller import ComplaintsController
from ui.customer.customer_page import CustomerPage, masked_number
from ui.desk.broadcast_banner import BroadcastBanner
from ui.desk.call_desk import CallDeskController
from ui.desk.softphone_bar import SoftphoneBar
from ui.flows.flow_panel import FlowPanel
from ui.kit.actions import make_action
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.error_text import error_sentence
from ui.kit.naming import named
from ui.kit.workers import BackgroundOp
from ui.shell.sync_problems_panel import SyncProblemsPanel
from ui.shell.sync_status_widget import SyncStatusWidget
from ui.shell.window_frame import WindowFrame
from ui.worklist.worklist_controller import WorklistController

__all__ = ["MainWindow"]

SIMULATE_CALL_SHORTCUT = "Ctrl+Shift+I"


class MainWindow(QMainWindow):
    # The demo's simulated call could not be placed; carries the readable sentence.
    simulate_call_failed = Signal(str)

    def __init__(
        self,
        services: AppServices,
        bridge: EventBridge,
        parent: QWidget | None = None,
        *,
        colors: ValueColors | None = None,
        theme: str = "light",
        on_theme_chosen: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("AgentDesk"))
        self.resize(1280, 800)

        self.customer_page = CustomerPage(services, bridge, colors=colors)
        self.flow_panel = FlowPanel(services.flows)
        # The script beside the 360: the agent reads one while looking at the other.
        self.splitter = named(QSplitter(Qt.Orientation.Horizontal), "deskSplitter")
        self.splitter.addWidget(self.customer_page)
        self.splitter.addWidget(self.flow_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([920, 360])
        # A supervisor's broadcast shows above the desk until the agent dismisses it.
        self.broadcast_banner = BroadcastBanner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.broadcast_banner)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.softphone = SoftphoneBar(
            services.calls, self, reference=services.reference, mask=masked_number
        )
        self.addToolBar(self.softphone)

        self.frame = WindowFrame(self, services, theme=theme, on_theme_chosen=on_theme_chosen)
        self._build_actions()
        self.call_desk = CallDeskController(
            self,
            services,
            bridge,
            self.softphone,
            self.customer_page,
            self.flow_panel,
        )
        self.complaints = ComplaintsController(self, services, bridge, colors=colors)
        self.customer_page.profile.ticket_opened.connect(self.complaints.open_ticket)
        self.worklist = WorklistController(self, services, bridge, colors=colors)
        self.worklist.page.customer_opened.connect(self.customer_page.open_customer)
        self.customer_page.profile.offers.offer_launched.connect(self.flow_panel.start)
        self.customer_page.merged_shown.connect(
            lambda _id: self.statusBar().showMessage(self.customer_page.merge_note, 30_000)
        )
        self._build_sync(bridge)
        self.frame.dialog_opened.connect(self.call_desk.dialog_opened)
        self._build_menus()
        self._build_status_bar()

        bridge.call_offered.connect(self._on_bridge_call_offered)
        bridge.session_started.connect(self._on_bridge_session_started)
        bridge.queue_stats_changed.connect(self._on_bridge_queue_stats_changed)
        bridge.presence_changed.connect(self._on_bridge_presence_changed)
        bridge.broadcast_received.connect(self._on_bridge_broadcast_received)
        self.show_session()
        self.read_queue_board()

    # -- layout --------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.simulate_call_action = make_action(
            self,
            self.tr("&Simulate incoming call"),
            SIMULATE_CALL_SHORTCUT,
            self.tr("Ask the demo backend to offer a call to you"),
            self._on_simulate_call_action_triggered,
            object_name="simulateCallAction",
        )
        self.simulate_call_action.setEnabled(self._services.demo_mode)
        self.simulate_call_action.setVisible(self._services.demo_mode)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.frame.add_file_menu(bar)
        phone = self.softphone
        call_menu = bar.addMenu(self.tr("&Call"))
        call_menu.addActions([phone.ready_action, phone.not_ready_action, phone.log_out_action])
        call_menu.addSeparator()
        call_menu.addActions([phone.answer_action, phone.hold_action, phone.transfer_action])
        call_menu.addActions([phone.hang_up_action, phone.wrap_up_action])
        call_menu.addSeparator()
        call_menu.addAction(self.simulate_call_action)
        customer_menu = bar.addMenu(self.tr("Cu&stomer"))
        desk = self.call_desk
        customer_menu.addActions([desk.search_action, desk.verify_action, desk.unmask_action])
        customer_menu.addSeparator()
        customer_menu.addAction(desk.pick_flow_action)
        customer_menu.addAction(desk.new_complaint_action)
        sync_menu = bar.addMenu(self.tr("S&ync"))
        sync_menu.addAction(self.sync_status.sync_now_action)
        sync_menu.addAction(self.sync_status.show_problems_action)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.worklist.show_action)
        view_menu.addAction(self.complaints.show_action)
        view_menu.addSeparator()
        view_menu.addAction(self.frame.dark_theme_action)
        self.frame.add_help_menu(bar)
        if self._services.demo_mode:
            self.softphone.addAction(self.simulate_call_action)

    def _build_sync(self, bridge: EventBridge) -> None:
        """The sync corner of the status bar and the dock listing changes to resolve."""
        self.sync_status = SyncStatusWidget(self._services, bridge, self)
        self.connectivity_label = self.sync_status.indicator
        self.sync_problems = SyncProblemsPanel(self._services, bridge)
        self.sync_problems_dock = QDockWidget(self.tr("Changes needing attention"), self)
        self.sync_problems_dock.setObjectName("syncProblemsDock")
        self.sync_problems_dock.setWidget(self.sync_problems)
        self.sync_problems_dock.setMinimumWidth(420)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.sync_problems_dock)
        self.sync_problems_dock.hide()
        self.sync_status.problems_requested.connect(self._on_sync_status_problems_requested)
        self.sync_status.notice_posted.connect(self.statusBar().showMessage)
        self.sync_problems.problem_resolved.connect(self._on_sync_problems_problem_resolved)
        self.sync_status.status_refreshed.connect(self._on_sync_status_status_refreshed)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.agent_label = named(QLabel(), "agentLabel")
        self.agent_label.setAccessibleName(self.tr("Signed-in agent"))
        self.secrets_warning = named(QLabel(), "secretsWarning")
        self.secrets_warning.setAccessibleName(self.tr("Sign-in not kept"))
        self.secrets_warning.hide()
        status.addPermanentWidget(self.secrets_warning)
        status.addPermanentWidget(self.agent_label)
        status.addPermanentWidget(self.sync_status)

    # -- state ---------------------------------------------------------------------------

    def show_session(self) -> None:
        """Show who is signed in and whether the sign-in could be kept in the keyring."""
        session = self._services.session
        user = session.user
        if user is not None:
            self.agent_label.setText(
                self.tr("Agent: %1 (%2)")
                .replace("%1", user.display_name)
                .replace("%2", user.username)
            )
        else:
            self.agent_label.clear()
        # Both warnings come from a missing keyring: the cache chip says the more serious
        # part, so the sign-in one steps aside rather than crowd the status bar.
        if session.secrets_stored or self.sync_status.cache_problem is not None:
            self.secrets_warning.hide()
        else:
            self.secrets_warning.setText(
                self.tr("Sign-in not kept: no secure password store on this computer")
            )
            self.secrets_warning.setToolTip(
                self.tr(
                    "AgentDesk stores your sign-in only in the system keyring, never in a file. "
                    "You will need to sign in again next time; ask IT to enable the keyring."
                )
            )
            self.secrets_warning.show()

    def reset(self) -> None:
        """Forget the call on screen (after sign-out)."""
        for dialog in self.call_desk.closing_dialogs():
            dialog.reject()
        self.customer_page.reset()
        self.complaints.reset()
        self.flow_panel.set_call(None)
        self.customer_page.profile.offers.set_call(None)
        self.softphone.show_no_call()
        self.broadcast_banner.dismiss()

    # -- slots ---------------------------------------------------------------------------

    def _on_bridge_call_offered(self, event: CallOffered) -> None:
        self.softphone.show_offered(event, masked_number(event.phone))
        self.customer_page.pop(event.phone)

    def _on_sync_status_status_refreshed(self, _status: object) -> None:
        if self.sync_status.cache_problem is not None:
            self.secrets_warning.hide()

    def _on_sync_status_problems_requested(self) -> None:
        self.sync_problems_dock.show()
        self.sync_problems_dock.raise_()
        self.sync_problems.setFocus()

    def _on_sync_problems_problem_resolved(self, _key: str, _choice: str) -> None:
        self.sync_status.refresh()

    def _on_bridge_session_started(self, _event: SessionStarted) -> None:
        self.show_session()
        self.read_queue_board()

    def read_queue_board(self) -> None:
        """Once at sign-in: the queues' figures and this agent's skills (the softphone's service
        level); queue.stats events keep it current after."""
        user = self._services.session.user
        if user is None:
            return
        calls, username = self._services.calls, user.username
        BackgroundOp(self, lambda: _board_for(calls, username)).success(
            self._on_queue_board_read
        ).failure(lambda _exc: None).run()

    def _on_queue_board_read(self, result: tuple[list[QueueStats], str]) -> None:
        queues, home = result
        self.softphone.show_queue_stats(queues)
        if home:
            self.softphone.set_home_queue(home)

    def _on_bridge_presence_changed(self, event: PresenceChanged) -> None:
        user = self._services.session.user
        if not self.softphone.home_queue and user is not None and event.username == user.username:
            # Signed in before joining the ACD: now that they have, the board names their queue.
            self.read_queue_board()

    def _on_bridge_queue_stats_changed(self, event: QueueStatsChanged) -> None:
        try:
            board = queue_board_of(event)
        except AgentDeskError:
            return  # an unreadable board: the next one replaces it
        self.softphone.show_queue_stats(board.queues)

    def _on_bridge_broadcast_received(self, event: BroadcastReceived) -> None:
        self.broadcast_banner.show_broadcast(event.broadcast)

    def _on_simulate_call_action_triggered(self) -> None:
        if not self._services.demo_mode:
            return
        calls = self._services.calls
        self.simulate_call_action.setEnabled(False)
        # The CallOffered event comes back through the bridge; only failure needs handling here.
        BackgroundOp(self, calls.simulate_incoming_call).success(
            self._on_simulate_call_finished
        ).failure(self._on_simulate_call_failed).run()

    def _on_simulate_call_finished(self, _event: object) -> None:
        self.simulate_call_action.setEnabled(True)

    def _on_simulate_call_failed(self, exc: BaseException) -> None:
        self.simulate_call_action.setEnabled(True)
        sentence = error_sentence(exc)
        self.statusBar().showMessage(sentence, 15_000)
        self.simulate_call_failed.emit(sentence)


def _board_for(calls: CallService, username: str) -> tuple[list[QueueStats], str]:
    """The queues' figures and this agent's first skill (their home queue)."""
    board = calls.queue_board()
    return board.queues, home_queue_of(board, username)
