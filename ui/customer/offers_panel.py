"""The Offers tab: every product of the shelf, Suitable or Not suitable, and why.

The decision is the domain's suitability gate (product risk R ≤ risk profile C, assessment
current), computed by ``services.offers``; this tab only says it in words. Nothing is hidden:
an unsuitable product stays listed with its reasons, so the agent can explain the refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from agentdesk.services import Offer, OfferService, Product
from ui.customer.suitability_text import reasons_text
from ui.kit.colors import ValueColors
from ui.kit.error_text import error_sentence
from ui.kit.naming import named
from ui.kit.record_table import CENTER, Column, RecordTableModel
from ui.kit.record_table_view import RecordTableView
from ui.kit.vocabulary import chinese_ui
from ui.kit.workers import BackgroundOp

__all__ = ["OffersPanel", "OffersTableModel"]


def product_name(product: Product) -> str:
    name = product.name_zh if chinese_ui() else product.name_en
    return name or product.code


class OffersTableModel(RecordTableModel[Offer]):
    def __init__(self, parent: QObject | None = None, *, colors: ValueColors | None = None):
        self._colors = colors or ValueColors()
        super().__init__(
            [
                Column(
                    QCoreApplication.translate("OffersModel", "Product"),
                    lambda o: product_name(o.product),
                ),
                Column(
                    QCoreApplication.translate("OffersModel", "Code"),
                    lambda o: o.product.code,
                ),
                Column(
                    QCoreApplication.translate("OffersModel", "Risk level"),
                    lambda o: str(o.product.risk),
                    CENTER,
                ),
                Column(
                    QCoreApplication.translate("OffersModel", "Suitability"),
                    lambda o: (
                        QCoreApplication.translate("OffersModel", "Suitable")
                        if o.suitable
                        else QCoreApplication.translate("OffersModel", "Not suitable")
                    ),
                    foreground=self._color,
                ),
                Column(
                    QCoreApplication.translate("OffersModel", "Reason"),
                    lambda o: "" if o.suitable else reasons_text(o.reasons),
                ),
            ],
            (),
            parent,
        )

    def _color(self, offer: Offer) -> QColor | None:
        return None if offer.suitable else self._colors.warning


class OffersPanel(QWidget):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        offers: OfferService,
        colors: ValueColors | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._offers = offers
        self._today = today
        self._generation = 0
        self.model = OffersTableModel(self, colors=colors)
        self.message = named(QLabel(), "mutedLabel")
        self.message.setWordWrap(True)
        self.view = RecordTableView(
            self.model,
            self.tr("Offers and suitability"),
            column_widths=(200, 90, 80, 110, 320),
            empty_text=self.tr("No products on the shelf"),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)

    def load(self, customer_id: int | None) -> None:
        self._generation += 1
        generation = self._generation
        self.model.set_rows([])
        if customer_id is None:
            self.message.setText(self.tr("Offers are not available."))
            return
        self.message.setText(self.tr("Checking suitability…"))
        offers, today = self._offers, self._today()
        BackgroundOp(self, lambda: list(offers.offers(customer_id, today))).success(
            lambda rows: self._on_offers_loaded(generation, rows)
        ).failure(lambda exc: self._on_offers_failed(generation, exc)).run()

    def _on_offers_loaded(self, generation: int, rows: list[Offer]) -> None:
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        suitable = sum(r.suitable for r in rows)
        self.message.setText(
            self.tr("%1 of %2 products may be offered to this customer.")
            .replace("%1", str(suitable))
            .replace("%2", str(len(rows)))
        )

    def _on_offers_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.message.setText(error_sentence(exc))
