"""The interaction timeline of a customer as a lazily fetched table model (newest first).

The model knows how many interactions match (``count``) and reads them in pages of ``BATCH``
as the view scrolls (``canFetchMore`` / ``fetchMore``, as QSqlQueryModel prefetches), so a
customer with 50,000 interactions costs one count and one page to show.

Threading choice: pages are read synchronously, on the GUI thread, inside ``fetchMore``. The
reads are local cache queries on an indexed (customer, started_at) order that take a few
milliseconds for a page of 200; moving them to a thread would add a visible "loading" state and
re-entrancy to every scroll for no gain. If the page function ever goes to the network, it must
move to a BackgroundOp.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from agentdesk.errors import AgentDeskError
from agentdesk.services import CachedInteraction, Channel, Interaction, InteractionTimeline
from ui.kit.formatting import format_datetime
from ui.kit.record_table import RECORD_ROLE
from ui.kit.vocabulary import channel_name, wrap_up_code_name

__all__ = ["TimelineTableModel"]

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex


def _one_line(text: str) -> str:
    return " ".join(text.split())


class TimelineTableModel(QAbstractTableModel):
    BATCH = 200

    # Reading a page failed (carries the error); the rows read so far stay.
    fetch_failed = Signal(object)

    def __init__(
        self, source: InteractionTimeline | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._channel: Channel | None = None
        self._text: str | None = None
        self._rows: list[Interaction] = []
        self._total = 0
        self.page_reads = 0  # how many pages were read (tests prove the model stays lazy)
        self._columns: list[tuple[str, Callable[[Interaction], str]]] = [
            (
                QCoreApplication.translate("TimelineModel", "Time"),
                lambda i: format_datetime(i.started_at),
            ),
            (
                QCoreApplication.translate("TimelineModel", "Channel"),
                lambda i: channel_name(i.channel),
            ),
            (QCoreApplication.translate("TimelineModel", "Agent"), lambda i: i.agent),
            (QCoreApplication.translate("TimelineModel", "Reason"), lambda i: i.reason),
            (
                QCoreApplication.translate("TimelineModel", "Wrap-up code"),
                lambda i: wrap_up_code_name(i.wrap_up_code),
            ),
            (QCoreApplication.translate("TimelineModel", "Notes"), self._notes),
        ]

    # -- data in -------------------------------------------------------------------------

    def set_source(self, source: InteractionTimeline | None) -> None:
        """Another customer's timeline (or none): read from it from now on."""
        self._source = source
        self.reload()

    def set_filter(self, channel: Channel | None, text: str | None) -> None:
        self._channel = channel
        self._text = (text or "").strip() or None
        self.reload()

    def reload(self) -> None:
        """Count again and drop the fetched rows; the view asks for the first page itself."""
        self.beginResetModel()
        self._rows = []
        self._total = 0
        if self._source is not None:
            self._total = self._source.count(self._channel, self._text)
        self.endResetModel()

    def total_count(self) -> int:
        """Every interaction that matches the filter, fetched or not."""
        return self._total

    def fetched_count(self) -> int:
        return len(self._rows)

    def record(self, row: int) -> Interaction:
        return self._rows[row]

    # -- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and self._source is not None and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        source = self._source
        if source is None or not self.canFetchMore(parent):
            return
        offset = len(self._rows)
        limit = min(self.BATCH, self._total - offset)
        try:
            page = list(source.page(self._channel, self._text, offset, limit))
        except AgentDeskError as exc:
            # A cache problem must not escape into Qt's event loop: stop here, say so once.
            log.warning("timeline page failed: %s", exc.code)
            self._total = offset
            self.fetch_failed.emit(exc)
            return
        self.page_reads += 1
        if not page:
            # The cache shrank under us (a filter race): stop asking for more.
            self._total = offset
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section][0]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[index.column()][1](record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return record.notes or self._columns[index.column()][1](record)
        if role == RECORD_ROLE:
            return record
        return None

    @staticmethod
    def _notes(interaction: Interaction) -> str:
        text = _one_line(interaction.notes)
        if isinstance(interaction, CachedInteraction) and interaction.pending:
            # Saved here, not yet on the server: the agent should see it is not lost.
            return (
                QCoreApplication.translate("TimelineModel", "(waiting to sync) %1")
                .replace("%1", text)
                .strip()
            )
        return text
