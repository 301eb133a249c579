"""The Offers tab: every product of the shelf, Suitable or Not suitable, and why.

The decision is the domain's suitability gate (product risk R ≤ risk profile C, assessment
current), computed by ``services.offers``; this tab only says it in words. Nothing is hidden:
an unsuitable product stays listed with its reasons, so the agent can explain the refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.customer.suitability_text import reasons_text
from ui.kit.colors import ValueColors
from ui.kit.error_text import error_sentence
from ui.kit.record_table import CENTER, Column, RecordTableModel
from ui.kit.record_table_view import RecordTableView
from ui.kit.workers import BackgroundOp

__all__ = ["OffersPanel", "OffersTableModel"]


def _product(decision: Any) -> Any:
    return getattr(decision, "product", decision)


def _suitable(decision: Any) -> bool:
    result = getattr(decision, "result", None)
    return bool(getattr(result, "suitable", getattr(decision, "suitable", False)))


def _reasons(decision: Any) -> Any:
    result = getattr(decision, "result", None)
    return getattr(result, "reasons", getattr(decision, "reasons", ()))


def product_name(product: Any) -> str:
    chinese = QLocale().language() == QLocale.Language.Chinese
    name = getattr(product, "name_zh" if chinese else "name_en", "")
    return str(name or getattr(product, "name", "") or getattr(product, "code", ""))


def _text(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


class OffersTableModel(RecordTableModel):
    def __init__(self, parent: QObject | None = None, *, colors: ValueColors | None = None):
        self._colors = colors or ValueColors()
        super().__init__(
            [
                Column(
                    QCoreApplication.translate("OffersModel", "Product"),
                    lambda d: product_name(_product(d)),
                ),
                Column(
                    QCoreApplication.translate("OffersModel", "Code"),
                    lambda d: _text(_product(d).code),
                ),
                Column(
                    QCoreApplication.translate("OffersModel", "Risk level"),
                    lambda d: _text(_product(d).risk),
                    CENTER,
                ),
                Column(
                    QCoreApplication.translate("OffersModel", "Suitability"),
                    lambda d: (
                        QCoreApplication.translate("OffersModel", "Suitable")
                        if _suitable(d)
                        else QCoreApplication.translate("OffersModel", "Not suitable")
                    ),
                    foreground=self._color,
                ),
                Column(
                    QCoreApplication.translate("OffersModel", "Reason"),
                    lambda d: "" if _suitable(d) else reasons_text(_reasons(d)),
                ),
            ],
            (),
            parent,
        )

    def _color(self, decision: Any) -> QColor | None:
        return None if _suitable(decision) else self._colors.warning


class OffersPanel(QWidget):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        offers: Any = None,
        colors: ValueColors | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._offers = offers
        self._today = today
        self._generation = 0
        self.model = OffersTableModel(self, colors=colors)
        self.message = QLabel(objectName="mutedLabel")
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
        if customer_id is None or self._offers is None:
            self.message.setText(self.tr("Offers are not available."))
            return
        self.message.setText(self.tr("Checking suitability…"))
        offers, today = self._offers, self._today()
        BackgroundOp(self, lambda: list(offers.offers(customer_id, today))).success(
            lambda rows: self._on_offers_loaded(generation, rows)
        ).failure(lambda exc: self._on_offers_failed(generation, exc)).run()

    def _on_offers_loaded(self, generation: int, rows: list[Any]) -> None:
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        suitable = sum(_suitable(r) for r in rows)
        self.message.setText(
            self.tr("%1 of %2 products may be offered to this customer.")
            .replace("%1", str(suitable))
            .replace("%2", str(len(rows)))
        )

    def _on_offers_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.message.setText(error_sentence(exc))
