"""The console side of ``make bench-supervisor``: the supervisor's real window, offscreen, in
the bench process, and the clocks on its path.

The desktop is the real one: ``build_app_services`` signed in as the supervisor (a real sign-in
and initial sync), its SSE listener thread turning ``queue.stats`` into ``QueueStatsChanged`` on
the core bus, the ``EventBridge`` moving it to the GUI thread, and ``ui.shell.console_window.
ConsoleWindow`` (what a supervisor gets at sign-in) with its ``SupervisorConsole``, which takes
the team's snapshot and then applies each ``queue.stats`` to the queue wall's tiles
(``QueueTile.show_stats``).

Clocks (wall clock, ``time.time()``, one machine), recorded without changing what runs:

- ``received``: the listener thread published the event on the bus (the SSE line read, parsed
  and validated, its id stored), with the board's ``at`` (the server's tick that computed it)
  and its "answered" count per queue;
- ``applied``: a tile's ``show_stats`` returned (the class's method, wrapped here): the tile's
  labels and tooltips now hold the figures, with the "answered" count they were computed from;
- ``painted``: a paint event reached the tile or one of its labels (an event filter), with
  the count the tile held then. Qt paints only what changed on screen: when a new answer moves
  no figure's text (a service level of 87.3 % stays 87.3 %), nothing is repainted for it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject

from agentdesk.events import Event, EventBus, QueueStatsChanged
from agentdesk.services import AppServices, QueueStats
from ui.kit.bridge import EventBridge
from ui.shell.console_window import ConsoleWindow
from ui.supervisor.queue_wall import QueueTile


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
    # (wall clock, queue, the "answered" count of the figures the tile holds)
    applied: list[tuple[float, str, int]] = field(default_factory=list)
    painted: list[tuple[float, str, int]] = field(default_factory=list)
    apply_s: list[float] = field(default_factory=list)  # each show_stats's own duration
    # GUI-thread time per core event kind: (events, seconds) in the bridge's slot, which runs
    # every widget's handler of the event
    gui: dict[str, list[float]] = field(default_factory=dict)


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


class _PaintClock(QObject):
    """Records paint events of the tiles and their labels."""

    def __init__(self, clocks: Clocks) -> None:
        super().__init__()
        self.clocks = clocks
        self.tile_of: dict[QObject, QueueTile] = {}

    def watch(self, tile: QueueTile) -> None:
        for widget in (tile, *tile.value_labels.values()):
            if widget not in self.tile_of:
                self.tile_of[widget] = tile
                widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            tile = self.tile_of.get(watched)
            if tile is not None and tile.stats is not None:
                self.clocks.painted.append((time.time(), tile.queue, tile.stats.answered))
        return False


def instrument_tiles(clocks: Clocks) -> _PaintClock:
    """Wrap ``QueueTile.show_stats`` (this process only) to stamp each tile's update."""
    paints = _PaintClock(clocks)
    original = QueueTile.show_stats

    def show_stats(self: QueueTile, stats: QueueStats) -> None:
        started = time.perf_counter()
        original(self, stats)
        clocks.apply_s.append(time.perf_counter() - started)
        clocks.applied.append((time.time(), self.queue, stats.answered))
        paints.watch(self)

    QueueTile.show_stats = show_stats  # type: ignore[method-assign]
    return paints


def instrument_bridge(clocks: Clocks) -> None:
    """Time the bridge's slot per event kind (before the bridge is made: it connects it)."""
    original = EventBridge._on_bus_published

    def timed(self: EventBridge, event: Event) -> None:
        started = time.perf_counter()
        original(self, event)
        spent = clocks.gui.setdefault(type(event).__name__, [0.0, 0.0])
        spent[0] += 1
        spent[1] += time.perf_counter() - started

    EventBridge._on_bus_published = timed  # type: ignore[method-assign]


def open_console(services: AppServices, bridge: EventBridge) -> ConsoleWindow:
    """The supervisor's window as the app shows it after sign-in (it loads its snapshot)."""
    window = ConsoleWindow(services, bridge)
    window.start()
    window.show()
    return window
