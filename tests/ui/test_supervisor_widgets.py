"""The console's pieces without a backend: queue tiles (figures, tooltips with their formulas,
colours against the target), the agent grid (sorting, who stands out, local ticking) and the
complaint board's filters, the trends' sums."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt

from agentdesk.contract.supervisor import ComplaintRow, PendingExtension
from agentdesk.contract.telephony import FigureInfo, QueueStats
from agentdesk.services import AgentRow, IntervalStats
from ui.kit.figure_text import figure_tooltip
from ui.supervisor.agent_grid import (
    LONG_NOT_READY_S,
    LONG_ROLE,
    LONG_WRAP_UP_S,
    AgentGridModel,
    AgentSortProxy,
)
from ui.supervisor.complaint_board import ComplaintBoardModel
from ui.supervisor.queue_wall import QueueWall
from ui.supervisor.trends import TrendsPanel, interval_points

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


class FakeClock:
    """The grid's clock, moved by the test (no sleeps)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _figure(code: str, value: float | None, unit: str, formula: str) -> FigureInfo:
    return FigureInfo(code=code, value=value, unit=unit, formula=formula)


def _stats(queue: str = "retail", level: float | None = 0.82, waiting: int = 3) -> QueueStats:
    return QueueStats(
        queue=queue,
        service_level_threshold_s=20,
        service_level_target=0.8,
        offered=50,
        answered=45,
        abandoned=5,
        short_abandoned=1,
        agents_ready=2,
        agents_logged_in=6,
        waiting=_figure("waiting", waiting, "count", f"calls waiting now = {waiting}"),
        longest_wait=_figure("longest_wait", 45, "seconds", "oldest waiting call: 45 s"),
        service_level=_figure(
            "service_level",
            level,
            "ratio",
            "answered within 20 s (41) ÷ offered (50) = 82.0 %",
        ),
        service_level_of_answered=_figure(
            "service_level_of_answered",
            41 / 45,
            "ratio",
            "answered within 20 s (41) ÷ answered (45) = 91.1 %",
        ),
        asa=_figure("asa", 12.5, "seconds", "total wait (562 s) ÷ answered (45) = 12.5 s"),
        aht=_figure("aht", 245, "seconds", "(talk + hold + wrap-up) (11025 s) ÷ handled (45)"),
        abandonment_rate=_figure("abandonment_rate", 0.1, "ratio", "abandoned (5) ÷ offered (50)"),
        occupancy=_figure("occupancy", 0.75, "ratio", "busy (2700 s) ÷ available (3600 s)"),
        agents_by_state={"ready": 2, "on_call": 3, "wrap_up": 1},
    )


def _agent(
    username: str, state: str, in_state_s: float, *, name: str = "", call_s: float | None = None
) -> AgentRow:
    return AgentRow(
        username=username,
        display_name=name or username,
        team="retail",
        state=state,
        since=NOW - timedelta(seconds=in_state_s),
        call_id="c1" if call_s is not None else None,
        call_queue="retail" if call_s is not None else None,
        call_since=NOW - timedelta(seconds=call_s) if call_s is not None else None,
    )


def test_queue_tile_shows_each_figure_with_its_formula_on_hover(qtbot: Any) -> None:
    wall = QueueWall()
    qtbot.addWidget(wall)
    wall.set_queue_names({"retail": "Retail banking"})
    wall.set_queues([_stats()])

    tile = wall.tiles["retail"]
    assert tile.title_label.text() == "Retail banking"
    assert tile.value_labels["service_level"].text() == "82.0 %"
    assert tile.value_labels["service_level_of_answered"].text() == "91.1 %"
    assert tile.value_labels["asa"].text() == "0:12"
    assert tile.value_labels["waiting"].text() == "3"
    # Both service levels are there, each named for its definition, with its own formula.
    assert tile.value_labels["service_level"].toolTip() == (
        "Service level (of offered): answered within 20 s (41) ÷ offered (50) = 82.0 %"
    )
    assert "÷ answered (45)" in tile.name_labels["service_level_of_answered"].toolTip()
    assert (
        tile.name_labels["service_level"].text()
        != tile.name_labels["service_level_of_answered"].text()
    )
    assert "Ready 2" in tile.agents_label.text() and "Wrap-up 1" in tile.agents_label.text()


def test_queue_tile_colour_follows_the_target_and_updates_in_place(qtbot: Any) -> None:
    wall = QueueWall()
    qtbot.addWidget(wall)
    wall.set_queues([_stats(level=0.82)])
    tile = wall.tiles["retail"]
    assert tile.property("standing") == "good"
    wall.update_queues([_stats(level=0.77), _stats(queue="not-ours", level=0.1)])
    assert wall.tiles["retail"] is tile  # the same tile, updated
    assert tile.property("standing") == "warn"
    assert "not-ours" not in wall.tiles
    wall.update_queues([_stats(level=0.5, waiting=9)])
    assert tile.property("standing") == "bad"
    assert tile.value_labels["waiting"].text() == "9"
    # 45 s waited against a 20 s threshold: more than twice late.
    assert tile.value_labels["longest_wait"].property("standing") == "bad"


def test_undefined_figure_reads_as_a_dash_with_its_formula(qtbot: Any) -> None:
    wall = QueueWall()
    qtbot.addWidget(wall)
    wall.set_queues([_stats(level=None)])
    tile = wall.tiles["retail"]
    assert tile.value_labels["service_level"].text() == "\u2014"
    assert tile.property("standing") == "none"


def test_figure_tooltip_in_chinese_keeps_the_formula(qtbot: Any, chinese: None) -> None:
    stats = _stats()
    tip = figure_tooltip("service_level", stats.service_level)
    assert tip.endswith("answered within 20 s (41) ÷ offered (50) = 82.0 %")
    assert not tip.startswith("Service level")  # the name is translated


def test_agent_grid_sorts_by_time_in_state_and_name(qtbot: Any) -> None:
    clock = FakeClock(NOW)
    model = AgentGridModel(clock=clock)
    proxy = AgentSortProxy()
    proxy.setSourceModel(model)
    model.set_rows(
        [
            _agent("a1", "ready", 30, name="Zhang"),
            _agent("a2", "on_call", 600, name="Li", call_s=590),
            _agent("a3", "not_ready", 90, name="Wang"),
        ]
    )
    proxy.sort(3, Qt.SortOrder.DescendingOrder)
    column = [proxy.index(r, 0).data() for r in range(3)]
    assert column == ["Li", "Wang", "Zhang"]
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["Li", "Wang", "Zhang"]
    proxy.sort(4, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 4).data() == "9:50"
    # States are words, never codes.
    states = {model.index(r, 1).data() for r in range(3)}
    assert states == {"Ready", "On call", "Not ready"}


def test_agent_long_in_wrap_up_or_not_ready_stands_out_as_time_passes(qtbot: Any) -> None:
    clock = FakeClock(NOW)
    model = AgentGridModel(clock=clock)
    model.set_rows(
        [
            _agent("w", "wrap_up", LONG_WRAP_UP_S - 10),
            _agent("n", "not_ready", LONG_NOT_READY_S - 10),
            _agent("r", "ready", LONG_NOT_READY_S * 3),
        ]
    )
    assert [model.index(r, 1).data(LONG_ROLE) for r in range(3)] == [False, False, False]
    assert model.index(0, 3).data() == "1:50"
    clock.now = NOW + timedelta(seconds=11)
    with qtbot.waitSignal(model.dataChanged):
        model.tick()
    assert model.index(0, 3).data() == "2:01"
    assert [model.index(r, 1).data(LONG_ROLE) for r in range(3)] == [True, True, False]
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, 1).data(Qt.ItemDataRole.FontRole).bold()
    assert "longer than 2 min" in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(2, 1).data(Qt.ItemDataRole.ForegroundRole) is None


def test_agent_grid_replaces_one_row_from_an_event(qtbot: Any) -> None:
    model = AgentGridModel(clock=FakeClock(NOW))
    model.set_rows([_agent("a1", "ready", 30), _agent("a2", "ready", 30)])
    with qtbot.waitSignal(model.dataChanged):
        model.apply(_agent("a2", "on_call", 0, call_s=0))
    assert model.rowCount() == 2
    assert model.index(1, 1).data() == "On call"
    model.apply(_agent("a3", "ready", 0))
    assert model.rowCount() == 3


def _complaint(ticket_id: int, standing: str, *, pending: bool = False) -> ComplaintRow:
    return ComplaintRow(
        id=ticket_id,
        reference=f"C-{ticket_id}",
        customer_id=1,
        category="fees",
        severity="medium",
        status="investigating",
        team="retail",
        assignee="agent01",
        step="decision",
        due_at=NOW + timedelta(hours=5),
        elapsed_share=0.5,
        standing=standing,
        pending_extension=PendingExtension(
            kind="extended",
            reason="Waiting for the card network",
            requested_by="agent01",
            requested_at=NOW,
        )
        if pending
        else None,
        version=1,
    )


def test_complaint_board_filters_and_counts_by_standing(qtbot: Any) -> None:
    model = ComplaintBoardModel(clock=FakeClock(NOW))
    model.set_complaints(
        [
            _complaint(1, "on_time"),
            _complaint(2, "breached"),
            _complaint(3, "at_80", pending=True),
            _complaint(4, "due_today"),
        ]
    )
    # Most urgent first.
    assert [model.record(r).id for r in range(model.rowCount())] == [2, 3, 4, 1]
    model.set_filter("breached")
    assert [model.record(r).id for r in range(model.rowCount())] == [2]
    model.set_filter("extension")
    assert [model.record(r).id for r in range(model.rowCount())] == [3]
    assert model.index(0, 8).data() == "Asked by agent01"
    assert model.count("due_today") == 1
    model.set_filter("all")
    assert model.index(0, 6).data() == "5 h 0 min left"
    model.apply(2, None)  # reassigned out of the team
    assert [model.record(r).id for r in range(model.rowCount())] == [3, 4, 1]


def _interval(queue: str, offered: int, answered: int, within: int) -> IntervalStats:
    ratio = _figure("service_level", within / offered, "ratio", "x")
    return IntervalStats(
        queue=queue,
        start=NOW,
        end=NOW + timedelta(minutes=15),
        closed=True,
        offered=offered,
        answered=answered,
        abandoned=offered - answered,
        short_abandoned=0,
        answered_within=within,
        total_wait_s=0,
        talk_s=0,
        hold_s=0,
        wrap_up_s=0,
        handled=answered,
        service_level=ratio,
        service_level_of_answered=ratio,
        asa=_figure("asa", 0, "seconds", "x"),
        aht=_figure("aht", 0, "seconds", "x"),
        abandonment_rate=_figure("abandonment_rate", 0, "ratio", "x"),
    )


def test_trends_sum_the_team_and_recompute_its_service_level(qtbot: Any) -> None:
    both = [_interval("general", 10, 9, 8), _interval("cards", 30, 28, 18)]
    (team,) = interval_points(both, None)
    assert (team.offered, team.answered, team.abandoned) == (40, 37, 3)
    assert team.service_level == 26 / 40  # within ÷ offered over the team, not a mean of ratios
    (cards,) = interval_points(both, "cards")
    assert cards.service_level == 18 / 30
    panel = TrendsPanel()
    qtbot.addWidget(panel)
    panel.set_queues([("general", "General service"), ("cards", "Cards")])
    panel.set_today(both)
    panel.queue_combo.setCurrentIndex(2)
    assert [p.offered for p in panel.today_points] == [30]
