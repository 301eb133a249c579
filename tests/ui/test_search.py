"""Customer search: debounced, stale answers dropped, Enter opens the chosen customer."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from ui.customer.search_dialog import SearchDialog


@dataclass(frozen=True)
class Summary:
    id: int
    name: str
    cif: str
    tier: str
    phone_masked: str


PEOPLE = [
    Summary(1, "张伟", "620000000001", "gold", "+86 138****0001"),
    Summary(2, "张三", "620000000002", "mass", "+86 138****0002"),
    Summary(3, "Li Na", "620000000003", "private", "+86 139****0003"),
]


class FakeCustomers:
    def __init__(self) -> None:
        self.searched: list[str] = []
        self.gate: dict[str, threading.Event] = {}

    def search(self, text: str, limit: int) -> list[Summary]:
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
    customers.gate["Li"].set()
    qtbot.wait(100)
    assert dialog.model.rowCount() == 1 and dialog.model.record(0).id == 1


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
