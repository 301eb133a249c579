"""The customer header and profile panels render a profile (no server needed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from agentdesk.services import AppServices
from tests.ui.conftest import make_profile, visible_text
from ui.customer.customer_header import CustomerHeaderPanel
from ui.customer.customer_profile_panel import CustomerProfilePanel
from ui.kit.badge import BadgeWidget
from ui.kit.bridge import EventBridge


def _header(qtbot: Any, today: date) -> CustomerHeaderPanel:
    header = CustomerHeaderPanel(today=lambda: today)
    qtbot.addWidget(header)
    header.show()
    return header


def test_header_shows_tier_risk_age_alerts_and_masked_numbers(qtbot: Any) -> None:
    header = _header(qtbot, date(2026, 11, 1))
    header.show_profile(make_profile())
    text = visible_text(header)
    assert "张伟" in text and "620000000007" in text and "李娜 (RM0007)" in text
    assert "+86 138****5678" in text and "1101**********123X" in text
    tier = header.findChild(BadgeWidget, "tierBadge")
    assert tier is not None and tier.text() == "Gold" and tier.property("tier") == "gold"
    risk = header.findChild(BadgeWidget, "riskBadge")
    assert risk is not None and risk.text() == "C3 · assessed 8 month(s) ago"
    assert risk.property("expired") is False
    # Chips added to a visible header are shown on the next event loop turn (Qt's layout rule).
    qtbot.waitUntil(lambda: all(c.isVisible() for c in header.findChildren(BadgeWidget)))
    chips = header.findChildren(BadgeWidget, "alertChip")
    assert [c.text() for c in chips] == ["Fraud watch"]
    assert chips[0].toolTip() == "card skimmed 2026-09"


def test_an_expired_risk_assessment_says_so(qtbot: Any) -> None:
    header = _header(qtbot, date(2027, 6, 1))
    header.show_profile(make_profile(do_not_call=True, alerts=[]))
    risk = header.findChild(BadgeWidget, "riskBadge")
    assert risk is not None and risk.text() == "C3 · assessment expired"
    assert risk.property("expired") is True
    qtbot.waitUntil(lambda: len(header.findChildren(BadgeWidget, "alertChip")) == 1)
    assert header.findChildren(BadgeWidget, "alertChip")[0].text() == "Do not call"


def test_profile_tabs_count_interactions_and_tickets(
    qtbot: Any, make_services: Callable[..., AppServices]
) -> None:
    # Never signed in, nothing cached: the timeline is the recent interactions of the 360.
    services = make_services()
    bridge = EventBridge(services.bus)
    panel = CustomerProfilePanel(
        services.customers,
        services.verification,
        services.offers,
        bridge,
        tasks=services.tasks,
        calls=services.calls,
        flows=services.flows,
        today=lambda: date(2026, 11, 1),
    )
    qtbot.addWidget(panel)
    panel.show_profile(make_profile())
    assert [panel.tabs.tabText(i).replace("&", "") for i in range(panel.tabs.count())] == [
        "Holdings",
        "Interaction timeline (2)",
        "Open tickets (1)",
        "Tasks",
        "Offers",
    ]
    assert panel.holdings.wealth_model.rowCount() == 2
    assert "**** 7890" in visible_text(panel)
