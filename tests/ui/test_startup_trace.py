"""The start-up trace that ``make bench-start`` reads: the first window painted, then ready to
take a call once signed in with the live stream connected (in either order) and a window painted
since the sign-in, each written once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QLabel

from agentdesk.events import EventBus, EventStreamConnected, SessionStarted
from ui.kit.bridge import EventBridge
from ui.shell.startup_trace import StartupTrace


def _marks(path: Path) -> list[str]:
    return [line.split()[0] for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_trace_says_first_window_then_ready_once_each(qtbot: Any, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    bus = EventBus()
    bridge = EventBridge(bus)
    trace_file = tmp_path / "trace" / "start.txt"
    trace = StartupTrace(app, bridge, trace_file)
    try:
        started: list[object] = []
        bridge.session_started.connect(started.append)
        window = QLabel("desk")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: _marks(trace_file) == ["first_window"], timeout=5000)

        bus.publish(EventStreamConnected(1))  # the stream alone is not ready
        bus.publish(SessionStarted("agent01", "王芳", "agent"))
        qtbot.waitUntil(lambda: bool(started), timeout=5000)  # the sign-in reached the bridge
        assert _marks(trace_file) == ["first_window"], "not ready before the desk is on screen"
        window.repaint()  # the signed-in window paints
        qtbot.waitUntil(lambda: _marks(trace_file) == ["first_window", "ready"], timeout=5000)
        bus.publish(EventStreamConnected(2))  # a reconnect later writes nothing more
        window.repaint()
        app.processEvents()  # delivers the queued event and the paint
        assert _marks(trace_file) == ["first_window", "ready"]
        first, ready = (float(line.split()[1]) for line in trace_file.read_text().splitlines())
        assert ready >= first
    finally:
        app.removeEventFilter(trace)
        bridge.close()
