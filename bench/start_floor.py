"""The floor of ``make bench-start``: the least a frozen PySide6 program can do, one label in a
window, frozen the same way as AgentDesk (a PyInstaller one-dir bundle of the same PySide6).
It writes ``first_window <epoch>`` to the file its argument names when the window is first
painted, and quits."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget


class _FirstPaint(QObject):
    def __init__(self, app: QApplication, trace: str) -> None:
        super().__init__(app)
        self._app = app
        self._trace = trace
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            self._done = True
            with open(self._trace, "a", encoding="utf-8") as out:
                out.write(f"first_window {time.time():.6f}\n")
            QTimer.singleShot(0, self._app.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.installEventFilter(_FirstPaint(app, sys.argv[1]))
    window = QLabel("AgentDesk")
    window.resize(1280, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
