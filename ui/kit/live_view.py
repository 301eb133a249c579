"""Keeps an open view in step with the cache: the view says what it shows, and gets one call to
refresh itself when a committed write touches it (``RecordsChanged``, which every write, local
or pulled, announces and the bridge re-emits on the GUI thread).

    self.live_timeline = LiveView(bridge, [RecordKind.INTERACTION], self._refresh_timeline, self)
    self.live_timeline.follow(profile.id)  # "the interactions of this customer"

The first announcement that touches the view starts a short timer; every other one that comes
before it fires rides along, so a burst (an initial sync's pages, a push answered right after
the write) makes one refresh. Announcements for other customers or other kinds are ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Slot

from agentdesk.events import RecordKind, RecordsChanged
from ui.kit.bridge import EventBridge

__all__ = ["COALESCE_MS", "LiveView"]

# Short enough to read as "at once", long enough to gather a sync round's pages.
COALESCE_MS = 120


class LiveView(QObject):
    """One view's interest in the records of ``kinds`` of the customer it follows."""

    def __init__(
        self,
        bridge: EventBridge,
        kinds: Iterable[RecordKind],
        refresh: Callable[[], None],
        parent: QObject,
        *,
        coalesce_ms: int = COALESCE_MS,
    ) -> None:
        super().__init__(parent)
        self._kinds = tuple(kinds)
        self._refresh = refresh
        self._customer_id: int | None = None
        self.heard = 0  # announcements delivered here (tests wait on it)
        self.refreshes = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(coalesce_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        bridge.records_changed.connect(self._on_bridge_records_changed)

    @property
    def customer_id(self) -> int | None:
        return self._customer_id

    def follow(self, customer_id: int | None) -> None:
        """Show this customer's records from now on (None: nothing to keep fresh). A refresh
        still due for the customer before is dropped: the view reads the new one anyway."""
        self._customer_id = customer_id
        self._timer.stop()

    @Slot(object)
    def _on_bridge_records_changed(self, event: RecordsChanged) -> None:
        self.heard += 1
        customer_id = self._customer_id
        if customer_id is None or self._timer.isActive():
            return
        if any(event.touches(kind, customer_id) for kind in self._kinds):
            self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.refreshes += 1
        self._refresh()
