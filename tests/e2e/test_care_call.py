"""Customer care end to end, against a real backend process: a fund's price falls past the
threshold on the server, which makes a care task; the desk shows it in My tasks with the
figures, the agent calls the customer from the task (the server dials and the call pops the
customer's 360 as an inbound one does), records the outcome from the Tasks tab and the task is
done on the server. An unknown caller, with the backend away, is kept as a provisional contact
that reaches the server (and stands for that number) when it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt

from agentdesk.domain.presence import AgentState
from agentdesk.server import care, models
from agentdesk.server.db import make_engine, make_session_factory
from agentdesk.services import AppServices
from tests.e2e.call_backend import (
    TIMEOUT_MS,
    CallBackend,
    call_backend,  # noqa: F401 - the fixture
    press,
    signed_in_window,
)
from ui.shell.main_window import MainWindow

FUND = "WM-R4-001"


def _fund_falls(backend: CallBackend, customer_id: int) -> None:
    """The customer holds 100,000 units of FUND bought at 1.00; its price falls to 0.85 (a
    15 % loss, past the 10 % threshold) through the server's own price change."""
    engine = make_engine(backend.backend.database_url)
    try:
        with make_session_factory(engine)() as session:
            customer = session.get(models.Customer, customer_id)
            assert customer is not None
            customer.do_not_call = False
            customer.risk_assessed_on = date.today()
            session.add(
                models.WealthHolding(
                    customer_id=customer_id,
                    product_code=FUND,
                    product_name="Tech Innovation Hybrid Fund",
                    risk_level="R4",
                    market_value=Decimal("100000"),
                    unrealized_pnl=Decimal(0),
                    units=Decimal("100000"),
                )
            )
            customer.aum += Decimal("100000")
            session.commit()
            care.change_price(session, FUND, Decimal("0.85"), now=datetime.now(UTC))
            session.commit()
    finally:
        engine.dispose()


def test_the_agent_calls_the_customer_from_the_care_task_and_the_outcome_ends_it_on_the_server(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> None:
    customer_id, name, phone = call_backend.single_customer()
    _fund_falls(call_backend, customer_id)
    (task_id,) = [
        row[0]
        for row in call_backend.query(
            "select id from tasks where customer_id = ? and kind = 'care' and reason = ? "
            "and done = 0",
            customer_id,
            "holding_down",
        )
    ]
    services, window = signed_in_window(qtbot, call_backend, make_services, make_main_window)
    assert services.sync.sync_now()

    page = window.worklist.show_page()
    qtbot.waitUntil(lambda: _find(page, task_id), timeout=TIMEOUT_MS)
    item = page.current_item()
    assert item is not None and item.customer_name == name
    assert "is down 15" in item.what and "threshold 10" in item.what

    # Ready (F9), then "Call customer" on the task: the server dials, the softphone rings
    # with the customer's call and their 360 pops.
    softphone = window.softphone
    qtbot.waitUntil(lambda: softphone.agent_state is not None, timeout=TIMEOUT_MS)
    press(qtbot, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: softphone.presence_state is AgentState.READY, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(page.task_actions.call_placed, timeout=TIMEOUT_MS):
        page.task_actions.call_action.trigger()
    customer_page = window.customer_page
    qtbot.waitUntil(
        lambda: (
            customer_page.state == "profile"
            and customer_page.profile.profile is not None
            and customer_page.profile.profile.id == customer_id
        ),
        timeout=TIMEOUT_MS,
    )
    assert phone  # the pop matched the number the server dialled
    tab = customer_page.profile.tasks
    qtbot.waitUntil(lambda: tab.model.index_of(task_id) >= 0, timeout=TIMEOUT_MS)
    tab.view.setCurrentIndex(tab.model.index(tab.model.index_of(task_id), 0))

    # The outcome dialog itself is driven in tests/ui/test_my_tasks.py.
    tab.task_actions.ask_outcome = lambda _item, _parent: "Customer reassured, keeps the fund"
    tab.task_actions.done_action.trigger()
    rows = call_backend.wait_for(
        "select outcome from tasks where id = ? and done = 1", task_id, timeout=30
    )
    assert rows == [("Customer reassured, keeps the fund",)]


def _find(page: Any, task_id: int) -> bool:
    """Select the task in whichever list it is (the care queue's, unless the customer's
    relationship manager works at the desk); read the lists again while it is not there."""
    for section in ("to_take", "overdue", "today", "upcoming"):
        page.show_section(section)
        if page.select_task(task_id):
            return True
    page.load()
    return False


def test_an_unknown_caller_kept_offline_reaches_the_server_as_a_provisional_contact(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> None:
    unknown = "+8613900001234"
    services, window = signed_in_window(qtbot, call_backend, make_services, make_main_window)
    assert services.sync.sync_now()
    call_backend.stop()
    try:
        page = window.customer_page
        with qtbot.waitSignal(page.pop_finished, timeout=TIMEOUT_MS):
            page.pop(unknown)
        assert page.state == "unknown"
        dialog = page.create_provisional_contact()
        assert dialog is not None
        qtbot.keyClicks(dialog.name_edit, "Chen Jie")
        with qtbot.waitSignal(page.provisional_saved, timeout=TIMEOUT_MS):
            dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
        assert services.sync.status().changes_waiting == 1
    finally:
        call_backend.start()
    qtbot.waitUntil(lambda: services.sync.sync_now(), timeout=TIMEOUT_MS)
    rows = call_backend.wait_for(
        "select c.name, c.provisional from customers c join customer_phones p "
        "on p.customer_id = c.id where p.e164 = ?",
        unknown,
    )
    assert rows == [("Chen Jie", 1)]
    qtbot.waitUntil(lambda: services.sync.status().changes_waiting == 0, timeout=TIMEOUT_MS)
