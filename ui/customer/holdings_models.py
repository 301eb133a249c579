"""Table models of a customer's holdings: accounts, cards (last 4 only), loans, wealth."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QColor

from agentdesk.services import Account, Card, Loan, WealthHolding
from ui.kit.colors import ValueColors
from ui.kit.formatting import format_date, format_money, format_pct, format_signed_money, last_four
from ui.kit.record_table import CENTER, RIGHT, Column, RecordTableModel
from ui.kit.vocabulary import (
    account_kind_name,
    card_kind_name,
    card_status_name,
    loan_kind_name,
)

__all__ = ["AccountsTableModel", "CardsTableModel", "LoansTableModel", "WealthTableModel"]


class AccountsTableModel(RecordTableModel[Account]):
    def __init__(self, rows: Sequence[Account] = (), parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    QCoreApplication.translate("HoldingsModels", "Type"),
                    lambda a: account_kind_name(a.kind),
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Account"),
                    lambda a: a.number_masked,
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Currency"),
                    lambda a: a.currency,
                    CENTER,
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Balance"),
                    lambda a: format_money(a.balance),
                    RIGHT,
                ),
            ],
            rows,
            parent,
        )


class CardsTableModel(RecordTableModel[Card]):
    def __init__(self, rows: Sequence[Card] = (), parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    QCoreApplication.translate("HoldingsModels", "Type"),
                    lambda c: card_kind_name(c.kind),
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Product"), lambda c: c.product
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Card number"),
                    lambda c: last_four(c.pan_masked),
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Status"),
                    lambda c: card_status_name(c.status),
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Credit limit"),
                    lambda c: "" if c.credit_limit is None else format_money(c.credit_limit),
                    RIGHT,
                ),
            ],
            rows,
            parent,
        )


class LoansTableModel(RecordTableModel[Loan]):
    def __init__(self, rows: Sequence[Loan] = (), parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    QCoreApplication.translate("HoldingsModels", "Type"),
                    lambda loan: loan_kind_name(loan.kind),
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Principal"),
                    lambda loan: format_money(loan.principal),
                    RIGHT,
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Outstanding"),
                    lambda loan: format_money(loan.outstanding),
                    RIGHT,
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Rate"),
                    lambda loan: format_pct(loan.rate_pct),
                    RIGHT,
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Matures on"),
                    lambda loan: format_date(loan.matures_on),
                    CENTER,
                ),
            ],
            rows,
            parent,
        )


class WealthTableModel(RecordTableModel[WealthHolding]):
    """Wealth and fund holdings; unrealised P&L coloured as the market reads it."""

    def __init__(
        self,
        rows: Sequence[WealthHolding] = (),
        parent: QObject | None = None,
        *,
        colors: ValueColors | None = None,
    ) -> None:
        self._colors = colors or ValueColors()
        super().__init__(
            [
                Column(
                    QCoreApplication.translate("HoldingsModels", "Product"),
                    lambda w: w.product_name,
                    tooltip=lambda w: f"{w.product_code} · {w.product_name}",
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Code"),
                    lambda w: w.product_code,
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Risk level"),
                    lambda w: str(w.risk_level),
                    CENTER,
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Market value"),
                    lambda w: format_money(w.market_value),
                    RIGHT,
                ),
                Column(
                    QCoreApplication.translate("HoldingsModels", "Unrealised P&L"),
                    lambda w: format_signed_money(w.unrealized_pnl),
                    RIGHT,
                    foreground=self._pnl_color,
                ),
            ],
            rows,
            parent,
        )

    def _pnl_color(self, holding: WealthHolding) -> QColor | None:
        pnl = Decimal(holding.unrealized_pnl)
        if pnl > 0:
            return self._colors.gain
        if pnl < 0:
            return self._colors.loss
        return None
