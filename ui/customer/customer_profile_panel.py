"""Customer 360 of the caller: the header and verification banner over tabs for holdings, the
interaction timeline, tickets, tasks and offers.

Tabs that read more than the profile (timeline, tasks, offers, verification) use the services
passed in; without them (widget tests) the timeline shows the profile's recent interactions and
the other tabs stay empty.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from agentdesk.services import CustomerProfile
from ui.customer.customer_header import CustomerHeaderPanel
from ui.customer.holdings_panel import HoldingsPanel
from ui.customer.offers_panel import OffersPanel
from ui.customer.tasks_panel import TasksPanel
from ui.customer.tickets_model import TicketsTableModel
from ui.customer.timeline_model import CountFn, PageFn
from ui.customer.timeline_panel import TimelinePanel
from ui.customer.verification_banner import VerificationBanner
from ui.kit.colors import ValueColors
from ui.kit.record_table_view import RecordTableView

__all__ = ["CustomerProfilePanel"]

HOLDINGS_TAB, TIMELINE_TAB, TICKETS_TAB, TASKS_TAB, OFFERS_TAB = range(5)


def _list_source(rows: Sequence[Any]) -> tuple[CountFn, PageFn]:
    """The profile's own recent interactions as a timeline source (no service to ask)."""
    ordered = sorted(rows, key=lambda i: i.started_at, reverse=True)

    def matching(channel: str | None, text: str | None) -> list[Any]:
        return [
            i
            for i in ordered
            if (channel is None or str(getattr(i.channel, "value", i.channel)) == channel)
            and (not text or any(text in f for f in (i.notes, i.reason, i.wrap_up_code, i.agent)))
        ]

    return (
        lambda channel, text: len(matching(channel, text)),
        lambda channel, text, offset, limit: matching(channel, text)[offset : offset + limit],
    )


class CustomerProfilePanel(QWidget):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        colors: ValueColors | None = None,
        today: Callable[[], date] = date.today,
        services: Any = None,
    ) -> None:
        super().__init__(parent)
        self.profile: CustomerProfile | None = None
        self._customers = getattr(services, "customers", None)
        self.header = CustomerHeaderPanel(today=today)
        self.verification = VerificationBanner(verification=getattr(services, "verification", None))
        self.holdings = HoldingsPanel(colors=colors)
        self.timeline = TimelinePanel()
        self.tickets_model = TicketsTableModel(parent=self, colors=colors)
        self.tasks = TasksPanel(customers=self._customers, colors=colors)
        self.offers = OffersPanel(
            offers=getattr(services, "offers", None), colors=colors, today=today
        )

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
        if self._customers is not None and hasattr(self._customers, "timeline_page"):
            self.timeline.set_source(*TimelinePanel.source_for(self._customers, profile.id))
        if self._customers is None or (
            # A caller the cache does not hold yet: the backend's recent ones are all we have.
            self.timeline.model.total_count() == 0 and profile.recent_interactions
        ):
            self.timeline.set_source(*_list_source(profile.recent_interactions))
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
