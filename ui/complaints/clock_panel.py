"""The clock panel of a ticket: every step's deadline, the rule that sets it in words, the paused
days and extensions, and a note when a year's holiday schedule is not yet published.

It only renders a ``Clock`` (computed by the core from the ticket's events, as the server does)
and the step alerts of the day; it holds no rule itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from agentdesk.domain.complaints.alerts import StepAlert
from agentdesk.domain.complaints.clock import Clock
from ui.complaints.clock_text import (
    clock_note,
    counted,
    event_kind_name,
    long_date,
    rule_words,
    step_name,
    unit_words,
)
from ui.kit.colors import ValueColors
from ui.kit.naming import named

__all__ = ["ClockPanel"]


class ClockPanel(QFrame):
    def __init__(self, parent: QWidget | None = None, *, colors: ValueColors | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clockPanel")
        self.setAccessibleName(self.tr("Deadlines"))
        self._colors = colors or ValueColors()
        self.title = named(QLabel(self.tr("Deadlines")), "sectionTitle")
        self._grid = QGridLayout()
        self._grid.setColumnStretch(2, 1)
        self.note = named(QLabel(), "mutedLabel")
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self._grid)
        layout.addWidget(self.note)
        self.step_labels: list[QLabel] = []

    def show_clock(
        self,
        clock: Clock | None,
        alerts: tuple[StepAlert, ...] = (),
        events: Sequence[tuple[str, date]] = (),
        answered: frozenset[str] = frozenset(),
    ) -> None:
        """Render ``clock`` (None: the desk cannot compute it, the server's due date stands)."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.step_labels = []
        if clock is None:
            self.note.setText(
                self.tr(
                    "This desk cannot compute the clock of this ticket; the due date is "
                    "the server's."
                )
            )
            self.note.show()
            return
        states = {a.step: a for a in alerts}
        for row, step in enumerate(clock.steps):
            name = named(QLabel(step_name(step.step)), "fieldLabel")
            due = QLabel(long_date(step.due_date))
            due.setObjectName("clockDue")
            alert = states.get(step.step)
            if alert is not None and alert.state != "ok":
                color = self._colors.error if alert.state == "breached" else self._colors.warning
                due.setStyleSheet(f"color: {color.name()}; font-weight: 600;")
            details = [rule_words(step.text)]
            details.append(self.tr("Counted: %1").replace("%1", unit_words(step.count, step.unit)))
            if step.paused_days:
                details.append(
                    counted(
                        step.paused_days, "%1 paused day not counted", "%1 paused days not counted"
                    )
                )
            if step.extensions:
                names = ", ".join(event_kind_name(kind) for kind in step.extensions)
                details.append(self.tr("Extended: %1").replace("%1", names))
            if step.step in answered:
                details.append(self.tr("Answered"))
            elif alert is not None:
                details.append(self._alert_words(alert))
            rule = QLabel("\n".join(details))
            rule.setWordWrap(True)
            rule.setObjectName("clockRule")
            self._grid.addWidget(name, row, 0)
            self._grid.addWidget(due, row, 1)
            self._grid.addWidget(rule, row, 2)
            self.step_labels.append(rule)
        notes = []
        if events:
            listed = "; ".join(f"{event_kind_name(k)} {long_date(on)}" for k, on in events)
            notes.append(self.tr("Clock events: %1").replace("%1", listed))
        provisional = clock_note(clock)
        if provisional:
            notes.append(provisional)
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))

    def _alert_words(self, alert: StepAlert) -> str:
        if alert.state == "breached":
            return counted(alert.days_overdue, "Overdue by %1 day", "Overdue by %1 days")
        if alert.state == "warning":
            return counted(
                alert.working_days_left,
                "Due soon: %1 working day left",
                "Due soon: %1 working days left",
            )
        return counted(alert.working_days_left, "%1 working day left", "%1 working days left")
