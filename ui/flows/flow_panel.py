"""The flow panel beside the customer 360: the script of the call, one step at a time.

States: ``idle`` (no call), ``choose`` (a call, no flow running: the flows that fit this call
and customer, Ctrl+L for all), ``step`` (a flow running: the text to read, in the customer's
language first, the agent's below when it differs; the answer, the choices or the
acknowledgement the step asks for; the path so far), ``finished`` (the flow ended or was
abandoned; another may be started).

Keyboard: Enter goes on (or takes the answer), 1–9 choose, Ctrl+Shift+A acknowledges a
disclosure (enabled once its text is on screen), Alt+Left goes back where the flow allows,
Ctrl+L picks a flow. Every move runs in a background operation; the runner decides it and the
panel shows what it says (a refused move shows why, in the agent's words).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from agentdesk.domain.errors import InvalidValue, RuleViolation
from agentdesk.flows.runner import Move, RunStatus
from agentdesk.services import CustomerProfile, FlowChoice, FlowService, FlowStep
from ui.flows.flow_picker import FlowPicker
from ui.kit.error_text import error_sentence
from ui.kit.naming import named
from ui.kit.vocabulary import wrap_up_code_name
from ui.kit.workers import BackgroundOp

__all__ = ["FlowPanel"]

MAX_SUGGESTIONS = 5


class FlowPanel(QFrame):
    # The run on screen changed (a move, a start, a resume); carries the FlowStep or None.
    step_shown = Signal(object)
    # A move was refused or failed; carries the sentence shown.
    move_refused = Signal(str)

    def __init__(self, flows: FlowService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flowPanel")
        self.setAccessibleName(self.tr("Call script"))
        self.setMinimumWidth(320)
        # The panel takes the keyboard while a step waits (Enter, 1–9 and Alt+Left reach it).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._flows = flows
        self._call_id: str | None = None
        self._queue = ""
        self._profile: CustomerProfile | None = None
        self.runs: list[FlowStep] = []  # the call's runs, as last shown
        self.current: FlowStep | None = None
        self.busy = False
        self.state = "idle"

        self.heading = named(QLabel(self.tr("Call script")), "pageTitle")
        self.flow_title = named(QLabel(), "sectionTitle")
        self.flow_title.setWordWrap(True)
        self.path_label = named(QLabel(), "mutedLabel")
        self.path_label.setWordWrap(True)
        self.message = named(QLabel(), "errorLabel")
        self.message.setWordWrap(True)
        self.message.hide()

        self._pages = QStackedWidget()
        self._pages.addWidget(self._build_idle())
        self._pages.addWidget(self._build_choose())
        self._pages.addWidget(self._build_step())
        self._pages.addWidget(self._build_finished())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.flow_title)
        layout.addWidget(self.path_label)
        layout.addWidget(self._pages, 1)
        layout.addWidget(self.message)
        self._build_shortcuts()
        self._show_state("idle")

    # -- building ----------------------------------------------------------------------------

    def _build_idle(self) -> QWidget:
        page = QWidget()
        text = named(
            QLabel(self.tr("Scripts for the call appear here when a call comes in.")), "mutedLabel"
        )
        text.setWordWrap(True)
        box = QVBoxLayout(page)
        box.addWidget(text)
        box.addStretch(1)
        return page

    def _build_choose(self) -> QWidget:
        page = QWidget()
        self.suggested_title = named(QLabel(self.tr("Suggested for this call")), "sectionTitle")
        self.suggestions = QVBoxLayout()
        self.no_suggestion = named(QLabel(self.tr("No script fits this call.")), "mutedLabel")
        self.no_suggestion.setWordWrap(True)  # the panel is narrow; the hint is a sentence
        self.pick_button = QPushButton(self.tr("All scripts… (Ctrl+L)"))
        self.pick_button.setObjectName("pickFlowButton")
        self.pick_button.clicked.connect(self.open_picker)
        box = QVBoxLayout(page)
        box.addWidget(self.suggested_title)
        box.addLayout(self.suggestions)
        box.addWidget(self.no_suggestion)
        box.addWidget(self.pick_button)
        box.addStretch(1)
        return page

    def _build_step(self) -> QWidget:
        page = QWidget()
        self.step_title = named(QLabel(), "sectionTitle")
        self.text_label = named(QLabel(), "flowText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)  # customer data is never markup
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_frame = named(QFrame(), "flowTextFrame")
        frame_box = QVBoxLayout(self.text_frame)
        frame_box.addWidget(self.text_label)
        self.translation_label = named(QLabel(), "mutedLabel")
        self.translation_label.setWordWrap(True)
        self.translation_label.setTextFormat(Qt.TextFormat.PlainText)

        self.answer_edit = named(QLineEdit(), "flowAnswer")
        self.answer_edit.setAccessibleName(self.tr("Answer"))
        self.answer_edit.returnPressed.connect(self.go_on)
        self.answer_combo = named(QComboBox(), "flowAnswerChoice")
        self.answer_combo.setAccessibleName(self.tr("Answer"))
        self.options_box = QVBoxLayout()
        self.option_buttons: list[QPushButton] = []
        self.acknowledge_button = QPushButton(
            self.tr("I have read this to the customer (Ctrl+Shift+A)")
        )
        self.acknowledge_button.setObjectName("acknowledgeButton")
        self.acknowledge_button.clicked.connect(self.acknowledge)
        self.acknowledged_label = named(QLabel(self.tr("✓ Read to the customer")), "mutedLabel")

        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setToolTip(self.tr("Back to the previous step (Alt+←)"))
        self.back_button.clicked.connect(self.back)
        self.abandon_button = QPushButton(self.tr("Abandon…"))
        self.abandon_button.clicked.connect(self.abandon)
        self.next_button = QPushButton(self.tr("Continue"))
        self.next_button.setToolTip(self.tr("Go on to the next step (Enter)"))
        self.next_button.setObjectName("flowNextButton")
        self.next_button.setProperty("primary", True)
        self.next_button.clicked.connect(self.go_on)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.abandon_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)

        box = QVBoxLayout(page)
        box.addWidget(self.step_title)
        box.addWidget(self.text_frame)
        box.addWidget(self.translation_label)
        box.addWidget(self.answer_edit)
        box.addWidget(self.answer_combo)
        box.addLayout(self.options_box)
        box.addWidget(self.acknowledge_button)
        box.addWidget(self.acknowledged_label)
        box.addStretch(1)
        box.addLayout(buttons)
        return page

    def _build_finished(self) -> QWidget:
        page = QWidget()
        self.finished_label = named(QLabel(), "fieldValue")
        self.finished_label.setWordWrap(True)
        another = QPushButton(self.tr("Another script… (Ctrl+L)"))
        another.clicked.connect(self.open_picker)
        box = QVBoxLayout(page)
        box.addWidget(self.finished_label)
        box.addWidget(another)
        box.addStretch(1)
        return page

    def _build_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Return", self.go_on),
            ("Enter", self.go_on),
            ("Ctrl+Shift+A", self.acknowledge),
            ("Alt+Left", self.back),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        self._digit_shortcuts = []
        for key in range(1, 10):
            shortcut = QShortcut(QKeySequence(str(key)), self)
            shortcut.setContext(context)
            shortcut.activated.connect(lambda key=key: self.choose(key))
            self._digit_shortcuts.append(shortcut)

    @property
    def call_id(self) -> str | None:
        return self._call_id

    # -- what the desk tells the panel ------------------------------------------------------------

    def set_call(self, call_id: str | None, queue: str = "") -> None:
        """A call began (its runs are read back: a restarted desk resumes them) or ended."""
        if call_id == self._call_id:
            return
        self._call_id, self._queue = call_id, queue
        self.runs, self.current = [], None
        if call_id is None:
            self._show_state("idle")
            return
        flows = self._flows
        BackgroundOp(self, lambda: flows.runs_of_call(call_id)).success(
            lambda runs: self._on_runs_loaded(call_id, runs)
        ).failure(self._on_failed).run()

    def set_customer(self, profile: CustomerProfile | None) -> None:
        self._profile = profile
        if self.state == "choose":
            self._load_choices()

    # -- the agent's moves ----------------------------------------------------------------------

    def open_picker(self) -> FlowPicker | None:
        if self._call_id is None or self._profile is None:
            self._say(self.tr("A script needs a call with an identified customer."))
            return None
        flows, profile, queue = self._flows, self._profile, self._queue
        picker = FlowPicker(self)
        picker.flow_chosen.connect(self.start)
        BackgroundOp(self, lambda: flows.choices(profile, queue=queue)).success(
            picker.show_choices
        ).failure(self._on_failed).run()
        picker.open()
        return picker

    def start(self, flow_id: str) -> None:
        if self._call_id is None or self._profile is None or self.busy:
            return
        flows, profile, call_id, queue = self._flows, self._profile, self._call_id, self._queue
        self._run(lambda: flows.start(flow_id, profile, call_id=call_id, queue=queue))

    def go_on(self) -> None:
        step = self._step_now()
        if step is None:
            return
        if step.step.kind == "ask":
            answer = (
                str(self.answer_combo.currentData() or "")
                if self.answer_combo.isVisible()
                else self.answer_edit.text()
            )
            self._move(Move.ANSWER, answer=answer)
        elif Move.NEXT in step.step.moves:
            self._move(Move.NEXT)
        elif step.step.kind == "disclosure":
            self._say(self.tr("Read the disclosure to the customer and acknowledge it first."))

    def choose(self, key: int) -> None:
        step = self._step_now()
        if step is not None and step.step.kind == "choice":
            self._move(Move.CHOOSE, key=key)

    def acknowledge(self) -> None:
        step = self._step_now()
        if (
            step is None
            or step.step.kind != "disclosure"
            or not self.acknowledge_button.isEnabled()
        ):
            return
        self._move(Move.ACKNOWLEDGE, shown_hash=step.step.text_hash)

    def back(self) -> None:
        step = self._step_now()
        if step is not None and Move.BACK in step.step.moves:
            self._move(Move.BACK)

    def abandon(self) -> None:
        step = self._step_now()
        if step is None or self._call_id is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Abandon the script"), self.tr("Why is the script abandoned?")
        )
        if not ok or not reason.strip():
            return
        flows, call_id, run_id = self._flows, self._call_id, step.run_id
        self._run(lambda: flows.abandon(call_id, run_id, reason))

    # -- inside -----------------------------------------------------------------------------

    def _step_now(self) -> FlowStep | None:
        if self.busy or self.state != "step" or self.current is None:
            return None
        return self.current

    def _move(self, move: Move, *, answer: str = "", key: int = 0, shown_hash: str = "") -> None:
        assert self.current is not None and self._call_id is not None
        flows, call_id, run_id = self._flows, self._call_id, self.current.run_id
        self._run(
            lambda: flows.move(call_id, run_id, move, answer=answer, key=key, shown_hash=shown_hash)
        )

    def _run(self, work: Callable[[], FlowStep]) -> None:
        self.busy = True
        self.message.hide()
        call_id = self._call_id
        BackgroundOp(self, work).success(lambda step: self._on_step(call_id, step)).failure(
            self._on_failed
        ).run()

    def _on_runs_loaded(self, call_id: str, runs: list[FlowStep]) -> None:
        if call_id != self._call_id:
            return
        self.runs = runs
        running = [r for r in runs if r.status is RunStatus.RUNNING]
        if running:
            self._show_step(running[-1])
        else:
            self._show_state("choose")
            self._load_choices()

    def _on_step(self, call_id: str | None, step: FlowStep) -> None:
        self.busy = False
        if call_id != self._call_id:
            return
        self.runs = [r for r in self.runs if r.run_id != step.run_id] + [step]
        if step.status is RunStatus.RUNNING:
            self._show_step(step)
        else:
            self._show_finished(step)

    def _on_failed(self, exc: BaseException) -> None:
        self.busy = False
        if isinstance(exc, InvalidValue) and exc.code == "invalid_answer":
            sentence = exc.detail
            self.answer_edit.setFocus()
            self.answer_edit.selectAll()
        elif isinstance(exc, RuleViolation):
            sentence = self._refusal_sentence(exc.code)
        else:
            sentence = error_sentence(exc)
        self._say(sentence)
        self.move_refused.emit(sentence)

    def _refusal_sentence(self, code: str) -> str:
        if code == "disclosure_pending":
            return self.tr("Read the disclosure to the customer and acknowledge it first.")
        if code == "disclosure_not_shown":
            return self.tr("The disclosure changed on screen: read it again and acknowledge.")
        if code == "reason_required":
            return self.tr("Say why the script is abandoned.")
        return self.tr("This step cannot be taken now.")

    def _load_choices(self) -> None:
        if self._profile is None:
            self._fill_suggestions([])
            return
        flows, profile, queue = self._flows, self._profile, self._queue
        BackgroundOp(self, lambda: flows.choices(profile, queue=queue)).success(
            self._fill_suggestions
        ).failure(self._on_failed).run()

    def _fill_suggestions(self, choices: list[FlowChoice]) -> None:
        while self.suggestions.count():
            item = self.suggestions.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        suggested = [c for c in choices if c.suggested][:MAX_SUGGESTIONS]
        self.no_suggestion.setText(
            self.tr("No script fits this call.")
            if self._profile is not None
            else self.tr("Open the caller's profile to see the scripts that fit.")
        )
        for choice in suggested:
            button = QPushButton(choice.title)
            button.setObjectName("suggestedFlow")
            button.setProperty("flowId", choice.flow_id)
            button.clicked.connect(lambda _checked=False, fid=choice.flow_id: self.start(fid))
            self.suggestions.addWidget(button)
        self.no_suggestion.setVisible(not suggested)

    def _show_step(self, step: FlowStep) -> None:
        self.current = step
        current = step.step
        self.flow_title.setText(step.title)
        self.path_label.setText(" › ".join(step.path) if step.path else self.tr("First step"))
        self.step_title.setText(current.title)
        self.text_label.setText(current.text)
        self.text_frame.setProperty("disclosure", current.kind == "disclosure")
        self.text_frame.style().unpolish(self.text_frame)
        self.text_frame.style().polish(self.text_frame)
        self.translation_label.setText(current.translation)
        self.translation_label.setVisible(bool(current.translation))
        self._show_input(step)
        self.back_button.setEnabled(Move.BACK in current.moves)
        self.next_button.setEnabled(current.kind != "disclosure" or Move.NEXT in current.moves)
        self._show_state("step")
        self.step_shown.emit(step)

    def _show_input(self, step: FlowStep) -> None:
        current = step.step
        asking = current.kind == "ask"
        one_of = asking and current.answer_type in ("one_of", "yes_no")
        self.answer_edit.setVisible(asking and not one_of)
        self.answer_combo.setVisible(one_of)
        if asking and not one_of:
            self.answer_edit.setText(current.answer)
            self.answer_edit.setFocus()
        if one_of:
            self.answer_combo.clear()
            pairs = current.choices or ((("yes", self.tr("Yes")), ("no", self.tr("No"))))
            for code, label in pairs:
                self.answer_combo.addItem(label, code)
            if current.answer:
                self.answer_combo.setCurrentIndex(
                    max(self.answer_combo.findData(current.answer), 0)
                )
            self.answer_combo.setFocus()
        self._show_options(current.options if current.kind == "choice" else ())
        disclosure = current.kind == "disclosure"
        self.acknowledge_button.setVisible(disclosure and not current.acknowledged)
        self.acknowledged_label.setVisible(disclosure and current.acknowledged)
        # Enabled only once the text is on screen: the acknowledgement says it was shown.
        self.acknowledge_button.setEnabled(False)
        if disclosure and not current.acknowledged:
            QTimer.singleShot(0, self._enable_acknowledge)
        if not asking:
            self.setFocus()

    def _enable_acknowledge(self) -> None:
        if self.state == "step" and self.text_label.isVisible() and self.text_label.text():
            self.acknowledge_button.setEnabled(True)

    def _show_options(self, options: tuple[tuple[int, str], ...]) -> None:
        for button in self.option_buttons:
            self.options_box.removeWidget(button)
            button.deleteLater()
        self.option_buttons = []
        for key, label in options:
            button = QPushButton(f"{key}  {label}")
            button.setObjectName("flowOption")
            button.clicked.connect(lambda _checked=False, k=key: self.choose(k))
            self.options_box.addWidget(button)
            self.option_buttons.append(button)

    def _show_finished(self, step: FlowStep) -> None:
        self.current = None
        self.flow_title.setText(step.title)
        self.path_label.setText(" › ".join(step.path))
        if step.status is RunStatus.ABANDONED:
            self.finished_label.setText(self.tr("Script abandoned."))
        else:
            code = wrap_up_code_name(step.wrap_up) if step.wrap_up else ""
            self.finished_label.setText(
                self.tr("Script finished. Proposed wrap-up: %1").replace("%1", code)
            )
        self._show_state("finished")
        self.step_shown.emit(step)

    def _show_state(self, state: str) -> None:
        self.state = state
        self._pages.setCurrentIndex(["idle", "choose", "step", "finished"].index(state))
        self.flow_title.setVisible(state in ("step", "finished"))
        self.path_label.setVisible(state in ("step", "finished"))

    def _say(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.message.show()
