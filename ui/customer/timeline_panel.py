"""The Interaction timeline tab: every contact of the customer on every channel, newest first.

A channel filter (combo) and a text filter (debounced 250 ms, so typing does not re-count on
every key) sit over a lazily fetched table (``ui.customer.timeline_model``): uniform row heights, no
resize-to-contents, rows read a page at a time as the agent scrolls. When the customer's
interactions change (a wrap-up saved here or on another desk), ``refresh`` reads them again and
keeps the filter, the selected interaction and, within the first pages, the scroll position.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from agentdesk.services import Channel, Interaction, InteractionTimeline
from ui.customer.timeline_model import TimelineTableModel
from ui.kit.naming import named
from ui.kit.record_table_view import RecordTableView
from ui.kit.vocabulary import channel_name

__all__ = ["CHANNELS", "FILTER_DEBOUNCE_MS", "TimelinePanel"]

FILTER_DEBOUNCE_MS = 250
# A refresh reads back at most this many rows to keep the agent's place; further down, the
# view starts over at the top rather than read a long history on the GUI thread.
REFRESH_KEEPS_ROWS = 1000
CHANNELS = tuple(Channel)


class TimelinePanel(QWidget):
    # The filter was applied and the count is known (carries the count).
    filter_applied = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePanel")
        self.model = TimelineTableModel(parent=self)
        self.channel_combo = named(QComboBox(), "timelineChannel")
        self.channel_combo.setAccessibleName(self.tr("Channel filter"))
        self.channel_combo.addItem(self.tr("All channels"), None)
        for channel in CHANNELS:
            self.channel_combo.addItem(channel_name(channel), channel.value)
        self.text_edit = named(QLineEdit(), "timelineText")
        self.text_edit.setPlaceholderText(self.tr("Filter by notes, reason, code or agent"))
        self.text_edit.setAccessibleName(self.tr("Text filter"))
        self.text_edit.setClearButtonEnabled(True)
        self.count_label = named(QLabel(), "mutedLabel")
        self.count_label.setAccessibleName(self.tr("Matching interactions"))
        self.view = RecordTableView(
            self.model,
            self.tr("Interaction timeline"),
            column_widths=(130, 120, 90, 180, 140),
            empty_text=self.tr("No interactions match"),
        )
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(FILTER_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.channel_combo.currentIndexChanged.connect(self._on_channel_combo_changed)
        self.text_edit.textChanged.connect(self._on_text_edit_changed)

        channel_label = QLabel(self.tr("C&hannel"))
        channel_label.setBuddy(self.channel_combo)
        text_label = QLabel(self.tr("&Filter"))
        text_label.setBuddy(self.text_edit)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(channel_label)
        bar.addWidget(self.channel_combo)
        bar.addWidget(text_label)
        bar.addWidget(self.text_edit, 1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.setTabOrder(self.channel_combo, self.text_edit)
        self.setTabOrder(self.text_edit, self.view)

    def set_source(self, source: InteractionTimeline | None) -> None:
        """Show another customer's timeline, keeping the filter the agent chose."""
        self.model.set_source(source)
        self.model.set_filter(self._channel(), self.text_edit.text())
        self._show_count()

    def refresh(self, source: InteractionTimeline | None) -> None:
        """Read the timeline again from ``source`` (the same customer's, possibly fresher)."""
        selected = self._selected()
        place = self.view.verticalScrollBar().value()
        keep = min(self.model.fetched_count(), REFRESH_KEEPS_ROWS)
        self.model.set_source(source)  # counts again, with the filter the model keeps
        while self.model.fetched_count() < keep and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        if selected is not None:
            self._select(selected)
        if keep:
            self.view.verticalScrollBar().setValue(place)
        self._show_count()

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self._channel(), self.text_edit.text())
        self._show_count()
        self.filter_applied.emit(self.model.total_count())

    def _channel(self) -> Channel | None:
        value = self.channel_combo.currentData()
        return Channel(value) if value else None

    def _selected(self) -> Interaction | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _select(self, wanted: Interaction) -> None:
        """Select the row of ``wanted`` again: the same id, or the same client id (a row saved
        here has the server's id once it synced)."""
        for row in range(self.model.fetched_count()):
            record = self.model.record(row)
            if record.id == wanted.id or (
                wanted.client_id and record.client_id == wanted.client_id
            ):
                self.view.selectRow(row)
                return

    def _show_count(self) -> None:
        self.count_label.setText(self.tr("%n interaction(s)", "", self.model.total_count()))

    # -- slots ---------------------------------------------------------------------------

    def _on_channel_combo_changed(self, _index: int) -> None:
        self.apply_filter()

    def _on_text_edit_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_debounce_timeout(self) -> None:
        self.apply_filter()
