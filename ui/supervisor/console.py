"""The supervisor's console: the queue wall above; agents, waiting calls, complaints and trends
in tabs below; the supervisor's actions with their shortcuts.

No polling: :meth:`SupervisorConsole.load` takes the team's snapshot once (when the console
opens, and again when the event stream reconnects or on F5), and the live events then keep it
current: ``queue.stats`` → tiles, ``supervisor.agent`` → one grid row, ``supervisor.waiting`` →
the waiting list, ``supervisor.interval`` → the trends, ``ticket.changed`` → the board again
(several in a burst: once).

Each action asks for confirmation (or its input) in a dialog, then runs one background
operation; its result shows through the events it causes, and a failure as a sentence in
``message_posted``. Threading: GUI thread only; services run in background operations.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agentdesk.errors import AgentDeskError
from agentdesk.events import (
    EventStreamConnected,
    QueueStatsChanged,
    SupervisorAgentChanged,
    SupervisorIntervalsChanged,
    SupervisorWaitingChanged,
    TicketChanged,
)
from agentdesk.services import (
    AgentRow,
    AppServices,
    Assignee,
    BoardComplaint,
    QueueInfo,
    ReferenceService,
    SupervisorSnapshot,
    TicketRefused,
    WaitingCall,
    queue_stats_of,
)
from ui.complaints.refusal_text import refusal_sentence
from ui.kit.actions import make_action
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.error_text import error_sentence
from ui.kit.formatting import utc_now
from ui.kit.naming import named
from ui.kit.record_table import RECORD_ROLE
from ui.kit.record_table_view import RecordTableView
from ui.kit.vocabulary import not_ready_reason_name, reference_label
from ui.kit.workers import BackgroundOp
from ui.supervisor.action_dialogs import ChooserDialog, ConfirmDialog, NotReadyDialog, TextDialog
from ui.supervisor.agent_grid import ROW_ROLE, AgentGridModel, AgentSortProxy
from ui.supervisor.complaint_board import BOARD_FILTERS, ComplaintBoardModel, filter_name
from ui.supervisor.queue_wall import QueueWall
from ui.supervisor.trends import TrendsPanel
from ui.supervisor.waiting_calls import WaitingCallsModel

__all__ = ["SupervisorConsole"]

# ticket.changed events in a burst (a bulk reassignment) reload the board once.
BOARD_RELOAD_DELAY_MS = 300


class SupervisorConsole(QWidget):
    # The snapshot was applied (carries the SupervisorSnapshot).
    snapshot_loaded = Signal(object)
    # A sentence for the status bar: an action done or refused.
    message_posted = Signal(str)
    # A dialog of the console opened (tests and the shell find it).
    dialog_opened = Signal(object)

    def __init__(
        self,
        services: AppServices,
        bridge: EventBridge,
        parent: QWidget | None = None,
        *,
        colors: ValueColors | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supervisorConsole")
        self._services = services
        self._supervisor = services.supervisor
        self._clock = clock
        self._queue_names: dict[str, str] = {}
        self._loading = False
        self.snapshot: SupervisorSnapshot | None = None

        self.queue_wall = QueueWall()
        self.agent_model = AgentGridModel(
            self, clock=clock, colors=colors, queue_name=self.queue_name
        )
        self.agent_proxy = AgentSortProxy(self)
        self.agent_proxy.setSourceModel(self.agent_model)
        self.agent_view = self._agent_view()
        self.waiting_model = WaitingCallsModel(self, clock=clock, queue_name=self.queue_name)
        self.waiting_view = RecordTableView(
            self.waiting_model,
            self.tr("Waiting calls"),
            column_widths=(200, 110, 80, 200),
            empty_text=self.tr("No call is waiting."),
        )
        self.waiting_view.setObjectName("waitingView")
        self.board_model = ComplaintBoardModel(self, clock=clock, colors=colors)
        self.board_view = RecordTableView(
            self.board_model,
            self.tr("Complaint board"),
            column_widths=(120, 140, 80, 110, 140, 140, 130, 90, 140),
            empty_text=self.tr("No complaint of the team matches."),
        )
        self.board_view.setObjectName("complaintBoardView")
        self.board_filter = named(QComboBox(), "boardFilterCombo")
        self.board_filter.setAccessibleName(self.tr("Show complaints"))
        for code in BOARD_FILTERS:
            self.board_filter.addItem(filter_name(code), code)
        self.trends = TrendsPanel()
        self._build_actions()
        self._build_layout()
        self._board_timer = QTimer(self)
        self._board_timer.setSingleShot(True)
        self._board_timer.setInterval(BOARD_RELOAD_DELAY_MS)
        self._board_timer.timeout.connect(self._reload_board)

        self.board_filter.currentIndexChanged.connect(self._on_board_filter_changed)
        bridge.queue_stats_changed.connect(self._on_bridge_queue_stats_changed)
        bridge.supervisor_agent_changed.connect(self._on_bridge_supervisor_agent_changed)
        bridge.supervisor_waiting_changed.connect(self._on_bridge_supervisor_waiting_changed)
        bridge.supervisor_intervals_changed.connect(self._on_bridge_supervisor_intervals_changed)
        bridge.ticket_changed.connect(self._on_bridge_ticket_changed)
        bridge.stream_connected.connect(self._on_bridge_stream_connected)
        self._update_actions()

    # -- layout ---------------------------------------------------------------------------------

    def _agent_view(self) -> QTableView:
        view = named(QTableView(), "agentGridView")
        view.setModel(self.agent_proxy)
        view.setAccessibleName(self.tr("Agent grid"))
        view.setSortingEnabled(True)
        view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # longest in state first
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
        view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((180, 140, 200, 130, 90)):
            view.setColumnWidth(column, width)
        return view

    def _build_actions(self) -> None:
        a = make_action
        self.reload_action = a(
            self,
            self.tr("&Reload the console"),
            "F5",
            self.tr("Take the team's figures afresh"),
            self.load,
            object_name="reloadAction",
        )
        self.not_ready_action = a(
            self,
            self.tr("Set agent &not ready…"),
            "Ctrl+Shift+N",
            self.tr("Set the selected agent not ready, with a reason (e.g. coaching)"),
            self.open_not_ready,
            object_name="agentNotReadyAction",
        )
        self.log_out_agent_action = a(
            self,
            self.tr("&Log agent out…"),
            "Ctrl+Shift+O",
            self.tr("Log the selected agent out of the phone"),
            self.open_log_out,
            object_name="agentLogOutAction",
        )
        self.move_call_action = a(
            self,
            self.tr("&Move to queue…"),
            "Ctrl+Shift+M",
            self.tr("Move the selected waiting call to another queue"),
            self.open_move_call,
            object_name="moveCallAction",
        )
        self.broadcast_action = a(
            self,
            self.tr("&Broadcast…"),
            "Ctrl+B",
            self.tr("Send a message to every desk of the team"),
            self.open_broadcast,
            object_name="broadcastAction",
        )
        self.reassign_action = a(
            self,
            self.tr("Re&assign complaint…"),
            "Ctrl+Shift+A",
            self.tr("Give the selected complaint to another person of the team"),
            self.open_reassign,
            object_name="reassignAction",
        )
        self.approve_action = a(
            self,
            self.tr("A&pprove extension…"),
            "Ctrl+Shift+Y",
            self.tr("Approve the extension asked for on the selected complaint"),
            lambda: self.open_extension_decision(approve=True),
            object_name="approveAction",
        )
        self.refuse_action = a(
            self,
            self.tr("Re&fuse extension…"),
            "Ctrl+Shift+U",
            self.tr("Refuse the extension asked for on the selected complaint, with a note"),
            lambda: self.open_extension_decision(approve=False),
            object_name="refuseAction",
        )
        self.export_action = a(
            self,
            self.tr("&Export interval figures…"),
            "Ctrl+E",
            self.tr("Save the team's interval figures as a CSV file"),
            self.open_export,
            object_name="exportAction",
        )
        self.tab_actions: list[QAction] = []

    def _build_layout(self) -> None:
        self.tabs = named(QTabWidget(), "consoleTabs")
        self.tabs.setAccessibleName(self.tr("Console views"))
        agents = QWidget()
        agents_layout = QVBoxLayout(agents)
        agents_layout.setContentsMargins(0, 4, 0, 0)
        agents_layout.addWidget(self.agent_view)
        board = QWidget()
        board_layout = QVBoxLayout(board)
        board_layout.setContentsMargins(0, 4, 0, 0)
        filters = QHBoxLayout()
        label = QLabel(self.tr("S&how:"))
        label.setBuddy(self.board_filter)
        filters.addWidget(label)
        filters.addWidget(self.board_filter)
        self.board_counts = named(QLabel(), "boardCounts")
        filters.addWidget(self.board_counts)
        filters.addStretch(1)
        board_layout.addLayout(filters)
        board_layout.addWidget(self.board_view)
        for index, (widget, title) in enumerate(
            (
                (agents, self.tr("&Agents")),
                (self.waiting_view, self.tr("&Waiting calls")),
                (board, self.tr("&Complaints")),
                (self.trends, self.tr("&Trends")),
            ),
            start=1,
        ):
            self.tabs.addTab(widget, title)
            action = make_action(
                self,
                title.replace("&", ""),
                f"Alt+{index}",
                self.tr("Show this view"),
                partial(self._show_tab, index - 1),
                object_name=f"consoleTab{index}Action",
            )
            self.tab_actions.append(action)
        self.splitter = named(QSplitter(Qt.Orientation.Vertical), "consoleSplitter")
        self.splitter.addWidget(self.queue_wall)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 510])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

        for view, actions in (
            (self.agent_view, (self.not_ready_action, self.log_out_agent_action)),
            (self.waiting_view, (self.move_call_action,)),
            (self.board_view, (self.reassign_action, self.approve_action, self.refuse_action)),
        ):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, v=view, acts=actions: self._context_menu(v, pos, acts)
            )
            view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())

    def _context_menu(self, view: QTableView, pos: QPoint, actions: tuple[QAction, ...]) -> None:
        menu = QMenu(self)
        menu.addActions(list(actions))
        menu.popup(view.viewport().mapToGlobal(pos))

    def _show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        widget = (self.agent_view, self.waiting_view, self.board_view, self.trends.queue_combo)
        widget[index].setFocus()

    @property
    def team_actions(self) -> list[QAction]:
        return [
            self.not_ready_action,
            self.log_out_agent_action,
            self.move_call_action,
            self.broadcast_action,
            self.reassign_action,
            self.approve_action,
            self.refuse_action,
        ]

    # -- loading --------------------------------------------------------------------------------

    def load(self) -> None:
        """Take the team's snapshot (then last week's intervals for the trends)."""
        if self._loading:
            return
        self._loading = True
        supervisor, reference = self._supervisor, self._services.reference
        BackgroundOp(self, lambda: (supervisor.snapshot(), _queue_list(reference))).success(
            self._on_snapshot_read
        ).failure(self._on_load_failed).run()

    def _on_snapshot_read(self, result: tuple[SupervisorSnapshot, list[QueueInfo]]) -> None:
        self._loading = False
        snapshot, queues = result
        self._queue_names.update({q.code: reference_label(q) for q in queues})
        self.show_snapshot(snapshot)
        supervisor, today = self._supervisor, snapshot.at.astimezone().date()
        BackgroundOp(self, lambda: supervisor.last_week_intervals(today)).success(
            self.trends.set_last_week
        ).failure(self._on_action_failed).run()

    def show_snapshot(self, snapshot: SupervisorSnapshot) -> None:
        first = self.snapshot is None
        self.snapshot = snapshot
        self.queue_wall.set_queue_names(self._queue_names)
        self.queue_wall.set_queues(snapshot.queues)
        if first and self.queue_wall.tiles:
            # The wall as tall as its tiles; the tabs get the rest.
            wall = self.queue_wall.content_height()
            total = sum(self.splitter.sizes()) or 760
            self.splitter.setSizes([min(wall, total // 2), max(total - wall, total // 2)])
        self.agent_model.set_rows(snapshot.agents)
        self.waiting_model.set_rows(snapshot.waiting)
        self._show_complaints(snapshot.complaints)
        self.trends.set_queues([(q.queue, self.queue_name(q.queue)) for q in snapshot.queues])
        self.trends.set_today(snapshot.intervals)
        self._update_actions()
        self.snapshot_loaded.emit(snapshot)

    def _on_load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._on_action_failed(exc)

    def queue_name(self, code: str) -> str:
        return self._queue_names.get(code, code)

    def _show_complaints(self, rows: list[BoardComplaint]) -> None:
        self.board_model.set_complaints(rows)
        self.board_counts.setText(
            self.tr("Due today %1 · at 80 % %2 · breached %3 · extensions %4")
            .replace("%1", str(self.board_model.count("due_today")))
            .replace("%2", str(self.board_model.count("at_80")))
            .replace("%3", str(self.board_model.count("breached")))
            .replace("%4", str(self.board_model.count("extension")))
        )

    # -- live events ----------------------------------------------------------------------------

    def _on_bridge_queue_stats_changed(self, event: QueueStatsChanged) -> None:
        try:
            self.queue_wall.update_queues(queue_stats_of(event))
        except AgentDeskError:
            return  # an unreadable board: the next one replaces it

    def _on_bridge_supervisor_agent_changed(self, event: SupervisorAgentChanged) -> None:
        self.agent_model.apply(event.row)
        self._update_actions()

    def _on_bridge_supervisor_waiting_changed(self, event: SupervisorWaitingChanged) -> None:
        self.waiting_model.set_rows(list(event.calls))
        self._update_actions()

    def _on_bridge_supervisor_intervals_changed(self, event: SupervisorIntervalsChanged) -> None:
        self.trends.apply(event.intervals)

    def _on_bridge_ticket_changed(self, _event: TicketChanged) -> None:
        self._board_timer.start()

    def _on_bridge_stream_connected(self, _event: EventStreamConnected) -> None:
        # Events may have been missed while the stream was down: take the snapshot again.
        if self.snapshot is not None:
            self.load()

    def _reload_board(self) -> None:
        supervisor = self._supervisor
        BackgroundOp(self, supervisor.snapshot).success(
            lambda snapshot: self._show_complaints(snapshot.complaints)
        ).failure(self._on_action_failed).run()

    # -- selection ------------------------------------------------------------------------------

    def selected_agent(self) -> AgentRow | None:
        index = self.agent_view.currentIndex()
        if not index.isValid():
            return None
        row = index.data(ROW_ROLE)
        return row if isinstance(row, AgentRow) else None

    def selected_waiting(self) -> WaitingCall | None:
        index = self.waiting_view.currentIndex()
        row = index.data(RECORD_ROLE) if index.isValid() else None
        return row if isinstance(row, WaitingCall) else None

    def selected_complaint(self) -> BoardComplaint | None:
        index = self.board_view.currentIndex()
        row = index.data(RECORD_ROLE) if index.isValid() else None
        return row if isinstance(row, BoardComplaint) else None

    def select_agent(self, username: str) -> bool:
        for row in range(self.agent_proxy.rowCount()):
            index = self.agent_proxy.index(row, 0)
            found = index.data(ROW_ROLE)
            if isinstance(found, AgentRow) and found.username == username:
                self.agent_view.setCurrentIndex(index)
                return True
        return False

    def select_complaint(self, ticket_id: int) -> bool:
        for row in range(self.board_model.rowCount()):
            if self.board_model.record(row).id == ticket_id:
                self.board_view.setCurrentIndex(self.board_model.index(row, 0))
                return True
        return False

    def _update_actions(self) -> None:
        agent = self.selected_agent()
        self.not_ready_action.setEnabled(agent is not None)
        self.log_out_agent_action.setEnabled(agent is not None and str(agent.state) != "offline")
        self.move_call_action.setEnabled(self.selected_waiting() is not None)
        complaint = self.selected_complaint()
        self.reassign_action.setEnabled(complaint is not None)
        pending = complaint is not None and complaint.pending_extension is not None
        self.approve_action.setEnabled(pending)
        self.refuse_action.setEnabled(pending)

    # -- actions --------------------------------------------------------------------------------

    def _open(self, dialog: ConfirmDialog | NotReadyDialog | ChooserDialog | TextDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _run(self, fn: Callable[[], object], done: str) -> None:
        BackgroundOp(self, fn).success(lambda _r: self.message_posted.emit(done)).failure(
            self._on_action_failed
        ).run()

    def _on_action_failed(self, exc: BaseException) -> None:
        if isinstance(exc, TicketRefused):
            self.message_posted.emit(refusal_sentence(exc.reason))
            return
        self.message_posted.emit(error_sentence(exc))

    def open_not_ready(self) -> NotReadyDialog | None:
        agent = self.selected_agent()
        if agent is None:
            return None
        dialog = NotReadyDialog(agent.display_name or agent.username, self)
        supervisor, username, name = self._supervisor, agent.username, agent.display_name

        def chosen() -> None:
            reason = dialog.reason
            self._run(
                lambda: supervisor.set_not_ready(username, reason),
                self.tr("%1 set not ready: %2")
                .replace("%1", name)
                .replace("%2", not_ready_reason_name(reason)),
            )

        dialog.accepted.connect(chosen)
        self._open(dialog)
        return dialog

    def open_log_out(self) -> ConfirmDialog | None:
        agent = self.selected_agent()
        if agent is None:
            return None
        name = agent.display_name or agent.username
        dialog = ConfirmDialog(
            self.tr("Log agent out"),
            self.tr("Log %1 out of the phone? They stop receiving calls.").replace("%1", name),
            self.tr("Log out"),
            self,
        )
        supervisor, username = self._supervisor, agent.username
        dialog.accepted.connect(
            lambda: self._run(
                lambda: supervisor.log_out(username),
                self.tr("%1 logged out of the phone").replace("%1", name),
            )
        )
        self._open(dialog)
        return dialog

    def open_move_call(self) -> ChooserDialog | None:
        call = self.selected_waiting()
        if call is None:
            return None
        queues = [q.queue for q in self.snapshot.queues] if self.snapshot else []
        choices = [(q, self.queue_name(q)) for q in queues if q != call.queue]
        dialog = ChooserDialog(
            self.tr("Move to queue"),
            self.tr("Move the call waiting in %1 to:").replace("%1", self.queue_name(call.queue)),
            choices,
            self.tr("Move"),
            self,
            empty_text=self.tr("The team has no other queue."),
        )
        supervisor, call_id = self._supervisor, call.call_id

        def chosen() -> None:
            queue = dialog.chosen
            if queue is not None:
                self._run(
                    lambda: supervisor.move_call(call_id, queue),
                    self.tr("Call moved to %1").replace("%1", self.queue_name(queue)),
                )

        dialog.accepted.connect(chosen)
        self._open(dialog)
        return dialog

    def open_broadcast(self) -> TextDialog:
        dialog = TextDialog(
            self.tr("Broadcast to the team"),
            self.tr("Every desk of the team shows this message until the agent dismisses it."),
            self.tr("Send"),
            self,
        )
        supervisor = self._supervisor

        def chosen() -> None:
            text = dialog.text
            self._run(lambda: supervisor.broadcast(text), self.tr("Message sent to the team"))

        dialog.accepted.connect(chosen)
        self._open(dialog)
        return dialog

    def open_reassign(self) -> None:
        complaint = self.selected_complaint()
        if complaint is None:
            return
        supervisor, ticket_id = self._supervisor, complaint.id
        BackgroundOp(self, lambda: supervisor.assignable(ticket_id)).success(
            lambda people: self._on_assignable_loaded(complaint, people)
        ).failure(self._on_action_failed).run()

    def _on_assignable_loaded(self, complaint: BoardComplaint, people: list[Assignee]) -> None:
        self.choose_assignee(complaint, people)

    def choose_assignee(self, complaint: BoardComplaint, people: list[Assignee]) -> ChooserDialog:
        choices = [
            (p.username, f"{p.display_name} ({p.username})")
            for p in people
            if p.username != complaint.assignee
        ]
        dialog = ChooserDialog(
            self.tr("Reassign complaint"),
            self.tr("Give %1 to (people party to the complaint are left out):").replace(
                "%1", complaint.reference
            ),
            choices,
            self.tr("Reassign"),
            self,
            empty_text=self.tr("Nobody else of the team may take this complaint."),
        )
        supervisor, ticket_id = self._supervisor, complaint.id

        def chosen() -> None:
            username = dialog.chosen
            if username is not None:
                self._run(
                    lambda: supervisor.reassign(ticket_id, username),
                    self.tr("%1 reassigned to %2")
                    .replace("%1", complaint.reference)
                    .replace("%2", username),
                )

        dialog.accepted.connect(chosen)
        self._open(dialog)
        return dialog

    def open_extension_decision(self, *, approve: bool) -> TextDialog | None:
        complaint = self.selected_complaint()
        if complaint is None or complaint.pending_extension is None:
            return None
        pending = complaint.pending_extension
        asked = (
            self.tr("%1 asked for more time on %2: “%3”")
            .replace("%1", pending.requested_by)
            .replace("%2", complaint.reference)
            .replace("%3", pending.reason)
        )
        if approve:
            dialog = TextDialog(
                self.tr("Approve extension"),
                asked
                + "\n"
                + self.tr("Approving moves the deadline and sends the holding letter."),
                self.tr("Approve"),
                self,
                max_length=2000,
                optional=True,
            )
        else:
            dialog = TextDialog(
                self.tr("Refuse extension"),
                asked + "\n" + self.tr("Say why: the agent sees your note."),
                self.tr("Refuse"),
                self,
                max_length=2000,
            )
        supervisor, ticket_id = self._supervisor, complaint.id
        done = self.tr("Extension approved") if approve else self.tr("Extension refused")

        def chosen() -> None:
            note = dialog.text
            self._run(lambda: supervisor.decide_extension(ticket_id, approve, note), done)

        dialog.accepted.connect(chosen)
        self._open(dialog)
        return dialog

    def open_export(self) -> None:
        today = self._services.supervisor.today()
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export interval figures"),
            str(Path.home() / f"intervals-{today.isoformat()}.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if path:
            self.export_to(Path(path), today, today)

    def export_to(self, path: Path, start: date, end: date) -> None:
        supervisor = self._supervisor
        BackgroundOp(self, lambda: supervisor.export_csv(start, end, path)).success(
            lambda _n: self.message_posted.emit(
                self.tr("Interval figures saved to %1").replace("%1", str(path))
            )
        ).failure(self._on_action_failed).run()

    def _on_board_filter_changed(self, _index: int) -> None:
        self.board_model.set_filter(str(self.board_filter.currentData()))
        self._update_actions()


def _queue_list(reference: ReferenceService) -> list[QueueInfo]:
    """The reference queues (to name queues in the UI language); none when unreadable."""
    try:
        return list(reference.queues().queues)
    except AgentDeskError:
        return []
