"""The 360 header's tier badge and segment chips say, on hover, which figure put the customer
there: the desk words what the domain decides at its thresholds (en and zh_CN)."""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QApplication

from agentdesk.domain.customer_facts import CustomerFacts, HoldingFact, HoldingKind
from agentdesk.domain.segments import Segment, SegmentRules, derive_segments
from agentdesk.domain.tiers import ContributionThresholds, TierDecision, tier_for
from agentdesk.services import SegmentInfo, TierReason
from tests.ui.conftest import make_profile
from tests.ui.test_my_tasks import shoot
from ui.customer.customer_header import CustomerHeaderPanel
from ui.kit.badge import BadgeWidget
from ui.kit.theme import apply_theme

TODAY = date(2026, 11, 1)


def _info(segment: Segment) -> SegmentInfo:
    # What the server puts on the customer record: figures as text.
    figures = {key: str(value) for key, value in segment.figures.items()}
    return SegmentInfo(
        code=segment.code,
        kind=str(segment.kind),
        value=segment.value,
        reason=str(segment.reason),
        figures=figures,
    )


def _reason(decision: TierDecision) -> TierReason:
    figure = decision.contribution if decision.basis == "contribution" else decision.aum
    return TierReason(
        basis=decision.basis.value,
        figure=figure,
        threshold=decision.threshold,
        next_tier=decision.next_tier,
        next_threshold=decision.next_threshold,
    )


def _header(qtbot: Any) -> CustomerHeaderPanel:
    if os.environ.get("CARE_SCREENSHOTS"):
        apply_theme(QApplication.instance(), "light")  # type: ignore[arg-type]
    header = CustomerHeaderPanel(today=lambda: TODAY)
    qtbot.addWidget(header)
    header.resize(980, header.sizeHint().height())
    header.show()
    return header


def _tier(header: CustomerHeaderPanel) -> BadgeWidget:
    badge = header.findChild(BadgeWidget, "tierBadge")
    assert badge is not None
    return badge


def _chips(qtbot: Any, header: CustomerHeaderPanel, count: int) -> dict[str, BadgeWidget]:
    qtbot.waitUntil(lambda: len(header.findChildren(BadgeWidget, "segmentChip")) == count)
    return {str(c.property("kind")): c for c in header.findChildren(BadgeWidget, "segmentChip")}


def _shoot(qtbot: Any, header: CustomerHeaderPanel, language: str) -> None:
    chips = header.findChildren(BadgeWidget)
    qtbot.waitUntil(lambda: all(c.isVisible() for c in chips))
    header.resize(980, header.sizeHint().height())
    qtbot.wait(50)  # the resized layout is applied on the next turn of the event loop
    shoot(header, "header", language)


def _profile_at_thresholds() -> Any:
    rules = SegmentRules()
    facts = CustomerFacts(
        customer_id=7,
        birth_date=date(1985, 11, 1),  # 41 today
        aum=Decimal("50000"),
        holdings=(HoldingFact(HoldingKind.DEPOSIT, "a1"), HoldingFact(HoldingKind.FUND, "f1")),
        last_activity_on=TODAY - timedelta(days=rules.at_risk_inactive_days),  # exactly at it
        e_channel_login_days=tuple(TODAY - timedelta(days=d) for d in range(20)),
    )
    segments = derive_segments(facts, TODAY, rules)
    # Yearly contribution exactly at gold's threshold makes gold, though AUM is mass.
    gold = ContributionThresholds().gold
    assert gold is not None
    decision = tier_for(Decimal("50000"), gold)
    return make_profile(
        tier=decision.tier,
        tier_reason=_reason(decision),
        segment_details=[_info(s) for s in segments],
    ), decision


def test_segment_chips_and_tier_say_why_at_the_thresholds(qtbot: Any) -> None:
    header = _header(qtbot)
    profile, decision = _profile_at_thresholds()
    header.show_profile(profile)
    chips = _chips(qtbot, header, len(profile.segment_details))

    assert chips["activity"].text() == "Activity: at risk of leaving"
    assert chips["activity"].toolTip() == "No activity for 90 days (from 90 days on)"
    assert chips["e-channel"].text() == "E-channel use: high"
    assert chips["e-channel"].toolTip() == (
        "Used mobile or online banking on 20 days of the last 90"
    )
    assert chips["age"].text() == "Age 35–44"
    assert chips["mix"].text() == "Product mix: deposits + wealth"
    assert chips["risk"].toolTip() == "No risk assessment on file"
    qtbot.waitUntil(lambda: all(c.isVisible() for c in chips.values()))

    tier = _tier(header)
    assert decision.basis == "contribution"
    assert tier.text() == "Gold"
    assert tier.toolTip().startswith("Yearly contribution ")
    assert "reaches the Gold threshold of" in tier.toolTip()
    assert "Platinum from" in tier.toolTip()
    _shoot(qtbot, header, "en")


def test_a_mass_customer_reads_below_every_threshold(qtbot: Any) -> None:
    header = _header(qtbot)
    decision = tier_for(Decimal("1000"), Decimal("10"))
    header.show_profile(make_profile(tier="mass", tier_reason=_reason(decision)))
    tip = _tier(header).toolTip()
    assert "is below every tier's threshold" in tip
    assert "Gold from" in tip


def test_an_older_record_without_details_shows_no_chips(qtbot: Any) -> None:
    header = _header(qtbot)
    header.show_profile(make_profile(tier="gold"))
    assert header.findChildren(BadgeWidget, "segmentChip") == []
    assert _tier(header).toolTip() == "Gold"


def test_chips_and_hover_in_chinese(qtbot: Any, chinese: None) -> None:
    header = _header(qtbot)
    profile, _ = _profile_at_thresholds()
    header.show_profile(profile)
    chips = _chips(qtbot, header, len(profile.segment_details))
    assert chips["activity"].text() == "活跃度：有流失风险"
    assert chips["activity"].toolTip() == "已 90 天无交易或接触（满 90 天即计入）"
    tip = _tier(header).toolTip()
    assert "年贡献度" in tip and "金卡" in tip
    _shoot(qtbot, header, "zh_CN")
