"""Python's cyclic garbage collector, run on the GUI thread only.

Automatic collection runs on whichever thread happens to allocate past the threshold: a sync
or network thread of the core. When that collection frees a Qt object caught in a reference
cycle (a widget, a background operation's signal carrier), its C++ destructor runs off the GUI
thread and crashes the process. So automatic collection is switched off and this object
collects from a timer on the GUI thread instead, with the thresholds Python would use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

__all__ = ["GuiThreadGarbageCollector", "install_gui_thread_gc"]

INTERVAL_MS = 500


class GuiThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        # Collect the youngest generation whose count passed its threshold, and the older
        # ones with it, as the automatic collector would.
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return


def install_gui_thread_gc(app: QObject) -> GuiThreadGarbageCollector:
    """Install once per application (idempotent); the collector lives as the app's child."""
    existing = app.findChild(GuiThreadGarbageCollector)
    return existing if existing is not None else GuiThreadGarbageCollector(app)
