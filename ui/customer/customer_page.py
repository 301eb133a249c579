"""The screen-pop and customer 360 page.

Flow: a call is offered → the masked number shows at once → ``screen_pop`` runs in a background
operation → the profile, the family's candidate list, or the unknown-caller card. A newer call
supersedes a lookup still running: each lookup carries a generation and stale answers are
dropped. A pop answered from the cache is shown at once, then ``refresh_screen_pop`` asks the
backend in the background and the page takes its fresher view (same generation rule).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from agentdesk.domain.masking import mask_phone
from agentdesk.domain.phones import InvalidPhoneNumber, normalize_phone
from agentdesk.services import AppServices, CustomerProfile, ScreenPop
from ui.customer.candidates_panel import CandidatesPanel
from ui.customer.customer_profile_panel import CustomerProfilePanel
from ui.customer.pop_state_panels import (
    IdlePanel,
    IndexedCallerPanel,
    LoadingPanel,
    PopErrorPanel,
    UnknownCallerPanel,
)
from ui.customer.provisional_contact_dialog import ProvisionalContact, ProvisionalContactDialog
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.error_text import error_sentence
from ui.kit.workers import BackgroundOp

__all__ = ["CustomerPage", "masked_number"]


def masked_number(phone: str) -> str:
    """The caller's number as the agent may see it before verification."""
    try:
        return mask_phone(normalize_phone(phone))
    except InvalidPhoneNumber:
        return mask_phone(phone)


class CustomerPage(QWidget):
    """States: idle, loading, profile, candidates, unknown, error (see ``state``)."""

    # Emitted once the outcome of a pop is on screen: "profile", "candidates", "unknown", "error".
    pop_finished = Signal(str)
    # The backend's fresher view replaced a pop shown from the cache; carries the new state.
    pop_refreshed = Signal(str)
    # The customer on screen changed: carries their CustomerProfile, or None (no customer).
    profile_shown = Signal(object)
    # The unknown caller's card asks for a search (the call desk owns the search dialog):
    # the number's digits, and whether the customer chosen gets the number linked.
    caller_search_requested = Signal(str, bool)
    # A provisional contact was queued for the unknown caller (tests wait on it).
    provisional_saved = Signal(str)
    # The provisional contact on screen was merged: carries the customer now shown.
    merged_shown = Signal(int)

    def __init__(
        self,
        services: AppServices,
        bridge: EventBridge,
        parent: QWidget | None = None,
        *,
        colors: ValueColors | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerPage")
        self.setAccessibleName(self.tr("Customer"))
        self._services = services
        self._generation = 0
        self._phone = ""
        self._caller_e164 = ""  # the unknown caller's number, as the contract takes it
        self.provisional_dialog: ProvisionalContactDialog | None = None
        self.merge_note = ""
        self.state = "idle"

        self.idle = IdlePanel()
        self.loading = LoadingPanel()
        self.profile = CustomerProfilePanel(
            services.customers,
            services.verification,
            services.offers,
            bridge,
            tasks=services.tasks,
            calls=services.calls,
            flows=services.flows,
            colors=colors,
            today=today,
        )
        self.candidates = CandidatesPanel()
        self.unknown = UnknownCallerPanel()
        self.error = PopErrorPanel()
        self.indexed = IndexedCallerPanel()
        self.indexed.retry_requested.connect(self._on_error_retry_requested)
        self.candidates.candidate_chosen.connect(self._on_candidates_candidate_chosen)
        self.error.retry_requested.connect(self._on_error_retry_requested)
        self.unknown.search_requested.connect(self.caller_search_requested)
        self.profile.merged.connect(self._on_profile_merged)
        self.unknown.provisional_requested.connect(self.create_provisional_contact)

        self._stack = QStackedWidget()
        self._panels: dict[str, QWidget] = {
            "idle": self.idle,
            "loading": self.loading,
            "profile": self.profile,
            "candidates": self.candidates,
            "unknown": self.unknown,
            "indexed": self.indexed,
            "error": self.error,
        }
        for panel in self._panels.values():
            self._stack.addWidget(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(self._stack)

    # -- public --------------------------------------------------------------------------

    def pop(self, phone: str) -> None:
        """Show the incoming number now, then look the caller up off the GUI thread."""
        self._phone = phone
        self._generation += 1
        generation = self._generation
        self.loading.show_incoming(masked_number(phone))
        self._show("loading")
        customers = self._services.customers
        BackgroundOp(self, lambda: customers.screen_pop(phone)).success(
            lambda pop: self._on_screen_pop_succeeded(generation, pop)
        ).failure(lambda exc: self._on_lookup_failed(generation, exc)).run()

    def open_customer(self, customer_id: int) -> None:
        """Open a customer's 360 found by search (the same path as choosing a candidate)."""
        self._on_candidates_candidate_chosen(customer_id)

    def reset(self) -> None:
        """Back to waiting (the call ended or the agent signed out)."""
        self._generation += 1
        self._phone = ""
        self._show("idle")
        self.profile_shown.emit(None)

    @property
    def caller_e164(self) -> str:
        """The unknown caller's number on screen ("" when none)."""
        return self._caller_e164 if self.state == "unknown" else ""

    def create_provisional_contact(self) -> ProvisionalContactDialog | None:
        """Ask for the unknown caller's name, language and note, and queue the contact."""
        phone = self.caller_e164
        if not phone:
            return None
        dialog = ProvisionalContactDialog(masked_number(phone), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save_provisional(phone, dialog.contact()))
        self.provisional_dialog = dialog
        dialog.open()
        return dialog

    def _save_provisional(self, phone: str, contact: ProvisionalContact) -> None:
        contacts = self._services.contacts
        BackgroundOp(
            self,
            lambda: contacts.create_provisional(
                phone, contact.name, contact.language, contact.note
            ),
        ).success(lambda client_id: self._on_provisional_saved(contact.name, client_id)).failure(
            lambda exc: self.unknown.show_status(error_sentence(exc))
        ).run()

    def _on_provisional_saved(self, name: str, client_id: str) -> None:
        self.unknown.show_status(
            self.tr(
                "%1 is kept as a provisional contact with this number; it is linked when a "
                "customer matches."
            ).replace("%1", name)
        )
        self.provisional_saved.emit(client_id)

    # -- slots ---------------------------------------------------------------------------

    def _on_screen_pop_succeeded(self, generation: int, pop: ScreenPop) -> None:
        if generation != self._generation:
            return
        self._finish(self._show_pop(pop))
        if pop.source == "cache":
            customers = self._services.customers
            BackgroundOp(self, lambda: customers.refresh_screen_pop(pop)).success(
                lambda fresh: self._on_screen_pop_refreshed(generation, pop, fresh)
            ).failure(lambda _exc: None).run()  # the cached view stays; nothing to tell

    def _on_screen_pop_refreshed(
        self, generation: int, cached: ScreenPop, fresh: ScreenPop | None
    ) -> None:
        if generation != self._generation or fresh is None:
            return
        if (fresh.profile, fresh.candidates) == (cached.profile, cached.candidates):
            return
        # Keep the tab the agent is reading; show_profile starts at the first one.
        tab = self.profile.tabs.currentIndex()
        state = self._show_pop(fresh)
        if state == "profile" and self.state == "profile":
            self.profile.tabs.setCurrentIndex(tab)
        self._show(state)
        self.pop_refreshed.emit(state)

    def _on_candidates_candidate_chosen(self, customer_id: int) -> None:
        self._generation += 1
        generation = self._generation
        self.loading.show_incoming(masked_number(self._phone), self.tr("Opening the profile…"))
        self._show("loading")
        customers = self._services.customers
        BackgroundOp(self, lambda: customers.profile(customer_id)).success(
            lambda profile: self._on_profile_loaded(generation, profile)
        ).failure(lambda exc: self._on_lookup_failed(generation, exc)).run()

    def _on_profile_loaded(self, generation: int, profile: CustomerProfile) -> None:
        if generation == self._generation:
            self._show_profile(profile)

    def _on_lookup_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.error.show_error(masked_number(self._phone), error_sentence(exc))
        self._finish("error")

    def _on_profile_merged(self, customer_id: int) -> None:
        # The server merged the provisional contact on screen into a real customer: that
        # customer's 360 replaces it, and the agent is told why the screen changed.
        self.open_customer(customer_id)
        self.merge_note = self.tr("The provisional contact was merged into this customer.")
        self.merged_shown.emit(customer_id)

    def _on_error_retry_requested(self) -> None:
        if self._phone:
            self.pop(self._phone)

    # -- internals -----------------------------------------------------------------------

    def _show_pop(self, pop: ScreenPop) -> str:
        """Fill the panel for ``pop``; returns the state to show."""
        number = masked_number(pop.phone_e164 or pop.phone)
        if pop.profile is not None:
            self.profile.show_profile(pop.profile)
            self.profile_shown.emit(pop.profile)
            return "profile"
        if pop.indexed and not pop.candidates:
            self.indexed.show_caller(number, pop.indexed)
            return "indexed"
        if pop.unknown:
            self._caller_e164 = pop.phone_e164 or ""
            digits = "".join(ch for ch in (pop.phone_e164 or pop.phone) if ch.isdigit())
            self.unknown.show_number(number, digits if pop.phone_e164 else "")
            return "unknown"
        self.candidates.show_candidates(number, pop.candidates)
        return "candidates"

    def _show_profile(self, profile: CustomerProfile) -> None:
        self.profile.show_profile(profile)
        self.profile_shown.emit(profile)
        self._finish("profile")

    def _finish(self, state: str) -> None:
        self._show(state)
        self.pop_finished.emit(state)

    def _show(self, state: str) -> None:
        self.state = state
        self._stack.setCurrentWidget(self._panels[state])

    def current_panel(self) -> QWidget | None:
        return self._stack.currentWidget()
