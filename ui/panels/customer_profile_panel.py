"""Customer 360 of the caller: the header over tabs for holdings, interactions and tickets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from agentdesk.services import CustomerProfile
from ui.models.colors import ValueColors
from ui.models.interactions import InteractionsTableModel
from ui.models.tickets import TicketsTableModel
from ui.panels.customer_header import CustomerHeaderPanel
from ui.panels.holdings_panel import HoldingsPanel
from ui.widgets.record_table_view import RecordTableView

__all__ = ["CustomerProfilePanel"]


class CustomerProfilePanel(QWidget):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        colors: ValueColors | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.profile: CustomerProfile | None = None
        self.header = CustomerHeaderPanel(today=today)
        self.holdings = HoldingsPanel(colors=colors)
        self.interactions_model = InteractionsTableModel(parent=self)
        self.tickets_model = TicketsTableModel(parent=self, colors=colors)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Customer details"))
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setDrawBase(False)  # the native base line clashes with the dark theme
        interactions = RecordTableView(
            self.interactions_model,
            self.tr("Recent interactions"),
            column_widths=(130, 130, 110, 180, 140),
            empty_text=self.tr("No interactions yet"),
        )
        tickets = RecordTableView(
            self.tickets_model,
            self.tr("Open tickets"),
            column_widths=(160, 140, 80, 120, 260, 130),
            empty_text=self.tr("No open tickets"),
        )
        self.tabs.addTab(self.holdings, self.tr("&Holdings"))
        self.tabs.addTab(interactions, self.tr("Recent &interactions"))
        self.tabs.addTab(tickets, self.tr("Open &tickets"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

    def show_profile(self, profile: CustomerProfile) -> None:
        self.profile = profile
        self.header.show_profile(profile)
        self.holdings.show_holdings(profile.holdings)
        self.interactions_model.set_rows(profile.recent_interactions)
        self.tickets_model.set_rows(profile.open_tickets)
        self.tabs.setTabText(
            1,
            self.tr("Recent &interactions (%1)").replace(
                "%1", str(len(profile.recent_interactions))
            ),
        )
        self.tabs.setTabText(
            2, self.tr("Open &tickets (%1)").replace("%1", str(len(profile.open_tickets)))
        )
        self.tabs.setCurrentIndex(0)
