"""Trends (pyqtgraph): offered / answered / abandoned and the service level per interval, today
(solid) against the same weekday last week (dashed), for one queue of the team or all of them.

For all queues the counts are summed per interval and the service level recomputed from them
(answered within the threshold ÷ offered, the "of offered" definition the tiles name first); for
one queue it is the interval's own figure. Colours follow the palette (light or dark) and the
theme's meaning colours. The panel draws what it is given: today's intervals (the snapshot's, then
``supervisor.interval`` events) and last week's (read once when the console opens). The events'
intervals are drawn only while the panel is shown, at most every few seconds (a drawing is tens
of milliseconds of the GUI thread, which the queue wall's tiles need).

Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QPalette, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from agentdesk.services import IntervalStats
from ui.kit.naming import named
from ui.kit.theme import theme_tokens

__all__ = ["IntervalPoint", "TrendsPanel", "interval_points"]


@dataclass(frozen=True)
class IntervalPoint:
    """One interval's figures on the chart: ``hour`` is its start as hours of the local day."""

    hour: float
    offered: int
    answered: int
    abandoned: int
    service_level: float | None


_REDRAW_PACE_MS = 3000


def _hour(start: datetime) -> float:
    local = start.astimezone()
    return local.hour + local.minute / 60


def interval_points(intervals: Iterable[IntervalStats], queue: str | None) -> list[IntervalPoint]:
    """Points per interval start, of one queue or summed over all (``queue`` None)."""
    by_start: dict[datetime, list[IntervalStats]] = {}
    for stats in intervals:
        if queue is None or stats.queue == queue:
            by_start.setdefault(stats.start, []).append(stats)
    points = []
    for start in sorted(by_start):
        group = by_start[start]
        offered = sum(s.offered for s in group)
        if queue is not None:
            level = group[0].service_level.value
        else:
            level = sum(s.answered_within for s in group) / offered if offered else None
        points.append(
            IntervalPoint(
                _hour(start),
                offered,
                sum(s.answered for s in group),
                sum(s.abandoned for s in group),
                level,
            )
        )
    return points


class _HourAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph ships no type hints
    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [f"{int(v) % 24:02d}:{int(round((v % 1) * 60)) % 60:02d}" for v in values]


class _PercentAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph ships no type hints
    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [f"{v * 100:.0f} %" for v in values]


class TrendsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendsPanel")
        self.setAccessibleName(self.tr("Trends"))
        self._today: dict[tuple[str, datetime], IntervalStats] = {}
        self._last_week: list[IntervalStats] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel(self.tr("&Queue:"))
        self.queue_combo = named(QComboBox(), "trendsQueueCombo")
        self.queue_combo.setAccessibleName(self.tr("Queue shown in the trends"))
        self.queue_combo.addItem(self.tr("All queues of the team"), None)
        label.setBuddy(self.queue_combo)
        top.addWidget(label)
        top.addWidget(self.queue_combo)
        top.addStretch(1)
        self.note_label = named(
            QLabel(self.tr("Solid: today · dashed: the same weekday last week")), "trendsNote"
        )
        top.addWidget(self.note_label)
        layout.addLayout(top)
        self.volume_plot = pg.PlotWidget(axisItems={"bottom": _HourAxis("bottom")})
        self.volume_plot.setObjectName("volumePlot")
        self.volume_plot.setAccessibleName(self.tr("Offered, answered and abandoned per interval"))
        self.level_plot = pg.PlotWidget(
            axisItems={"bottom": _HourAxis("bottom"), "left": _PercentAxis("left")}
        )
        self.level_plot.setObjectName("serviceLevelPlot")
        self.level_plot.setAccessibleName(self.tr("Service level per interval"))
        self.level_plot.setXLink(self.volume_plot)
        layout.addWidget(self.volume_plot, 3)
        layout.addWidget(self.level_plot, 2)
        self.queue_combo.currentIndexChanged.connect(lambda _i: self.redraw())
        # A redraw costs ~60 ms of the GUI thread at a contact center's size: it happens only
        # while the panel shows (then when it is shown again) and at most every few seconds
        # for the intervals' events, which come every stats_seconds per team.
        self._stale = False
        self._pace = QTimer(self)
        self._pace.setSingleShot(True)
        self._pace.setInterval(_REDRAW_PACE_MS)
        self._pace.timeout.connect(self._redraw_if_stale)
        self._style_plots()

    # -- data in ------------------------------------------------------------------------------

    def set_queues(self, queues: Sequence[tuple[str, str]]) -> None:
        """The team's queues (code, name) for the chooser; the choice is kept if it stays."""
        current = self.queue_combo.currentData()
        self.queue_combo.blockSignals(True)
        while self.queue_combo.count() > 1:
            self.queue_combo.removeItem(1)
        for code, name in queues:
            self.queue_combo.addItem(name, code)
        index = self.queue_combo.findData(current) if current else 0
        self.queue_combo.setCurrentIndex(max(index, 0))
        self.queue_combo.blockSignals(False)
        self.redraw()

    def set_today(self, intervals: Iterable[IntervalStats]) -> None:
        self._today = {}
        self.apply(intervals)

    def apply(self, intervals: Iterable[IntervalStats]) -> None:
        """Intervals of today that changed (a supervisor.interval event)."""
        for stats in intervals:
            self._today[(stats.queue, stats.start)] = stats
        self._stale = True
        if self.isVisible() and not self._pace.isActive():
            self._redraw_if_stale()

    def set_last_week(self, intervals: Iterable[IntervalStats]) -> None:
        self._last_week = list(intervals)
        self.redraw()

    @property
    def today_points(self) -> list[IntervalPoint]:
        return interval_points(self._today.values(), self.queue_combo.currentData())

    @property
    def last_week_points(self) -> list[IntervalPoint]:
        return interval_points(self._last_week, self.queue_combo.currentData())

    # -- drawing ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._redraw_if_stale()

    def _redraw_if_stale(self) -> None:
        """Draw the intervals that came since the last drawing (visible only), then wait the
        pace before the next."""
        if self._stale and self.isVisible():
            self.redraw()
            self._pace.start()

    def redraw(self) -> None:
        self._stale = False
        today, last_week = self.today_points, self.last_week_points
        volume, level = self.volume_plot, self.level_plot
        volume.clear()
        level.clear()
        colours = self._colours()
        width = 2
        for name, attr, colour in (
            (self.tr("Offered"), "offered", colours["offered"]),
            (self.tr("Answered"), "answered", colours["answered"]),
            (self.tr("Abandoned"), "abandoned", colours["abandoned"]),
        ):
            self._line(volume, last_week, attr, colour, width, dashed=True, name=None)
            self._line(volume, today, attr, colour, width, dashed=False, name=name)
        self._line(level, last_week, "service_level", colours["level"], width, dashed=True)
        self._line(
            level,
            today,
            "service_level",
            colours["level"],
            width,
            dashed=False,
            name=self.tr("Service level (of offered)"),
        )
        level.setYRange(0, 1.05)

    def _line(
        self,
        plot: pg.PlotWidget,
        points: Sequence[IntervalPoint],
        attr: str,
        colour: QColor,
        width: int,
        *,
        dashed: bool,
        name: str | None = None,
    ) -> None:
        xs = [p.hour for p in points if getattr(p, attr) is not None]
        ys = [float(getattr(p, attr)) for p in points if getattr(p, attr) is not None]
        if not xs:
            return
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        pen = pg.mkPen(colour, width=width, style=style)
        symbol = None if dashed else "o"
        plot.plot(xs, ys, pen=pen, symbol=symbol, symbolSize=5, symbolBrush=colour, name=name)

    def _colours(self) -> dict[str, QColor]:
        palette = self.palette()
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        tokens = theme_tokens("dark" if dark else "light")
        return {
            "offered": QColor(tokens["accent"]),
            "answered": QColor(tokens["success"]),
            "abandoned": QColor(tokens["danger"]),
            "level": QColor(tokens["warning"]),
        }

    def _style_plots(self) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        for plot, title in (
            (self.volume_plot, self.tr("Calls per interval")),
            (self.level_plot, self.tr("Service level")),
        ):
            plot.setBackground(background)
            plot.setTitle(title, color=text.name())
            plot.showGrid(x=True, y=True, alpha=0.2)
            for axis in ("left", "bottom"):
                item = plot.getAxis(axis)
                item.setPen(pg.mkPen(text))
                item.setTextPen(pg.mkPen(text))
            # Room for "100 %", and both charts' time axes line up.
            plot.getAxis("left").setWidth(52)
            if plot.plotItem.legend is None:
                plot.addLegend(offset=(10, 10), labelTextColor=text)

    def changeEvent(self, event: QEvent) -> None:
        # Light ↔ dark: the plots take the new palette.
        if event.type() == QEvent.Type.PaletteChange:
            self._style_plots()
            self.redraw()
        super().changeEvent(event)
