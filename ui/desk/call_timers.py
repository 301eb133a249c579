"""Live timers of the softphone bar: time in agent state, and talk / hold / wrap-up of the call.

Times are never counted here: every tick recomputes them from the latest snapshot (the
presence's ``since`` and the call's timestamps, which come from the telephony server) and the
injected clock, so a missed tick or a late snapshot cannot make the figures drift.

Threading: a QTimer ticking once a second on the GUI thread; nothing here blocks.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from agentdesk.domain.calls import Call, CallState
from agentdesk.domain.clock import Clock
from agentdesk.domain.presence import AgentPresence
from ui.kit.naming import named

__all__ = ["CallTimers", "format_duration"]

TICK_MS = 1_000


def format_duration(seconds: float) -> str:
    """``mm:ss`` under an hour, ``h:mm:ss`` after (a long not-ready stretch)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class CallTimers(QObject):
    """Two labels: time in agent state, and ``Talk 01:02 · Hold 00:10`` or ``Wrap-up 00:21``.

    The owner places the labels (the softphone bar puts them at either end) and parents this
    object, so the timer never outlives the labels it writes to.
    """

    def __init__(self, parent: QObject | None = None, *, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self._clock: Clock = clock or (lambda: datetime.now(UTC))
        self._presence: AgentPresence | None = None
        self._call: Call | None = None
        self.state_time_label = named(QLabel(), "stateTimeLabel")
        self.state_time_label.setAccessibleName(self.tr("Time in agent state"))
        self.call_time_label = named(QLabel(), "callTimeLabel")
        self.call_time_label.setAccessibleName(self.tr("Call timers"))
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def show_snapshot(self, presence: AgentPresence | None, call: Call | None) -> None:
        self._presence = presence
        self._call = call
        self.refresh()
        if presence is None or not presence.logged_in:
            self.timer.stop()
        elif not self.timer.isActive():
            self.timer.start()

    def refresh(self) -> None:
        now = self._clock()
        presence = self._presence
        if presence is None or not presence.logged_in:
            self.state_time_label.clear()
        else:
            self.state_time_label.setText(format_duration(presence.seconds_in_state(now)))
        self.call_time_label.setText(self._call_text(now))

    def _call_text(self, now: datetime) -> str:
        call = self._call
        if call is None or call.answered_at is None:
            return ""
        # A finished call's durations are fixed; only a running one needs ``now``.
        if call.state in (CallState.ANSWERED, CallState.HELD):
            parts = [self.tr("Talk %1").replace("%1", format_duration(call.talk_s(now)))]
            if call.holds:
                parts.append(self.tr("Hold %1").replace("%1", format_duration(call.hold_s(now))))
            return " · ".join(parts)
        if call.wrap_up_pending:
            return self.tr("Wrap-up %1").replace("%1", format_duration(call.wrap_up_s(now)))
        return ""

    def _on_timer_timeout(self) -> None:
        self.refresh()
