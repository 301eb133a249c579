"""Customer segments (客户分群) derived from data: age band, life stage, product mix, e-channel
use, risk appetite and activity (active / at risk of leaving / dormant), each with its reason.

A segment's ``code`` is ``kind:value`` (``age:25-34``, ``mix:deposit+wealth``,
``activity:dormant``), the form the customer record's ``segments`` list already holds. The reason
is a code with its figures, never a sentence: the 360 header's hover translates it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from agentdesk.domain.customer_facts import CustomerFacts, HoldingKind, age_on
from agentdesk.domain.risk import RiskProfile, assessment_expired

__all__ = [
    "Segment",
    "SegmentKind",
    "SegmentReason",
    "SegmentRules",
    "derive_segments",
]


class SegmentKind(StrEnum):
    AGE_BAND = "age"
    LIFE_STAGE = "life"
    PRODUCT_MIX = "mix"
    E_CHANNEL = "e-channel"
    RISK_APPETITE = "risk"
    ACTIVITY = "activity"


class SegmentReason(StrEnum):
    AGE = "age"  # age
    MORTGAGE_HELD = "mortgage_held"  # age
    HOLDINGS = "holdings"  # kinds
    LOGIN_DAYS = "login_days"  # days, window_days
    RISK_PROFILE = "risk_profile"  # profile
    ASSESSMENT_EXPIRED = "assessment_expired"  # assessed_on
    ASSESSMENT_MISSING = "assessment_missing"
    ASSESSMENT_IN_FUTURE = "assessment_in_future"  # assessed_on: a bad date, never trusted
    INACTIVE_DAYS = "inactive_days"  # days, threshold_days
    NO_ACTIVITY = "no_activity"
    AUM_DROP = "aum_drop"  # drop_pct, threshold_pct, aum, aum_before
    RECENT_ACTIVITY = "recent_activity"  # days


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    value: str
    reason: SegmentReason
    figures: Mapping[str, object] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return f"{self.kind}:{self.value}"


_MIX_GROUPS = (  # the mix label's parts, in this order
    ("deposit", frozenset({HoldingKind.DEPOSIT})),
    ("wealth", frozenset({HoldingKind.WEALTH_MANAGEMENT, HoldingKind.FUND})),
    ("credit", frozenset({HoldingKind.CREDIT_CARD})),
    ("loan", frozenset({HoldingKind.LOAN, HoldingKind.MORTGAGE})),
)


@dataclass(frozen=True)
class SegmentRules:
    """Thresholds; the loader (``agentdesk.customer_rules``) checks them, defaults are the
    shipped configuration's."""

    age_band_starts: tuple[int, ...] = (18, 25, 35, 45, 55, 65)
    # (stage, lowest age), rising; a mortgage holder below ``family`` age is in ``family``.
    life_stages: tuple[tuple[str, int], ...] = (
        ("young_adult", 18),
        ("establishing", 25),
        ("family", 35),
        ("pre_retirement", 50),
        ("retired", 60),
    )
    mortgage_stage: str = "family"
    e_channel_window_days: int = 90
    e_channel_medium_days: int = 4  # login days in the window for "medium"
    e_channel_high_days: int = 20
    appetite: Mapping[RiskProfile, str] = field(
        default_factory=lambda: {
            RiskProfile.C1: "conservative",
            RiskProfile.C2: "conservative",
            RiskProfile.C3: "balanced",
            RiskProfile.C4: "growth",
            RiskProfile.C5: "growth",
        }
    )
    assessment_valid_days: int = 365
    at_risk_inactive_days: int = 90
    dormant_inactive_days: int = 365
    at_risk_aum_drop_pct: Decimal = Decimal(30)


def _age_band(age: int, starts: tuple[int, ...]) -> str:
    if age < starts[0]:
        return f"under-{starts[0]}"
    for low, high in zip(starts, starts[1:], strict=False):
        if low <= age < high:
            return f"{low}-{high - 1}"
    return f"{starts[-1]}+"


def _life_stage(age: int, facts: CustomerFacts, rules: SegmentRules) -> Segment:
    stage = next((s for s, low in reversed(rules.life_stages) if age >= low), "minor")
    ages = dict(rules.life_stages)
    mortgage_age = ages.get(rules.mortgage_stage)
    if (
        HoldingKind.MORTGAGE in facts.kinds_held
        and mortgage_age is not None
        and age < mortgage_age
        and age >= rules.life_stages[0][1]
    ):
        return Segment(
            SegmentKind.LIFE_STAGE, rules.mortgage_stage, SegmentReason.MORTGAGE_HELD, {"age": age}
        )
    return Segment(SegmentKind.LIFE_STAGE, stage, SegmentReason.AGE, {"age": age})


def _mix(facts: CustomerFacts) -> Segment:
    parts = [name for name, kinds in _MIX_GROUPS if kinds & facts.kinds_held]
    return Segment(
        SegmentKind.PRODUCT_MIX,
        "+".join(parts) or "none",
        SegmentReason.HOLDINGS,
        {"kinds": tuple(sorted(facts.kinds_held))},
    )


def _e_channel(facts: CustomerFacts, today: date, rules: SegmentRules) -> Segment:
    since = today - timedelta(days=rules.e_channel_window_days)
    days = len({d for d in facts.e_channel_login_days if since < d <= today})
    if days >= rules.e_channel_high_days:
        usage = "high"
    elif days >= rules.e_channel_medium_days:
        usage = "medium"
    else:
        usage = "low" if days else "none"
    figures = {"days": days, "window_days": rules.e_channel_window_days}
    return Segment(SegmentKind.E_CHANNEL, usage, SegmentReason.LOGIN_DAYS, figures)


def _appetite(facts: CustomerFacts, today: date, rules: SegmentRules) -> Segment:
    profile, assessed_on = facts.risk_profile, facts.risk_assessed_on
    if profile is None or assessed_on is None:
        return Segment(SegmentKind.RISK_APPETITE, "unknown", SegmentReason.ASSESSMENT_MISSING)
    if assessed_on > today:
        return Segment(
            SegmentKind.RISK_APPETITE,
            "unknown",
            SegmentReason.ASSESSMENT_IN_FUTURE,
            {"assessed_on": assessed_on},
        )
    if assessment_expired(assessed_on, today, valid_days=rules.assessment_valid_days):
        return Segment(
            SegmentKind.RISK_APPETITE,
            "unknown",
            SegmentReason.ASSESSMENT_EXPIRED,
            {"assessed_on": assessed_on},
        )
    return Segment(
        SegmentKind.RISK_APPETITE,
        rules.appetite[profile],
        SegmentReason.RISK_PROFILE,
        {"profile": profile},
    )


def _activity(facts: CustomerFacts, today: date, rules: SegmentRules) -> Segment:
    if facts.last_activity_on is None:
        return Segment(SegmentKind.ACTIVITY, "dormant", SegmentReason.NO_ACTIVITY)
    days = (today - facts.last_activity_on).days
    if days >= rules.dormant_inactive_days:
        return Segment(
            SegmentKind.ACTIVITY,
            "dormant",
            SegmentReason.INACTIVE_DAYS,
            {"days": days, "threshold_days": rules.dormant_inactive_days},
        )
    if days >= rules.at_risk_inactive_days:
        return Segment(
            SegmentKind.ACTIVITY,
            "at_risk",
            SegmentReason.INACTIVE_DAYS,
            {"days": days, "threshold_days": rules.at_risk_inactive_days},
        )
    before = facts.aum_a_quarter_ago
    if before is not None and before > 0:
        drop_pct = (before - facts.aum) * 100 / before
        if drop_pct >= rules.at_risk_aum_drop_pct:
            return Segment(
                SegmentKind.ACTIVITY,
                "at_risk",
                SegmentReason.AUM_DROP,
                {
                    "drop_pct": drop_pct.quantize(Decimal("0.1")),
                    "threshold_pct": rules.at_risk_aum_drop_pct,
                    "aum": facts.aum,
                    "aum_before": before,
                },
            )
    return Segment(SegmentKind.ACTIVITY, "active", SegmentReason.RECENT_ACTIVITY, {"days": days})


def derive_segments(
    facts: CustomerFacts, today: date, rules: SegmentRules | None = None
) -> tuple[Segment, ...]:
    """The customer's segments on ``today``, one per kind (age band and life stage only when
    the birth date is known)."""
    rules = rules or SegmentRules()
    found: list[Segment] = []
    if facts.birth_date is not None:
        age = age_on(facts.birth_date, today)
        band = _age_band(age, rules.age_band_starts)
        found.append(Segment(SegmentKind.AGE_BAND, band, SegmentReason.AGE, {"age": age}))
        found.append(_life_stage(age, facts, rules))
    found.append(_mix(facts))
    found.append(_e_channel(facts, today, rules))
    found.append(_appetite(facts, today, rules))
    found.append(_activity(facts, today, rules))
    return tuple(found)
