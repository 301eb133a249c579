"""The Offers tab with real widgets and services over the encrypted cache and the shipped
shelf, the backend out of reach: next-best offers ranked for the customer with their reasons
and suitability, nothing at all (saying why) for do-not-call or no marketing consent, an offer
launched runs its scripted flow, and the customer's answer goes on the call's wrap-up and ranks
the offers from then on.

With CARE_SCREENSHOTS=<folder> the test also saves the Offers tab in both languages.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from agentdesk.cache import outbox, sync_state
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.holdings import Account, Holdings, WealthHolding
from agentdesk.contract.sync import ChangesPage
from agentdesk.services import AppServices, WrapUp, WrapUpContext
from agentdesk.services.wiring import build_app_services
from tests.ui.care_backend import CareBackend
from tests.ui.test_my_tasks import customer, shoot
from ui.customer.offers_panel import OffersPanel
from ui.kit.theme import apply_theme
from ui.kit.workers import BackgroundOp

TODAY = date(2026, 11, 22)
TIMEOUT_MS = 15_000
HOLDINGS = Holdings(
    accounts=[
        Account(
            id=1,
            kind="savings",
            number_masked="************5678",
            currency="CNY",
            balance=Decimal("80000"),
        )
    ],
    wealth=[
        WealthHolding(
            id=2,
            product_code="WM-R2-002",
            product_name="中短债债券基金",
            risk_level="R2",
            market_value=Decimal("50000"),
            unrealized_pnl=Decimal("1200"),
        )
    ],
)


@pytest.fixture(params=["en"])
def language(request: pytest.FixtureRequest) -> str:
    value = str(request.param)
    if value == "zh_CN":
        request.getfixturevalue("chinese")
    return value


@pytest.fixture
def services(qtbot: Any, qapp: Any, language: str) -> Iterator[AppServices]:
    if os.environ.get("CARE_SCREENSHOTS"):
        apply_theme(qapp, "light")
    backend = CareBackend()
    backend.down = False
    made = build_app_services(
        DesktopSettings(backend_url="https://backend.test", language=language),
        AppPaths.from_environment(),
        transport=backend.transport(),
        listen=False,
        sync_autostart=False,
    )
    made.session.login("https://backend.test", "agent01", "pw")
    backend.down = True  # from here on the desk works from its cache
    people = [
        customer(1, "张伟", holdings=HOLDINGS.model_dump(mode="json")),
        customer(2, "Li Na", do_not_call=True),
        customer(3, "王芳", marketing_consent=False),
    ]
    page = ChangesPage(cursor=1, high_water=1, has_more=False, customers=people)
    made.sync._cache.open().write(lambda conn: sync_state.apply_changes(conn, page))  # noqa: SLF001
    yield made
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0, timeout=TIMEOUT_MS)
    made.close()


def _panel(qtbot: Any, services: AppServices, customer_id: int) -> OffersPanel:
    panel = OffersPanel(offers=services.offers, flows=services.flows, today=lambda: TODAY)
    qtbot.addWidget(panel)
    panel.resize(900, 520)
    panel.show()
    customer = services.customers.cached_profile(customer_id)
    assert customer is not None
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT_MS):
        panel.load(customer)
    return panel


def _shown(panel: OffersPanel) -> list[tuple[str, str, str]]:
    model = panel.model
    return [
        (
            model.record(row).product.code,
            str(model.index(row, 2).data()),
            str(model.index(row, 3).data()),
        )
        for row in range(model.rowCount())
    ]


@pytest.mark.parametrize(
    ("customer_id", "why"),
    [
        (2, "No offers for this customer: the customer asked not to be called (do not call)."),
        (3, "No offers for this customer: the customer has not given marketing consent."),
    ],
)
def test_no_offer_at_all_without_consent_or_with_do_not_call_and_the_panel_says_why(
    qtbot: Any, services: AppServices, customer_id: int, why: str
) -> None:
    panel = _panel(qtbot, services, customer_id)
    assert panel.message.text() == why
    assert panel.model.rowCount() == 0 and not panel.view.isVisible()
    assert panel.set_aside.text() == ""
    assert not panel.launch_button.isEnabled()


def test_only_suitable_products_are_ranked_each_with_its_reason_and_suitability(
    qtbot: Any, services: AppServices
) -> None:
    panel = _panel(qtbot, services, 1)
    shown = _shown(panel)
    shelf = {p.code: p for p in services.offers.shelf().products}
    assert shown and all(int(str(shelf[code].risk)[1]) <= 3 for code, _, _ in shown)
    assert all(suitability.startswith("Suitable (R") for _, suitability, _ in shown)
    # Holding deposits and a fund, the customer's gap is wealth management: ranked first.
    first_code, _, first_why = shown[0]
    assert shelf[first_code].kind == "wealth_management"
    assert first_why == "Holds no wealth management product yet"
    assert "WM-R4-001" not in {code for code, _, _ in shown}
    assert (
        "Tech Innovation Hybrid Fund: Not suitable: "
        "Product risk R4 is above the customer's risk profile C3" in panel.set_aside.text()
    )
    assert panel.message.text() == f"{len(shown)} products suit this customer, best first."
    # Off a call nothing is offered: the answer buttons wait for a call.
    assert not panel.launch_button.isEnabled()
    assert not any(b.isEnabled() for b in panel.outcome_buttons.values())
    qtbot.wait(50)  # the set-aside lines are laid out on the next turn of the event loop
    assert panel.set_aside.height() > 3 * panel.set_aside.fontMetrics().height()
    shoot(panel, "offers", "en")


def test_an_offer_runs_its_flow_and_the_answer_goes_on_the_wrap_up_and_reranks(
    qtbot: Any, services: AppServices
) -> None:
    panel = _panel(qtbot, services, 1)
    panel.set_call("call-o-1")
    row = next(
        r
        for r in range(panel.model.rowCount())
        if panel.model.record(r).product.code == "WM-R3-002"
    )
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    with qtbot.waitSignal(panel.offer_launched, timeout=TIMEOUT_MS) as launched:
        panel.launch_button.click()
    assert launched.args == ["fund_offer"]

    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT_MS):
        panel.outcome_buttons["declined"].click()
    assert "WM-R3-002" not in {code for code, _, _ in _shown(panel)}
    assert "CSI 300 Index Enhanced: Declined on 2026-11-22: not offered again before" in (
        panel.set_aside.text()
    )

    started = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
    context = WrapUpContext("call-o-1", "wealth", "+8613800000001", started, started)
    services.calls.record_wrap_up(WrapUp("info_given", "", customer_id=1), context=context)
    with services.sync._cache.open().read() as conn:  # noqa: SLF001
        (entry,) = [m for m in outbox.pending(conn) if m.kind.value == "interaction.create"]
    assert entry.payload["offers"] == [{"product_code": "WM-R3-002", "outcome": "declined"}]


@pytest.mark.parametrize("language", ["zh_CN"], indirect=True)
def test_offers_in_chinese(qtbot: Any, services: AppServices) -> None:
    panel = _panel(qtbot, services, 1)
    assert panel.model.index(0, 3).data() == "尚未持有理财产品"
    assert panel.message.text().endswith("按推荐顺序排列。")
    qtbot.wait(50)
    shoot(panel, "offers", "zh_CN")
    blocked = _panel(qtbot, services, 2)
    assert blocked.message.text() == "不向此客户推荐任何产品：客户要求勿扰。"
