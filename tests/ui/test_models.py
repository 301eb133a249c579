"""The Qt item models, tested without any widget."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from agentdesk.services import CustomerSummary, RecentTimeline
from tests.ui.conftest import make_profile
from ui.customer.candidates_model import CandidatesTableModel
from ui.customer.holdings_models import (
    AccountsTableModel,
    CardsTableModel,
    LoansTableModel,
    WealthTableModel,
)
from ui.customer.tickets_model import TicketsTableModel
from ui.customer.timeline_model import TimelineTableModel
from ui.kit.colors import ValueColors
from ui.kit.record_table import RECORD_ROLE, Column, RecordTableModel
from ui.kit.theme import value_colors

FOREGROUND = Qt.ItemDataRole.ForegroundRole


def _cell(model: QAbstractItemModel, row: int, column: int, role: int = 0) -> Any:
    return model.index(row, column).data(role)


def _column(model: QAbstractItemModel, header: str) -> int:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return headers.index(header)


def test_holdings_models_count_rows_and_columns() -> None:
    holdings = make_profile().holdings
    assert AccountsTableModel(holdings.accounts).rowCount() == 1
    assert CardsTableModel(holdings.cards).rowCount() == 1
    assert LoansTableModel(holdings.loans).rowCount() == 1
    wealth = WealthTableModel(holdings.wealth)
    assert wealth.rowCount() == 2
    assert wealth.columnCount() == 5
    assert wealth.rowCount(wealth.index(0, 0)) == 0  # a table: no children


def test_card_number_shows_last_four_only() -> None:
    model = CardsTableModel(make_profile().holdings.cards)
    text = str(_cell(model, 0, _column(model, "Card number")))
    assert text == "**** 7890"
    assert "622588" not in text


def test_wealth_pnl_is_signed_and_coloured_by_the_theme() -> None:
    colors = ValueColors(gain=QColor("#ff0000"), loss=QColor("#00aa00"))  # a zh_CN market
    model = WealthTableModel(make_profile().holdings.wealth, colors=colors)
    pnl = _column(model, "Unrealised P&L")
    assert _cell(model, 0, pnl) == "\u22121,520.40"
    assert _cell(model, 1, pnl) == "+830.00"
    assert _cell(model, 0, pnl, FOREGROUND) == QColor("#00aa00")
    assert _cell(model, 1, pnl, FOREGROUND) == QColor("#ff0000")
    assert _cell(model, 0, 0, FOREGROUND) is None  # only the P&L column is coloured
    assert _cell(model, 0, _column(model, "Risk level")) == "R3"


def test_money_is_right_aligned_and_grouped() -> None:
    model = AccountsTableModel(make_profile().holdings.accounts)
    balance = _column(model, "Balance")
    assert _cell(model, 0, balance) == "12,345.60"
    alignment = int(_cell(model, 0, balance, Qt.ItemDataRole.TextAlignmentRole))
    assert alignment & int(Qt.AlignmentFlag.AlignRight)


def test_recent_interactions_newest_first_with_translated_channel_and_one_line_notes() -> None:
    profile = make_profile()
    model = TimelineTableModel(RecentTimeline(profile.id, profile.recent_interactions))
    model.reload()
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2
    channel = _column(model, "Channel")
    assert _cell(model, 0, channel) == "WeChat"  # 2026-11-01 before 2026-10-01
    assert _cell(model, 1, channel) == "Phone (inbound)"
    notes = _column(model, "Notes")
    assert _cell(model, 1, notes) == "activated new card"
    assert _cell(model, 1, notes, Qt.ItemDataRole.ToolTipRole) == "activated\nnew card"
    assert _cell(model, 1, 0, RECORD_ROLE).id == 10


def test_overdue_ticket_due_date_reads_in_the_error_colour_in_every_market() -> None:
    tickets = make_profile().open_tickets
    colors = ValueColors()
    before = TicketsTableModel(
        tickets, colors=colors, now=lambda: datetime(2026, 10, 2, tzinfo=UTC)
    )
    after = TicketsTableModel(tickets, colors=colors, now=lambda: datetime(2026, 11, 1, tzinfo=UTC))
    due = _column(before, "Due")
    assert _cell(before, 0, due, FOREGROUND) is None
    assert _cell(after, 0, due, FOREGROUND) == colors.error
    assert _cell(before, 0, _column(before, "Status")) == "Investigating"
    assert _cell(before, 0, _column(before, "Category")) == "Fees"
    chinese = value_colors("light", "zh_CN")  # red means a rise there: loss is green
    zh = TicketsTableModel(tickets, colors=chinese, now=lambda: datetime(2026, 11, 1, tzinfo=UTC))
    assert _cell(zh, 0, due, FOREGROUND) == chinese.error != chinese.loss


def test_candidates_show_masked_phone_and_tier() -> None:
    summary = CustomerSummary(
        id=1,
        cif="620000000001",
        name="李雷",
        name_pinyin="li lei",
        tier="private",
        risk_profile="C4",
        risk_assessed_on="2026-01-01",
        phone_masked="+86 139****1111",
    )
    model = CandidatesTableModel([summary, summary.model_copy(update={"id": 2, "name": "韩梅梅"})])
    assert model.rowCount() == 2
    assert _cell(model, 0, _column(model, "Tier")) == "Private banking"
    assert _cell(model, 1, _column(model, "Phone")) == "+86 139****1111"
    assert model.record(1).id == 2


def test_long_lists_are_fetched_in_batches() -> None:
    rows = list(range(RecordTableModel.BATCH * 2 + 5))
    model = RecordTableModel([Column("n", str)], rows)
    assert model.rowCount() == RecordTableModel.BATCH
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == len(rows) == model.total_count()
    assert not model.canFetchMore(QModelIndex())
    model.set_rows([1, 2])
    assert model.rowCount() == 2
    assert model.index(5, 0).data() is None
