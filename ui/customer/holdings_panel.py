"""The Holdings tab: accounts, cards, loans and wealth, each a small table in a 2×2 grid."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from agentdesk.services import Holdings
from ui.customer.holdings_models import (
    AccountsTableModel,
    CardsTableModel,
    LoansTableModel,
    WealthTableModel,
)
from ui.kit.colors import ValueColors
from ui.kit.naming import named
from ui.kit.record_table import RecordTableModel
from ui.kit.record_table_view import RecordTableView

__all__ = ["HoldingsPanel"]


class HoldingsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None, *, colors: ValueColors | None = None):
        super().__init__(parent)
        self.accounts_model = AccountsTableModel(parent=self)
        self.cards_model = CardsTableModel(parent=self)
        self.loans_model = LoansTableModel(parent=self)
        self.wealth_model = WealthTableModel(parent=self, colors=colors)

        self._titles: list[tuple[QLabel, str, RecordTableModel[Any]]] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 10, 10, 10)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        sections: list[tuple[str, str, RecordTableModel[Any], tuple[int, ...]]] = [
            (self.tr("Accounts"), self.tr("No accounts"), self.accounts_model, (110, 170, 80)),
            (self.tr("Cards"), self.tr("No cards"), self.cards_model, (100, 150, 110, 80)),
            (self.tr("Loans"), self.tr("No loans"), self.loans_model, (110, 120, 120, 70)),
            (
                self.tr("Wealth and funds"),
                self.tr("No wealth or fund holdings"),
                self.wealth_model,
                (150, 100, 80, 110),
            ),
        ]
        for position, (title, empty, model, widths) in enumerate(sections):
            row, column = divmod(position, 2)
            box = QVBoxLayout()
            box.setSpacing(4)
            label = named(QLabel(title), "sectionTitle")
            view = RecordTableView(model, title, column_widths=widths, empty_text=empty)
            label.setBuddy(view)
            box.addWidget(label)
            box.addWidget(view, 1)
            grid.addLayout(box, row, column)
            self._titles.append((label, title, model))

    def show_holdings(self, holdings: Holdings) -> None:
        self.accounts_model.set_rows(holdings.accounts)
        self.cards_model.set_rows(holdings.cards)
        self.loans_model.set_rows(holdings.loans)
        self.wealth_model.set_rows(holdings.wealth)
        for label, title, model in self._titles:
            label.setText(f"{title} ({model.total_count()})")
