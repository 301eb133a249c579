"""The console side of ``make bench-supervisor``: one supervisor's desktop, offscreen, in the
bench process, and the clocks on its path.

The desktop is the real one: ``build_app_services`` signed in as the supervisor (a real sign-in
and initial sync), its SSE listener thread turning ``queue.stats`` into ``QueueStatsChanged`` on
the core bus, the ``EventBridge`` moving it to the GUI thread. The queue wall is
:class:`QueueWall`: one tile per queue that keeps the last figures it was given and repaints
when they change (``update()``, painted by Qt's event loop as any widget).

Clocks (wall clock, ``time.time()``, one machine):

- ``received``: the listener thread published the event on the bus (the SSE bytes read and the
  JSON parsed), with the board's ``at`` (the server's tick that computed it) and its
  "answered" count per queue;
- ``handled``: the GUI thread got it from the bridge;
- ``painted``: a tile's ``paintEvent`` finished, with the "answered" count it painted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from agentdesk.events import Event, EventBus, QueueStatsChanged
from ui.kit.bridge import EventBridge


@dataclass
class Received:
    """A ``queue.stats`` event as the listener thread published it."""

    at: float  # wall clock when it reached the bus
    board_at: float  # the server's tick that computed it (the board's ``at``)
    answered: dict[str, int]
    size: int  # queues + agents in it


@dataclass
class Clocks:
    received: list[Received] = field(default_factory=list)
    handled: list[float] = field(default_factory=list)
    # (wall clock after the paint, queue, the "answered" count painted)
    painted: list[tuple[float, str, int]] = field(default_factory=list)
    paint_s: list[float] = field(default_factory=list)  # each paintEvent's own duration
    handle_s: list[float] = field(default_factory=list)  # the GUI handler's own duration


def _answered(stats: Any) -> dict[str, int]:
    return {str(q["queue"]): int(q["answered"]) for q in stats.get("queues", [])}


def listen_on_bus(bus: EventBus, clocks: Clocks) -> None:
    """Stamp each ``queue.stats`` on the listener thread, where it enters the desktop."""

    def stamp(event: QueueStatsChanged) -> None:
        stats = event.stats
        at = datetime.fromisoformat(str(stats["at"])).timestamp()
        size = len(stats.get("queues", [])) + len(stats.get("agents", []))
        clocks.received.append(Received(time.time(), at, _answered(stats), size))

    bus.subscribe(QueueStatsChanged, stamp)


class QueueTile(QWidget):
    """One queue's figures: waiting, answered, service level, ASA, AHT."""

    def __init__(self, queue: str, clocks: Clocks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.clocks = clocks
        self.figures: dict[str, Any] = {}
        self.setMinimumSize(180, 90)

    def show_figures(self, figures: dict[str, Any]) -> None:
        if figures != self.figures:
            self.figures = figures
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        started = time.perf_counter()
        painter = QPainter(self)
        f = self.figures
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        lines = [
            self.queue,
            f"waiting {f.get('waiting', '–')}   longest {f.get('longest', '–')}",
            f"answered {f.get('answered', '–')} / offered {f.get('offered', '–')}",
            f"SL {f.get('service_level', '–')}   ASA {f.get('asa', '–')}",
            f"AHT {f.get('aht', '–')}",
        ]
        painter.drawText(
            QRect(6, 4, self.width() - 12, self.height() - 8),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            "\n".join(lines),
        )
        painter.end()
        self.clocks.paint_s.append(time.perf_counter() - started)
        if "answered" in f:
            self.clocks.painted.append((time.time(), self.queue, int(f["answered"])))


def _text(figure: Any) -> str:
    if not isinstance(figure, dict) or figure.get("value") is None:
        return "–"
    value = float(figure["value"])
    unit = figure.get("unit")
    if unit == "ratio":
        return f"{value:.1%}"
    if unit == "seconds":
        return f"{value:.0f} s"
    return f"{value:g}"


class QueueWall(QWidget):
    """A tile per queue, fed by ``queue.stats`` through the bridge (the plain-QWidget stand-in
    for the console's queue wall)."""

    def __init__(self, bridge: EventBridge, queues: list[str], clocks: Clocks) -> None:
        super().__init__()
        self.clocks = clocks
        self.setWindowTitle("Queue wall (bench)")
        layout = QGridLayout(self)
        self.tiles: dict[str, QueueTile] = {}
        for i, queue in enumerate(queues):
            tile = QueueTile(queue, clocks, self)
            self.tiles[queue] = tile
            layout.addWidget(tile, i // 5, i % 5)
        bridge.event_received.connect(self._on_bridge_event_received)

    def _on_bridge_event_received(self, event: Event) -> None:
        if not isinstance(event, QueueStatsChanged):
            return
        started = time.perf_counter()
        self.clocks.handled.append(time.time())
        for stats in event.stats.get("queues", []):
            tile = self.tiles.get(str(stats["queue"]))
            if tile is None:
                continue
            tile.show_figures(
                {
                    "waiting": _text(stats["waiting"]),
                    "longest": _text(stats["longest_wait"]),
                    "answered": int(stats["answered"]),
                    "offered": int(stats["offered"]),
                    "service_level": _text(stats["service_level"]),
                    "asa": _text(stats["asa"]),
                    "aht": _text(stats["aht"]),
                }
            )
        self.clocks.handle_s.append(time.perf_counter() - started)
