"""Table model of a customer's open complaint tickets; overdue ones stand out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QColor

from agentdesk.services import TicketSummary
from ui.kit.colors import ValueColors
from ui.kit.formatting import format_datetime, utc_now
from ui.kit.record_table import CENTER, Column, RecordTableModel
from ui.kit.vocabulary import complaint_category_name, severity_name, ticket_status_name

__all__ = ["TicketsTableModel"]


class TicketsTableModel(RecordTableModel[TicketSummary]):
    def __init__(
        self,
        rows: Sequence[TicketSummary] = (),
        parent: QObject | None = None,
        *,
        colors: ValueColors | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._colors = colors or ValueColors()
        self._now = now
        super().__init__(
            [
                Column(
                    QCoreApplication.translate("TicketsModel", "Reference"), lambda t: t.reference
                ),
                Column(
                    QCoreApplication.translate("TicketsModel", "Category"),
                    lambda t: complaint_category_name(t.category),
                ),
                Column(
                    QCoreApplication.translate("TicketsModel", "Severity"),
                    lambda t: severity_name(t.severity),
                    CENTER,
                ),
                Column(
                    QCoreApplication.translate("TicketsModel", "Status"),
                    lambda t: ticket_status_name(t.status),
                ),
                Column(
                    QCoreApplication.translate("TicketsModel", "Summary"),
                    lambda t: t.summary,
                ),
                Column(
                    QCoreApplication.translate("TicketsModel", "Opened"),
                    lambda t: format_datetime(t.opened_at),
                ),
                Column(
                    QCoreApplication.translate("TicketsModel", "Due"),
                    lambda t: format_datetime(t.due_at),
                    foreground=self._due_color,
                ),
            ],
            rows,
            parent,
        )

    def _due_color(self, ticket: TicketSummary) -> QColor | None:
        # The error colour, not "loss": loss is green under Chinese market colours.
        return self._colors.error if ticket.due_at <= self._now() else None
