"""Customer 360 of the caller: the header and verification banner over tabs for holdings, the
interaction timeline, tickets, tasks and offers.

Tabs that read more than the profile (timeline, tasks, offers, verification) ask the services:
the timeline is the customer service's (the cache's, or the recent interactions the backend
sent for a caller the cache does not hold yet).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from agentdesk.services import (
    CallerVerification,
    CustomerProfile,
    CustomerService,
    OfferService,
)
from ui.customer.customer_header import CustomerHeaderPanel
from ui.customer.holdings_panel import HoldingsPanel
from ui.customer.offers_panel import OffersPanel
from ui.customer.tasks_panel import TasksPanel
from ui.customer.tickets_model import TicketsTableModel
from ui.customer.timeline_panel import TimelinePanel
from ui.customer.verification_banner import VerificationBanner
from ui.kit.colors import ValueColors
from ui.kit.record_table_view import RecordTableView

__all__ = ["CustomerProfilePanel"]

HOLDINGS_TAB, TIMELINE_TAB, TICKETS_TAB, TASKS_TAB, OFFERS_TAB = range(5)


class CustomerProfilePanel(QWidget):
    def __init__(
        self,
        customers: CustomerService,
        verification: CallerVerification,
        offers: OfferService,
        parent: QWidget | None = None,
        *,
        colors: ValueColors | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.profile: CustomerProfile | None = None
        self._customers = customers
        self.header = CustomerHeaderPanel(today=today)
        self.verification = VerificationBanner(verification)
        self.holdings = HoldingsPanel(colors=colors)
        self.timeline = TimelinePanel()
        self.tickets_model = TicketsTableModel(parent=self, colors=colors)
        self.tasks = TasksPanel(customers=customers, colors=colors)
        self.offers = OffersPanel(offers=offers, colors=colors, today=today)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Customer details"))
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setDrawBase(False)  # the native base line clashes with the dark theme
        tickets = RecordTableView(
            self.tickets_model,
            self.tr("Open tickets"),
            column_widths=(160, 140, 80, 120, 260, 130),
            empty_text=self.tr("No open tickets"),
        )
        self.tabs.addTab(self.holdings, self.tr("&Holdings"))
        self.tabs.addTab(self.timeline, self.tr("&Interaction timeline"))
        self.tabs.addTab(tickets, self.tr("Open &tickets"))
        self.tabs.addTab(self.tasks, self.tr("Ta&sks"))
        self.tabs.addTab(self.offers, self.tr("&Offers"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.header)
        layout.addWidget(self.verification)
        layout.addWidget(self.tabs, 1)

    def show_profile(self, profile: CustomerProfile) -> None:
        self.profile = profile
        self.header.show_profile(profile)
        self.verification.set_customer(profile)
        self.holdings.show_holdings(profile.holdings)
        self.timeline.set_source(self._customers.timeline(profile))
        self.tickets_model.set_rows(profile.open_tickets)
        self.tasks.load(profile.id)
        self.offers.load(profile.id)
        self.tabs.setTabText(
            TIMELINE_TAB,
            self.tr("&Interaction timeline (%1)").replace(
                "%1", str(self.timeline.model.total_count())
            ),
        )
        self.tabs.setTabText(
            TICKETS_TAB,
            self.tr("Open &tickets (%1)").replace("%1", str(len(profile.open_tickets))),
        )
        self.tabs.setCurrentIndex(HOLDINGS_TAB)
