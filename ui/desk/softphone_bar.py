"""The softphone bar across the top: agent state, the ringing call, call control and timers.

It renders the agent's :class:`~agentdesk.services.AgentCallState` (presence, the current call
and the moves the domain's presence machine allows): every other move is disabled. Each button
is a QAction with a shortcut (shown in its tooltip and in the Call menu). When the agent's state
turns to wrap-up the bar emits ``wrap_up_started``; the call desk then opens the wrap-up dialog.

Transfer (F7) opens a menu of the other queues, named by the reference list in the UI language,
and a submenu of the agents who are ready now; arrows (Right for the submenu) and Enter choose.

The bar also shows the service level of the agent's queue (the call's queue during a call,
else the agent's first skill): the same ``QueueStats.service_level`` figure the supervisor's
tile shows, with its formula on hover, from the same ``queue.stats`` events. When a supervisor
set the agent's state, the state button says who ("Set not ready by 李主管: Coaching") until the
agent moves themselves.

Every move is one background operation whose answer is the agent's state after it; a newer
move or event supersedes an older answer still on its way.

Threading: GUI thread only; service calls run in background operations.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QToolBar, QToolButton, QWidget

from agentdesk.domain.calls import Call
from agentdesk.domain.presence import Action, AgentState, NotReadyReason
from agentdesk.events import CallOffered
from agentdesk.services import (
    AgentCallState,
    CallControl,
    QueueInfo,
    QueueStats,
    ReferenceService,
    TransferTargets,
)
from ui.desk.call_timers import CallTimers
from ui.kit.actions import make_action
from ui.kit.badge import set_style_property
from ui.kit.error_text import error_sentence
from ui.kit.figure_text import figure_tooltip, figure_value_text, service_level_standing
from ui.kit.naming import named
from ui.kit.vocabulary import agent_state_name, not_ready_reason_name, reference_label
from ui.kit.workers import BackgroundOp

__all__ = ["CHOOSABLE_REASONS", "SoftphoneBar"]

# Reasons an agent may choose (missed_call is set by the ACD on a ring timeout).
CHOOSABLE_REASONS = tuple(r for r in NotReadyReason if r is not NotReadyReason.MISSED_CALL)


class SoftphoneBar(QToolBar):
    # The agent's state was re-read and rendered (carries the AgentCallState, or None).
    snapshot_changed = Signal(object)
    # The agent's state became wrap-up (carries the finished call, or None).
    wrap_up_started = Signal(object)
    # The agent asked for the wrap-up dialog (Ctrl+Shift+W) while in wrap-up.
    wrap_up_requested = Signal()
    # A softphone action failed; carries the readable sentence.
    action_failed = Signal(str)

    def __init__(
        self,
        calls: CallControl,
        parent: QWidget | None = None,
        *,
        reference: ReferenceService | None = None,
        clock: Callable[[], datetime] | None = None,
        mask: Callable[[str], str] = lambda number: number,
    ) -> None:
        super().__init__(parent)
        self._calls = calls
        self._reference = reference
        self._mask = mask
        self._generation = 0
        self._targets: TransferTargets | None = None
        self._queue_labels: dict[str, QueueInfo] = {}
        self.agent_state: AgentCallState | None = None
        self.set_by = ""  # the supervisor who set the state on screen, "" when the agent did
        self.home_queue = ""
        self._queue_stats: dict[str, QueueStats] = {}
        self.setObjectName("softphoneBar")
        self.setWindowTitle(self.tr("Softphone"))
        self.setAccessibleName(self.tr("Softphone"))
        self.setMovable(False)
        self.setFloatable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._build_actions()
        self._build_widgets(clock)
        self.show_state(None)
        self.load_queue_labels()

    # -- layout --------------------------------------------------------------------------

    def _build_actions(self) -> None:
        # Presence actions live on the state button (its menu), not as toolbar buttons; being
        # added to a visible widget keeps their shortcuts alive anywhere in the window.
        self.state_button = named(QToolButton(), "agentStateButton")
        self.ready_action = make_action(
            self.state_button,
            self.tr("&Ready"),
            "F9",
            self.tr("Take calls"),
            self._on_ready_action_triggered,
        )
        self.not_ready_action = make_action(
            self.state_button,
            self.tr("&Not ready…"),
            "Shift+F9",
            self.tr("Stop taking calls, with a reason"),
            self._on_not_ready_action_triggered,
        )
        self.reason_menu = QMenu(self.tr("Not ready"), self)
        self.reason_menu.setAccessibleName(self.tr("Not-ready reason"))
        self.reason_actions: dict[NotReadyReason, QAction] = {}
        for reason in CHOOSABLE_REASONS:
            action = self.reason_menu.addAction(not_ready_reason_name(reason))
            action.triggered.connect(lambda _=False, r=reason: self._on_reason_chosen(r))
            self.reason_actions[reason] = action
        self.log_out_action = make_action(
            self.state_button,
            self.tr("&Log out of the phone"),
            "Ctrl+F9",
            self.tr("Stop taking calls and leave the queues"),
            self._on_log_out_action_triggered,
        )
        self.answer_action = make_action(
            self,
            self.tr("&Answer"),
            "F5",
            self.tr("Answer the ringing call"),
            self._on_answer_action_triggered,
            object_name="answerAction",
        )
        self.answer_action.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+Return")])
        self.answer_action.setToolTip(self.tr("Answer the ringing call (F5 or Ctrl+Enter)"))
        self.hold_action = make_action(
            self,
            self.tr("&Hold"),
            "F6",
            self.tr("Put the caller on hold, or take them off hold"),
            self._on_hold_action_triggered,
            object_name="holdAction",
        )
        self.transfer_action = make_action(
            self,
            self.tr("&Transfer…"),
            "F7",
            self.tr("Transfer the caller to another queue or to an agent"),
            self._on_transfer_action_triggered,
            object_name="transferAction",
        )
        self.transfer_menu = QMenu(self.tr("Transfer to"), self)
        self.transfer_menu.setAccessibleName(self.tr("Transfer to queue"))
        self.transfer_agent_menu = QMenu(self.tr("Transfer to &agent"), self)
        self.transfer_agent_menu.setAccessibleName(self.tr("Transfer to agent"))
        self.hang_up_action = make_action(
            self,
            self.tr("Hang &up"),
            "F8",
            self.tr("End the call and start wrap-up"),
            self._on_hang_up_action_triggered,
            object_name="hangUpAction",
        )
        self.wrap_up_action = make_action(
            self,
            self.tr("&Wrap up…"),
            "Ctrl+Shift+W",
            self.tr("Record the wrap-up code and notes of the call"),
            lambda: self.wrap_up_requested.emit(),
            object_name="wrapUpAction",
        )

    def _build_widgets(self, clock: Callable[[], datetime] | None) -> None:
        self.state_button.setAccessibleName(self.tr("Agent state"))
        self.state_button.setToolTip(self.tr("Agent state: Ready (F9), Not ready (Shift+F9)"))
        self.state_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.state_menu = QMenu(self)
        self.state_menu.addAction(self.ready_action)
        self.state_menu.addMenu(self.reason_menu)
        self.state_menu.addSeparator()
        self.state_menu.addAction(self.log_out_action)
        self.state_button.setMenu(self.state_menu)
        self.timers = CallTimers(self, clock=clock)
        self.state_label = named(QLabel(), "callStateLabel")
        self.state_label.setAccessibleName(self.tr("Call state"))
        self.number_label = named(QLabel(), "callNumberLabel")
        self.number_label.setAccessibleName(self.tr("Caller's number (masked)"))
        self.queue_label = named(QLabel(), "callQueueLabel")
        self.queue_label.setAccessibleName(self.tr("Queue"))
        self.service_level_label = named(QLabel(), "serviceLevelLabel")
        self.service_level_label.setAccessibleName(self.tr("Service level of your queue"))
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        self.addWidget(self.state_button)
        self.addWidget(self.timers.state_time_label)
        self.addSeparator()
        self.addWidget(self.state_label)
        self.addWidget(self.number_label)
        self.addWidget(self.queue_label)
        self.addWidget(spacer)
        self.addWidget(self.service_level_label)
        self.addSeparator()
        self.addWidget(self.timers.call_time_label)
        for action in (
            self.answer_action,
            self.hold_action,
            self.transfer_action,
            self.hang_up_action,
            self.wrap_up_action,
        ):
            self.addAction(action)
            button = self.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", ""))
                button.setObjectName(action.objectName() + "Button")

    # -- rendering -----------------------------------------------------------------------

    @property
    def presence_state(self) -> AgentState:
        """The agent's state on screen (offline before the first answer)."""
        return self.agent_state.state if self.agent_state is not None else AgentState.OFFLINE

    @property
    def call(self) -> Call | None:
        """The call on screen: ringing, on the line or in wrap-up."""
        return self.agent_state.call if self.agent_state is not None else None

    def show_state(self, agent_state: AgentCallState | None) -> None:
        before = self.presence_state
        self.agent_state = agent_state
        presence = agent_state.presence if agent_state is not None else None
        call = agent_state.call if agent_state is not None else None
        allowed = agent_state.allowed if agent_state is not None else frozenset()
        state = self.presence_state

        text = agent_state_name(state)
        if state is AgentState.NOT_READY and presence is not None and presence.reason:
            text = f"{text}: {not_ready_reason_name(presence.reason)}"
        if presence is not None and presence.pending_reason is not None:
            text += " " + self.tr("(then %1)").replace(
                "%1", not_ready_reason_name(presence.pending_reason)
            )
        if self.set_by and state is AgentState.NOT_READY:
            reason = presence.reason if presence is not None else None
            text = (
                self.tr("Set not ready by %1: %2")
                .replace("%1", self.set_by)
                .replace("%2", not_ready_reason_name(reason) if reason else "")
                .rstrip(": ")
            )
        elif self.set_by and state is AgentState.OFFLINE:
            text = self.tr("Logged out by %1").replace("%1", self.set_by)
        elif self.set_by and presence is not None and presence.pending_reason is not None:
            text += " " + self.tr("(set by %1)").replace("%1", self.set_by)
        self.state_button.setText(text)
        self.state_button.setAccessibleDescription(text)
        set_style_property(self.state_button, "state", state.value)

        self.ready_action.setEnabled(Action.GO_READY in allowed)
        self.not_ready_action.setEnabled(Action.GO_NOT_READY in allowed)
        self.reason_menu.setEnabled(Action.GO_NOT_READY in allowed)
        self.log_out_action.setEnabled(Action.LOG_OUT in allowed)
        self.answer_action.setEnabled(Action.ANSWER in allowed)
        on_hold = Action.RESUME in allowed
        self.hold_action.setText(self.tr("&Resume") if on_hold else self.tr("&Hold"))
        self.hold_action.setEnabled(on_hold or Action.HOLD in allowed)
        self.transfer_action.setEnabled(Action.TRANSFER in allowed)
        self.hang_up_action.setEnabled(Action.HANG_UP in allowed)
        self.wrap_up_action.setEnabled(state is AgentState.WRAP_UP)
        for action in (self.hold_action, self.answer_action):
            button = self.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", ""))

        if call is not None:
            self.number_label.setText(self._mask(call.caller))
            self.queue_label.setText(
                self.tr("Queue: %1").replace("%1", self._queue_name(call.queue))
            )
        elif state not in (AgentState.RINGING,):
            self.number_label.clear()
            self.queue_label.clear()
        self._show_call_state(state)
        self._show_service_level()
        self.timers.show_snapshot(presence, call)
        self.snapshot_changed.emit(agent_state)
        if state is AgentState.WRAP_UP and before is not AgentState.WRAP_UP:
            self.wrap_up_started.emit(call)

    def _show_call_state(self, state: AgentState) -> None:
        texts = {
            AgentState.RINGING: self.tr("Incoming call"),
            AgentState.ON_CALL: self.tr("On call"),
            AgentState.HOLD: self.tr("Caller on hold"),
            AgentState.WRAP_UP: self.tr("Wrap-up"),
        }
        self.state_label.setText(texts.get(state, self.tr("No call")))
        set_style_property(self.state_label, "ringing", state is AgentState.RINGING)

    def show_offered(self, event: CallOffered, masked_number: str) -> None:
        """A call was offered: ring at once, then read the snapshot for the allowed moves."""
        self.state_label.setText(self.tr("Incoming call"))
        set_style_property(self.state_label, "ringing", True)
        self.number_label.setText(masked_number)
        self.queue_label.setText(
            self.tr("Queue: %1").replace("%1", self._queue_name(event.queue)) if event.queue else ""
        )
        self.refresh()

    def show_no_call(self) -> None:
        """Forget everything (after sign-out)."""
        self._generation += 1
        self.show_state(None)

    def show_current(self) -> None:
        """Render the state the call service tracks from live events (no round trip), or ask
        the telephony when it tracks nothing yet."""
        current = self._calls.current
        if current is None:
            self.refresh()
            return
        self._generation += 1  # an older reply still on its way must not undo this
        self.show_state(current)

    def show_set_by(self, supervisor: str) -> None:
        """A supervisor set this agent's state (presence.changed ``by``): say so on the state
        button until the agent changes it themselves."""
        self.set_by = supervisor

    def set_home_queue(self, queue: str) -> None:
        """The queue whose service level shows when no call is on (the agent's first skill)."""
        self.home_queue = queue
        self._show_service_level()

    def show_queue_stats(self, queues: list[QueueStats]) -> None:
        """The live figures of a queue.stats event (or the board read at sign-in)."""
        self._queue_stats.update({q.queue: q for q in queues})
        self._show_service_level()

    @property
    def shown_queue(self) -> str:
        call = self.call
        return call.queue if call is not None and call.queue else self.home_queue

    def _show_service_level(self) -> None:
        label = self.service_level_label
        stats = self._queue_stats.get(self.shown_queue)
        if stats is None:
            label.clear()
            label.setToolTip("")
            return
        label.setText(
            self.tr("%1 service level %2")
            .replace("%1", self._queue_name(stats.queue))
            .replace("%2", figure_value_text(stats.service_level))
        )
        label.setToolTip(figure_tooltip("service_level", stats.service_level))
        standing = service_level_standing(stats.service_level.value, stats.service_level_target)
        set_style_property(label, "standing", standing)

    def load_queue_labels(self) -> None:
        """Read the reference queues, to name queues in the UI language (again after the
        reference lists were refreshed): the cache's or the shipped list, no wait on the ACD."""
        reference = self._reference
        if reference is not None:
            BackgroundOp(self, lambda: reference.queues().queues).success(
                self._on_queue_labels_loaded
            ).failure(self._on_action_failed).run()

    def refresh(self) -> None:
        """Re-read the agent's state; an older answer arriving later is dropped."""
        self._run(self._calls.me, own=False)

    # -- slots ---------------------------------------------------------------------------

    def _on_state_read(self, generation: int, agent_state: AgentCallState) -> None:
        if generation == self._generation:
            self.show_state(agent_state)

    def _run(self, move: Callable[[], AgentCallState], *, own: bool = True) -> None:
        if own:
            self.set_by = ""  # the agent's own move: no longer the supervisor's setting
        self._generation += 1
        generation = self._generation
        BackgroundOp(self, move).success(
            lambda agent_state: self._on_state_read(generation, agent_state)
        ).failure(self._on_action_failed).run()

    def _on_action_failed(self, exc: BaseException) -> None:
        self.action_failed.emit(error_sentence(exc))

    def _on_ready_action_triggered(self) -> None:
        self._run(self._calls.set_ready)

    def _on_not_ready_action_triggered(self) -> None:
        # A menu of reasons under the state button, reachable by arrows and first letters.
        self.reason_menu.popup(self.state_button.mapToGlobal(QPoint(0, self.height())))
        first = next(iter(self.reason_actions.values()))
        self.reason_menu.setActiveAction(first)

    def _on_reason_chosen(self, reason: NotReadyReason) -> None:
        self._run(lambda: self._calls.set_not_ready(reason))

    def _on_log_out_action_triggered(self) -> None:
        self._run(self._calls.log_out)

    def _on_answer_action_triggered(self) -> None:
        self._run(self._calls.answer)

    def _on_hold_action_triggered(self) -> None:
        allowed = self.agent_state.allowed if self.agent_state is not None else frozenset()
        if Action.RESUME in allowed:
            self._run(self._calls.resume)
        elif Action.HOLD in allowed:
            self._run(self._calls.hold)

    def _on_transfer_action_triggered(self) -> None:
        self._fill_transfer_menu()
        button = self.widgetForAction(self.transfer_action) or self
        self.transfer_menu.popup(button.mapToGlobal(QPoint(0, button.height())))
        # Who is ready changes by the second: ask again each time, showing the last answer
        # meanwhile.
        BackgroundOp(self, self._calls.transfer_targets).success(self._on_targets_loaded).failure(
            self._on_action_failed
        ).run()

    def _on_targets_loaded(self, targets: TransferTargets) -> None:
        if targets == self._targets:
            return
        self._targets = targets
        self._fill_transfer_menu()

    def _on_queue_labels_loaded(self, queues: list[QueueInfo]) -> None:
        self._queue_labels.update({q.code: q for q in queues})
        self._fill_transfer_menu()
        self._show_service_level()
        call = self.call
        if call is not None:
            self.queue_label.setText(
                self.tr("Queue: %1").replace("%1", self._queue_name(call.queue))
            )

    def _queue_name(self, code: str) -> str:
        info = self._queue_labels.get(code)
        return reference_label(info) if info is not None else code

    def _fill_transfer_menu(self) -> None:
        menu, agents_menu = self.transfer_menu, self.transfer_agent_menu
        active = menu.activeAction()
        # Object names, not QAction.data(): reading the data of an action that has none
        # returns None without the reference PySide6 owes it (the round-trip test in
        # tests/ui/test_workers_and_bridge.py then sees None's count drop).
        kept = active.objectName() if active is not None else ""
        menu.clear()
        agents_menu.clear()
        targets = self._targets
        if targets is None:
            menu.addAction(self.tr("Loading queues…")).setEnabled(False)
            agents_menu.addAction(self.tr("Loading agents…")).setEnabled(False)
        else:
            for queue in targets.queues:
                action = menu.addAction(self._queue_name(queue))
                action.setObjectName(f"transferQueue:{queue}")
                action.triggered.connect(lambda _=False, q=queue: self._transfer(queue=q))
            if not menu.actions():
                menu.addAction(self.tr("No other queue")).setEnabled(False)
            for agent in targets.agents:
                action = agents_menu.addAction(agent)
                action.setObjectName(f"transferAgent:{agent}")
                action.triggered.connect(lambda _=False, a=agent: self._transfer(agent=a))
            if not agents_menu.actions():
                agents_menu.addAction(self.tr("No agent is ready")).setEnabled(False)
        menu.addSeparator()
        agents_action = menu.addMenu(agents_menu)
        agents_action.setObjectName("transferAgentMenu")
        chosen = next((a for a in menu.actions() if kept and a.objectName() == kept), None)
        menu.setActiveAction(chosen or menu.actions()[0])

    def _on_hang_up_action_triggered(self) -> None:
        self._run(self._calls.hang_up)

    def _transfer(self, *, queue: str | None = None, agent: str | None = None) -> None:
        self._run(lambda: self._calls.transfer(queue=queue, agent=agent))
