"""The queue wall: one tile per queue of the team with its live figures.

Each tile shows waiting, longest wait, both service levels (each named: of offered counts the
abandons, of answered leaves them out), ASA, AHT, abandonment, occupancy and the queue's agents by
state. The service level colours the tile against the queue's target and the longest wait
against the service-level threshold (green / amber / red: the theme's success / warning / danger,
in light and dark). Every figure's tooltip is its formula with its numbers, as the server sent it.

The wall renders what it is given (the snapshot's queues, then each ``queue.stats`` event): it
never asks the network itself. Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from agentdesk.services import QueueStats
from ui.kit.badge import set_style_property
from ui.kit.figure_text import (
    figure_name,
    figure_tooltip,
    figure_value_text,
    longest_wait_standing,
    service_level_standing,
)
from ui.kit.naming import named
from ui.kit.vocabulary import agent_state_name

__all__ = ["FIGURES", "QueueTile", "QueueWall"]

# The figures of a tile, in order (QueueStats fields).
FIGURES = (
    "waiting",
    "longest_wait",
    "service_level",
    "service_level_of_answered",
    "asa",
    "aht",
    "abandonment_rate",
    "occupancy",
)
_STATE_ORDER = ("ready", "on_call", "ringing", "hold", "wrap_up", "not_ready", "offline")
TILE_COLUMNS = 3


class QueueTile(QFrame):
    """One queue's figures; ``value_labels[field]`` and ``name_labels[field]`` per figure."""

    def __init__(self, queue: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.setObjectName("queueTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QGridLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setHorizontalSpacing(12)
        layout.setVerticalSpacing(2)
        self.title_label = named(QLabel(title), "queueTileTitle")
        layout.addWidget(self.title_label, 0, 0, 1, 2)
        self.name_labels: dict[str, QLabel] = {}
        self.value_labels: dict[str, QLabel] = {}
        for row, field in enumerate(FIGURES, start=1):
            name = named(QLabel(figure_name(field)), "queueFigureName")
            value = named(QLabel("\u2014"), "queueFigureValue")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setAccessibleName(figure_name(field))
            layout.addWidget(name, row, 0)
            layout.addWidget(value, row, 1)
            self.name_labels[field] = name
            self.value_labels[field] = value
        self.agents_label = named(QLabel(), "queueTileAgents")
        self.agents_label.setWordWrap(True)
        layout.addWidget(self.agents_label, len(FIGURES) + 1, 0, 1, 2)
        self.stats: QueueStats | None = None
        self.standing = "none"

    def set_title(self, title: str) -> None:
        self.title_label.setText(title)
        self._update_accessible_name()

    def show_stats(self, stats: QueueStats) -> None:
        self.stats = stats
        for field in FIGURES:
            figure = getattr(stats, field)
            value, name = self.value_labels[field], self.name_labels[field]
            value.setText(figure_value_text(figure))
            tip = figure_tooltip(field, figure)
            value.setToolTip(tip)
            name.setToolTip(tip)
        target = stats.service_level_target
        self.standing = service_level_standing(stats.service_level.value, target)
        set_style_property(self, "standing", self.standing)
        for field in ("service_level", "service_level_of_answered"):
            figure = getattr(stats, field)
            standing = service_level_standing(figure.value if figure else None, target)
            set_style_property(self.value_labels[field], "standing", standing)
        wait = longest_wait_standing(stats.longest_wait.value, stats.service_level_threshold_s)
        set_style_property(self.value_labels["longest_wait"], "standing", wait)
        set_style_property(self.value_labels["waiting"], "standing", wait)
        self.agents_label.setText(_agents_text(stats))
        self.agents_label.setToolTip(
            self.tr("Agents with this queue's skill: %1 ready of %2 signed in")
            .replace("%1", str(stats.agents_ready))
            .replace("%2", str(stats.agents_logged_in))
        )
        self._update_accessible_name()

    def _update_accessible_name(self) -> None:
        stats = self.stats
        if stats is None:
            self.setAccessibleName(self.title_label.text())
            return
        self.setAccessibleName(
            self.tr("%1: %2 waiting, service level %3")
            .replace("%1", self.title_label.text())
            .replace("%2", figure_value_text(stats.waiting))
            .replace("%3", figure_value_text(stats.service_level))
        )


def _agents_text(stats: QueueStats) -> str:
    counts: Mapping[str, int] = stats.agents_by_state
    if not counts:
        return ""
    known = [s for s in _STATE_ORDER if counts.get(s)]
    others = sorted(s for s in counts if s not in _STATE_ORDER and counts[s])
    return " · ".join(f"{agent_state_name(s)} {counts[s]}" for s in known + others)


class QueueWall(QScrollArea):
    """The tiles, a few to a row, in the order the server sends the queues."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueWall")
        self.setAccessibleName(self.tr("Queue wall"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        outer = QVBoxLayout(inner)
        outer.setContentsMargins(0, 0, 0, 0)
        self._grid = QGridLayout()
        self._grid.setSpacing(8)
        outer.addLayout(self._grid)
        outer.addStretch(1)
        self.empty_label = named(QLabel(self.tr("No queue figures yet.")), "queueWallEmpty")
        outer.addWidget(self.empty_label)
        self.setWidget(inner)
        self.tiles: dict[str, QueueTile] = {}
        self._names: dict[str, str] = {}

    def content_height(self) -> int:
        """The height that shows every tile without scrolling."""
        rows = -(-len(self.tiles) // TILE_COLUMNS)
        tallest = max((t.sizeHint().height() for t in self.tiles.values()), default=0)
        return rows * tallest + max(rows - 1, 0) * self._grid.spacing() + 2 * self.frameWidth() + 4

    def set_queue_names(self, names: Mapping[str, str]) -> None:
        """Queue codes → names in the UI language (the reference list)."""
        self._names = dict(names)
        for code, tile in self.tiles.items():
            tile.set_title(self._names.get(code, code))

    def set_queues(self, queues: Sequence[QueueStats]) -> None:
        """Show these queues (the snapshot's, or a queue.stats event's): tiles of queues that
        stay are updated in place, so focus and tooltips survive an update."""
        wanted = [q.queue for q in queues]
        if wanted != list(self.tiles):
            for tile in self.tiles.values():
                self._grid.removeWidget(tile)
                tile.deleteLater()
            self.tiles = {}
            for index, code in enumerate(wanted):
                tile = QueueTile(code, self._names.get(code, code))
                self._grid.addWidget(tile, index // TILE_COLUMNS, index % TILE_COLUMNS)
                self.tiles[code] = tile
        for stats in queues:
            self.tiles[stats.queue].show_stats(stats)
        self.empty_label.setVisible(not self.tiles)

    def update_queues(self, queues: Sequence[QueueStats]) -> None:
        """Apply a queue.stats event: only the team's queues already on the wall change (the
        event carries every queue of the centre)."""
        for stats in queues:
            tile = self.tiles.get(stats.queue)
            if tile is not None:
                tile.show_stats(stats)
