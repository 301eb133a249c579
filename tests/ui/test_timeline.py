"""The interaction timeline: a lazily fetched model that never loads a long history at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from agentdesk.cache.records import (
    CachedInteraction,
    count_interactions,
    interactions_for_customer,
    upsert_interactions,
)
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.services import Channel, Interaction
from ui.customer.timeline_model import TimelineTableModel
from ui.customer.timeline_panel import FILTER_DEBOUNCE_MS, TimelinePanel

ROWS = 50_000
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _row(number: int, channel: str, started_at: datetime, notes: str = "") -> Interaction:
    return Interaction(
        id=number,
        customer_id=7,
        channel=Channel(channel),
        started_at=started_at,
        agent="agent02",
        reason="balance",
        wrap_up_code="resolved",
        notes=notes,
    )


class FakeTimeline:
    """50,000 interactions, newest first; counts the reads the model makes."""

    def __init__(self, rows: int = ROWS) -> None:
        channels = ("phone_in", "wechat", "app", "branch")
        self.rows = [
            _row(n, channels[n % 4], T0 - timedelta(minutes=n), notes=f"note {n}")
            for n in range(rows)
        ]
        self.count_calls = 0
        self.page_calls: list[tuple[int, int]] = []

    def _matching(self, channel: Channel | None, text: str | None) -> list[Interaction]:
        return [
            r
            for r in self.rows
            if (channel is None or r.channel == channel) and (text is None or text in r.notes)
        ]

    def count(self, channel: Channel | None, text: str | None) -> int:
        self.count_calls += 1
        return len(self._matching(channel, text)) if channel or text else len(self.rows)

    def page(
        self, channel: Channel | None, text: str | None, offset: int, limit: int
    ) -> Sequence[Interaction]:
        self.page_calls.append((offset, limit))
        rows = self._matching(channel, text) if channel or text else self.rows
        return rows[offset : offset + limit]


def test_model_without_a_view_counts_and_reads_nothing() -> None:
    source = FakeTimeline()
    model = TimelineTableModel(source)
    model.reload()
    assert model.total_count() == ROWS and model.rowCount() == 0
    assert source.page_calls == []
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == TimelineTableModel.BATCH
    assert source.page_calls == [(0, TimelineTableModel.BATCH)]
    assert model.index(0, 0).data() == "2026-11-01 " + T0.astimezone().strftime("%H:%M")[-5:]
    assert model.index(0, 5).data() == "note 0"


def test_showing_and_scrolling_50000_rows_reads_only_a_few_pages(qtbot: Any) -> None:
    source = FakeTimeline()
    panel = TimelinePanel()
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    panel.set_source(source)
    qtbot.waitExposed(panel)
    view, model = panel.view, panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    first_paint = model.fetched_count()
    assert first_paint <= 2 * TimelineTableModel.BATCH
    assert "50,000" in panel.count_label.text() or "50000" in panel.count_label.text()
    # Uniform rows, no per-row measuring (DESIGN.md §8).
    assert view.verticalHeader().sectionResizeMode(0).name == "Fixed"

    view.setFocus()
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
    view.scrollToBottom()  # the end of what is fetched: asks for one more page
    qtbot.wait(50)
    assert model.fetched_count() < 2_000, model.fetched_count()
    assert len(source.page_calls) <= 10
    assert model.fetched_count() == sum(limit for _o, limit in source.page_calls)
    # Newest first.
    times = [model.record(r).started_at for r in range(model.rowCount())]
    assert times == sorted(times, reverse=True)


def test_filters_are_debounced_and_start_over(qtbot: Any) -> None:
    source = FakeTimeline(rows=2_000)
    panel = TimelinePanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_source(source)
    counts_before = source.count_calls
    qtbot.keyClicks(panel.text_edit, "note 19")
    # Seven keys, no re-count yet: the filter waits for a pause in typing.
    assert source.count_calls == counts_before
    with qtbot.waitSignal(panel.filter_applied, timeout=FILTER_DEBOUNCE_MS * 4) as applied:
        pass
    assert source.count_calls == counts_before + 1
    assert applied.args == [111]  # note 19, note 190..199, note 1900..1999
    panel.channel_combo.setCurrentIndex(panel.channel_combo.findData("wechat"))
    assert panel.model.total_count() == len(
        [r for r in source.rows if r.channel == "wechat" and "note 19" in r.notes]
    )


def test_a_pending_interaction_says_it_waits_to_sync() -> None:
    row = _row(-1, "phone_in", T0, notes="called back")
    pending = CachedInteraction(**row.model_dump(), local_id=1, pending=True)
    source = FakeTimeline(rows=0)
    source.rows = [pending]
    model = TimelineTableModel(source)
    model.reload()
    model.fetchMore(QModelIndex())
    assert model.index(0, 5).data() == "(waiting to sync) called back"


class StoreTimeline:
    """Customer 7's timeline read straight from a cache file."""

    def __init__(self, store: CacheStore) -> None:
        self.store = store
        self.reads: list[int] = []

    def count(self, channel: Channel | None, text: str | None) -> int:
        with self.store.read() as conn:
            return count_interactions(conn, 7, channel=channel, text=text)

    def page(
        self, channel: Channel | None, text: str | None, offset: int, limit: int
    ) -> Sequence[Interaction]:
        self.reads.append(offset)
        with self.store.read() as conn:
            return interactions_for_customer(
                conn, 7, channel=channel, text=text, offset=offset, limit=limit
            )


def test_real_cache_with_50000_interactions_pages_lazily(qtbot: Any, tmp_path: Path) -> None:
    store = CacheStore.open(tmp_path / "cache.db", new_cache_key())
    try:
        batch = [
            Interaction(
                id=n + 1,
                customer_id=7,
                channel=Channel.PHONE_IN if n % 3 else Channel.WECHAT,
                started_at=T0 - timedelta(minutes=n),
                agent="agent02",
                reason="balance",
                wrap_up_code="resolved",
                notes=f"note {n}",
            )
            for n in range(ROWS)
        ]
        store.write(lambda conn: upsert_interactions(conn, batch))
        panel = TimelinePanel()
        qtbot.addWidget(panel)
        panel.resize(900, 500)
        panel.show()
        panel.set_source(StoreTimeline(store))
        qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
        for _ in range(3):
            panel.view.scrollToBottom()
            qtbot.wait(20)
        assert panel.model.total_count() == ROWS
        assert panel.model.fetched_count() <= 5 * TimelineTableModel.BATCH
        assert panel.model.record(0).notes == "note 0"
        panel.channel_combo.setCurrentIndex(panel.channel_combo.findData("wechat"))
        assert panel.model.total_count() == len([n for n in range(ROWS) if n % 3 == 0])
        panel.set_source(None)
    finally:
        store.close()


def test_a_refresh_keeps_the_filter_and_the_selected_interaction(qtbot: Any) -> None:
    source = FakeTimeline(rows=1_000)
    panel = TimelinePanel()
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    panel.set_source(source)
    panel.channel_combo.setCurrentIndex(panel.channel_combo.findData("wechat"))
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    panel.view.selectRow(30)
    chosen = panel.model.record(30)

    # A wechat contact arrived (a wrap-up saved, a page pulled): the same history, one more.
    fresher = FakeTimeline(rows=1_000)
    fresher.rows.insert(0, _row(5_000, "wechat", T0 + timedelta(minutes=1), notes="new"))
    panel.refresh(fresher)

    assert panel.channel_combo.currentData() == "wechat"
    assert panel.model.total_count() == 251 and panel.model.record(0).notes == "new"
    assert all(panel.model.record(r).channel == "wechat" for r in range(panel.model.rowCount()))
    [selected] = panel.view.selectionModel().selectedRows()
    assert panel.model.record(selected.row()) == chosen  # one row further down
    assert selected.row() == 31
    assert "251" in panel.count_label.text()
