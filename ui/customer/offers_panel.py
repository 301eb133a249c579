"""The Offers tab: next-best offers, the suitable products ranked for this customer, each with
why it ranks and its suitability; nothing at all, saying why, for a customer who refused
marketing or asked not to be called.

The ranking is the domain's (``rank_offers``, through ``services.offers``), from the 360 the
agent sees and the shelf, so it works offline and for a caller the cache does not hold. On a
call the agent launches an offer (its scripted flow, with the suitability gate and the risk
disclosure, in the flow panel) and records the customer's answer (accepted, declined, not
now): it goes on the call's wrap-up and ranks this customer's offers from then on. Products
set aside are listed under the table with the reason, so the agent can explain a refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from agentdesk.domain.offer_ranking import RankedOffer
from agentdesk.services import (
    CustomerProfile,
    FlowService,
    OfferOutcomeCode,
    OfferService,
    Product,
    RankedOffers,
)
from ui.customer.offer_text import (
    blocked_text,
    exclusion_text,
    offer_reasons_text,
    suitability_text,
)
from ui.kit.colors import ValueColors
from ui.kit.error_text import error_sentence
from ui.kit.naming import named
from ui.kit.record_table import CENTER, Column, RecordTableModel
from ui.kit.record_table_view import RecordTableView
from ui.kit.vocabulary import chinese_ui
from ui.kit.workers import BackgroundOp

__all__ = ["OffersPanel", "OffersTableModel", "product_name"]


def product_name(product: Product) -> str:
    name = product.name_zh if chinese_ui() else product.name_en
    return name or product.code


def _tr(text: str) -> str:
    return QCoreApplication.translate("OffersModel", text)


class OffersTableModel(RecordTableModel[RankedOffer[Product]]):
    def __init__(self, parent: QObject | None = None, *, colors: ValueColors | None = None):
        self._colors = colors or ValueColors()
        super().__init__(
            [
                Column(_tr("Product"), lambda o: product_name(o.product)),
                Column(_tr("Risk level"), lambda o: str(o.product.risk), CENTER),
                Column(_tr("Suitability"), suitability_text, foreground=self._color),
                Column(_tr("Why"), offer_reasons_text),
            ],
            (),
            parent,
        )

    def _color(self, _offer: RankedOffer[Product]) -> QColor | None:
        return self._colors.gain


class OffersPanel(QWidget):
    # Launch an offer: carries the flow id to run on the call (the flow panel starts it).
    offer_launched = Signal(str)
    # The ranking is on screen (tests wait on it).
    loaded = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        offers: OfferService,
        flows: FlowService,
        colors: ValueColors | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._offers = offers
        self._flows = flows
        self._today = today
        self._generation = 0
        self._customer: CustomerProfile | None = None
        self._call_id: str | None = None
        self.model = OffersTableModel(self, colors=colors)
        self.message = named(QLabel(), "mutedLabel")
        self.message.setWordWrap(True)
        self.view = RecordTableView(
            self.model,
            self.tr("Next-best offers"),
            column_widths=(220, 80, 120, 380),
            empty_text=self.tr("No product suits this customer now"),
        )
        self.set_aside = named(QLabel(), "mutedLabel")
        # A line a product; a long reason wraps rather than widening the desk past the screen.
        self.set_aside.setWordWrap(True)
        self.launch_button = QPushButton(self.tr("&Make this offer"))
        self.launch_button.setToolTip(
            self.tr("Run the product's script: suitability gate, then the risk disclosure")
        )
        self.launch_button.clicked.connect(self.launch)
        self.outcome_buttons: dict[OfferOutcomeCode, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(self.launch_button)
        buttons.addSpacing(16)
        answers: list[tuple[OfferOutcomeCode, str]] = [
            ("accepted", self.tr("&Accepted")),
            ("declined", self.tr("D&eclined")),
            ("not_now", self.tr("&Not now")),
        ]
        for outcome, text in answers:
            button = QPushButton(text)
            button.setAccessibleName(self.tr("Customer's answer: %1").replace("%1", text))
            button.clicked.connect(lambda _checked=False, o=outcome: self.record_outcome(o))
            self.outcome_buttons[outcome] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.set_aside)
        self.view.selectionModel().currentChanged.connect(self._on_selection_current_changed)
        self._update_buttons()

    # -- inputs --------------------------------------------------------------------------

    def load(self, customer: CustomerProfile | None) -> None:
        self._customer = customer
        self.model.set_rows([])
        self.set_aside.clear()
        if customer is None:
            self.message.setText(self.tr("Offers are not available."))
            self._update_buttons()
            return
        self.message.setText(self.tr("Ranking the offers…"))
        self.refresh()

    def set_call(self, call_id: str | None) -> None:
        """The call on the line: offers are made, and answers recorded, on a call."""
        self._call_id = call_id
        self._update_buttons()

    def refresh(self) -> None:
        self._generation += 1
        generation, customer = self._generation, self._customer
        if customer is None:
            return
        offers, today = self._offers, self._today()

        def rank() -> RankedOffers:
            return offers.ranking(customer, today, offers.past_outcomes(customer, today))

        BackgroundOp(self, rank).success(
            lambda ranking: self._on_ranking_loaded(generation, ranking)
        ).failure(lambda exc: self._on_ranking_failed(generation, exc)).run()

    def current_offer(self) -> RankedOffer[Product] | None:
        index = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    # -- actions -------------------------------------------------------------------------

    def launch(self) -> None:
        offer = self.current_offer()
        if offer is None or self._call_id is None:
            return
        flow_id = self._flows.flow_for_product(offer.product.code)
        if flow_id is not None:
            self.offer_launched.emit(flow_id)

    def record_outcome(self, outcome: str) -> None:
        offer, call_id, customer = self.current_offer(), self._call_id, self._customer
        if offer is None or call_id is None or customer is None:
            return
        if outcome not in ("accepted", "declined", "not_now"):
            return
        self._offers.record_outcome(
            call_id,
            customer.id,
            offer.product.code,
            "accepted"
            if outcome == "accepted"
            else "declined"
            if outcome == "declined"
            else "not_now",
        )
        self.refresh()

    # -- results -------------------------------------------------------------------------

    def _on_ranking_loaded(self, generation: int, ranking: RankedOffers) -> None:
        if generation != self._generation:
            return
        if ranking.blocked:
            self.message.setText(blocked_text(ranking.blocked))
            self.model.set_rows([])
            self.view.hide()
            self.set_aside.clear()
        else:
            self.view.show()
            self.model.set_rows(list(ranking.offers))
            if ranking.offers:
                self.view.setCurrentIndex(self.model.index(0, 0))
            self.message.setText(
                self.tr("%1 products suit this customer, best first.").replace(
                    "%1", str(len(ranking.offers))
                )
            )
            lines = [f"{product_name(e.product)}: {exclusion_text(e)}" for e in ranking.excluded]
            # One product a line: the agent reads down the list to explain a refusal.
            self.set_aside.setText(
                self.tr("Set aside: %1").replace("%1", "\n" + "\n".join(lines)) if lines else ""
            )
        self._update_buttons()
        self.loaded.emit()

    def _on_ranking_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.message.setText(error_sentence(exc))

    def _on_selection_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        offer = self.current_offer()
        on_call = self._call_id is not None and offer is not None
        has_flow = (
            on_call and offer is not None and self._flows.flow_for_product(offer.product.code)
        )
        self.launch_button.setEnabled(bool(has_flow))
        for button in self.outcome_buttons.values():
            button.setEnabled(on_call)
        if offer is not None and self._call_id is None:
            self.launch_button.setToolTip(self.tr("Offers are made on a call with the customer"))
