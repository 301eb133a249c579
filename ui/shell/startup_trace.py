"""When the desktop was worth something to its user, for ``make bench-start``: the moment its
first window was painted, and the moment it was ready to take a call (signed in, its cache open,
the live event stream connected and a window painted since the sign-in: the desk on screen).
Each is written once to the file the ``startup_trace`` setting names, as ``<what> <seconds since
the epoch>`` lines, so that a benchmark that started the process can subtract its own start
time. Nothing is written without that setting.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from ui.kit.bridge import EventBridge

__all__ = ["StartupTrace"]


class StartupTrace(QObject):
    def __init__(self, app: QApplication, bridge: EventBridge, path: Path) -> None:
        super().__init__(app)
        self._path = path
        self._written: set[str] = set()
        self._signed_in = False
        self._streaming = False
        self._painted_signed_in = False
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
        app.installEventFilter(self)
        bridge.session_started.connect(self._on_signed_in)
        bridge.stream_connected.connect(self._on_stream_connected)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and "ready" not in self._written
        ):
            self._write("first_window")
            if self._signed_in and not self._painted_signed_in:
                self._painted_signed_in = True
                self._maybe_ready()
        return False

    def _on_signed_in(self, _event: object) -> None:
        self._signed_in = True
        self._maybe_ready()

    def _on_stream_connected(self, _event: object) -> None:
        self._streaming = True
        self._maybe_ready()

    def _maybe_ready(self) -> None:
        # The sync service opens the cache before it starts the stream's listener.
        if self._signed_in and self._streaming and self._painted_signed_in:
            self._write("ready")

    def _write(self, what: str) -> None:
        if what in self._written:
            return
        self._written.add(what)
        with self._path.open("a", encoding="utf-8") as trace:
            trace.write(f"{what} {time.time():.6f}\n")
