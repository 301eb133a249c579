"""Customer search: debounced, stale answers dropped, Enter opens the chosen customer."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt

from agentdesk.services import CustomerSummary
from ui.customer.search_dialog import SearchDialog
from ui.kit.workers import BackgroundOp


def _summary(number: int, name: str, tier: str) -> CustomerSummary:
    return CustomerSummary.model_validate(
        {
            "id": number,
            "cif": f"62000000000{number}",
            "name": name,
            "name_pinyin": "",
            "tier": tier,
            "risk_profile": "C3",
            "risk_assessed_on": "2026-01-01",
            "phone_masked": f"+86 138****000{number}",
        }
    )


PEOPLE = [_summary(1, "张伟", "gold"), _summary(2, "张三", "mass"), _summary(3, "Li Na", "private")]


class FakeCustomers:
    def __init__(self) -> None:
        self.searched: list[str] = []
        self.gate: dict[str, threading.Event] = {}

    def search(self, text: str, limit: int = 50) -> list[CustomerSummary]:
        self.searched.append(text)
        if text in self.gate:
            self.gate[text].wait(5)
        return [p for p in PEOPLE if text.lower() in p.name.lower() or text in p.cif][:limit]


def _dialog(qtbot: Any, customers: FakeCustomers) -> SearchDialog:
    dialog = SearchDialog(customers)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_typing_searches_once_after_a_pause(qtbot: Any) -> None:
    customers = FakeCustomers()
    dialog = _dialog(qtbot, customers)
    with qtbot.waitSignal(dialog.results_shown, timeout=2_000):
        dialog.edit.insert("张")  # as an input method commits it (QTest types ASCII only)
    assert customers.searched == ["张"]
    assert dialog.model.rowCount() == 2
    assert [dialog.model.index(0, c).data() for c in range(4)] == [
        "张伟",
        "620000000001",
        "Gold",
        "+86 138****0001",
    ]
    assert dialog.status_label.text() == "2 customer(s) found"


def test_a_late_answer_to_an_old_search_is_dropped(qtbot: Any) -> None:
    customers = FakeCustomers()
    customers.gate["Li"] = threading.Event()  # the first search hangs until released
    dialog = _dialog(qtbot, customers)
    qtbot.keyClicks(dialog.edit, "Li")
    dialog.search_now()
    dialog.edit.setText("张伟")
    with qtbot.waitSignal(dialog.results_shown) as shown:
        dialog.search_now()
    assert shown.args == ["张伟"]
    assert BackgroundOp.running_count() == 1  # only the search for "Li" is still out
    customers.gate["Li"].set()
    # Its answer reaches the GUI thread (the operation ends there, after its callback ran)...
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0)
    # ...and was dropped: the table and its status still show the newer search.
    assert dialog.model.rowCount() == 1 and dialog.model.record(0).id == 1
    assert dialog.status_label.text() == "1 customer(s) found"


def test_down_then_enter_opens_the_selected_customer(qtbot: Any) -> None:
    dialog = _dialog(qtbot, FakeCustomers())
    with qtbot.waitSignal(dialog.results_shown):
        dialog.edit.insert("张")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    assert dialog.view.hasFocus() or dialog.focusWidget() is dialog.view
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.customer_chosen) as chosen:
        qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert chosen.args == [2]


def test_enter_before_the_pause_searches_then_opens_the_first(qtbot: Any) -> None:
    dialog = _dialog(qtbot, FakeCustomers())
    qtbot.keyClicks(dialog.edit, "Li")
    with qtbot.waitSignal(dialog.customer_chosen) as chosen:
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert chosen.args == [3]
