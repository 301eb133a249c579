"""Customer 360 of the caller: the header and verification banner over tabs for holdings, the
interaction timeline, tickets, tasks and offers.

Tabs that read more than the profile (timeline, tasks, offers, verification) ask the services:
the timeline is the customer service's (the cache's, then the older interactions the backend
sent with the 360 that the cache does not hold).

The panel stays live (``ui.kit.live_view``): when this customer's interactions, tasks, tickets
or own record change, here or on another desk, the tab that shows them reads them again from
the cache, without the agent reopening it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from agentdesk.events import RecordKind
from agentdesk.services import (
    CallerVerification,
    CallService,
    CustomerProfile,
    CustomerService,
    FlowService,
    OfferService,
    TaskService,
)
from ui.customer.customer_header import CustomerHeaderPanel
from ui.customer.holdings_panel import HoldingsPanel
from ui.customer.offers_panel import OffersPanel
from ui.customer.tasks_panel import TasksPanel
from ui.customer.tickets_model import TicketsTableModel
from ui.customer.timeline_panel import TimelinePanel
from ui.customer.verification_banner import VerificationBanner
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.live_view import LiveView
from ui.kit.record_table_view import RecordTableView
from ui.kit.workers import BackgroundOp

__all__ = ["CustomerProfilePanel"]

HOLDINGS_TAB, TIMELINE_TAB, TICKETS_TAB, TASKS_TAB, OFFERS_TAB = range(5)


class CustomerProfilePanel(QWidget):
    # Enter (or a double click) on an open ticket: carries its id, for the ticket editor.
    ticket_opened = Signal(int)
    # The provisional contact on screen was merged into a customer: carries that customer's id.
    merged = Signal(int)

    def __init__(
        self,
        customers: CustomerService,
        verification: CallerVerification,
        offers: OfferService,
        bridge: EventBridge,
        parent: QWidget | None = None,
        *,
        tasks: TaskService,
        calls: CallService,
        flows: FlowService,
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
        self.tasks = TasksPanel(tasks=tasks, calls=calls, colors=colors)
        self.offers = OffersPanel(offers=offers, flows=flows, colors=colors, today=today)
        self.live_record = LiveView(
            bridge, [RecordKind.CUSTOMER, RecordKind.TICKET], self._reload_profile, self
        )
        self.live_timeline = LiveView(
            bridge, [RecordKind.INTERACTION], self._refresh_timeline, self
        )
        self.live_tasks = LiveView(bridge, [RecordKind.TASK], self.tasks.refresh, self)

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
        self.tickets_view = tickets
        tickets.activated.connect(self._on_tickets_view_activated)
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

    def _on_tickets_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.ticket_opened.emit(self.tickets_model.record(index.row()).id)

    def show_profile(self, profile: CustomerProfile) -> None:
        self.profile = profile
        self.header.show_profile(profile)
        self.verification.set_customer(profile)
        self.holdings.show_holdings(profile.holdings)
        self.timeline.set_source(self._customers.timeline(profile))
        self.tickets_model.set_rows(profile.open_tickets)
        self.tasks.load(profile.id)
        self.offers.load(profile)
        for live in (self.live_record, self.live_timeline, self.live_tasks):
            live.follow(profile.id)
        self._show_counts(profile)
        self.tabs.setCurrentIndex(HOLDINGS_TAB)

    def _show_counts(self, profile: CustomerProfile) -> None:
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

    # -- live refresh --------------------------------------------------------------------

    def _refresh_timeline(self) -> None:
        if self.profile is not None:
            self.timeline.refresh(self._customers.timeline(self.profile))
            self._show_counts(self.profile)

    def _reload_profile(self) -> None:
        """The customer's record or tickets changed: the header, holdings and open tickets are
        read again; the tab the agent is on, the timeline and the tasks stay as they are."""
        if self.profile is None:
            return
        customer_id, customers = self.profile.id, self._customers

        def read() -> tuple[CustomerProfile | None, int | None]:
            return customers.cached_profile(customer_id), customers.merged_into(customer_id)

        BackgroundOp(self, read).success(self._on_profile_reloaded).failure(
            lambda _exc: None
        ).run()  # what is shown stays; the next change retries

    def _on_profile_reloaded(self, read: tuple[CustomerProfile | None, int | None]) -> None:
        profile, merged_into = read
        if merged_into is not None and self.profile is not None and profile is not None:
            if profile.id == self.profile.id:
                self.merged.emit(merged_into)
                return
        if profile is None or self.profile is None or profile.id != self.profile.id:
            return  # not in the cache (what is shown stays), or another customer is shown now
        self.profile = profile
        self.header.show_profile(profile)
        self.holdings.show_holdings(profile.holdings)
        self.tickets_model.set_rows(profile.open_tickets)
        self._show_counts(profile)
