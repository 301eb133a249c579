"""The customer rules file: the shipped one loads and agrees with the rules' defaults; a bad
one fails at load naming the file, the line and the reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from agentdesk.customer_rules import (
    CustomerRulesError,
    load_customer_rules,
    load_rules_file,
    parse_customer_rules,
    shelf_codes,
)
from agentdesk.domain.care_rules import CareParameters, CareReason, CareRule, CareTask
from agentdesk.domain.offer_ranking import OfferRules
from agentdesk.domain.segments import SegmentRules
from agentdesk.domain.tiers import ContributionThresholds, Tier, TierThresholds

FIXTURES = Path(__file__).parent / "customer_rules_fixtures"


def test_the_shipped_rules_are_the_rules_defaults() -> None:
    rules = load_customer_rules()
    assert rules.tier_thresholds() == TierThresholds()
    assert rules.contribution_thresholds() == ContributionThresholds()
    assert rules.segment_rules() == SegmentRules()
    assert rules.care_parameters() == CareParameters()
    offers, defaults = rules.offer_rules(), OfferRules()
    assert (offers.product_mix_gap, offers.maturing_soon, offers.segment_match) == (
        defaults.product_mix_gap,
        defaults.maturing_soon,
        defaults.segment_match,
    )
    assert offers.min_tier_by_product["WM-R5-003"] is Tier.PLATINUM
    assert "fund" in offers.segment_kinds["risk:growth"]


def test_a_care_task_reads_in_both_languages_with_its_figures() -> None:
    task = CareTask(
        CareRule.HOLDING_LOSS,
        7,
        "h1:1",
        date(2026, 12, 6),
        "RM0101",
        CareReason.HOLDING_DOWN,
        {
            "product": "CSI 300",
            "product_code": "WM-R3-002",
            "cost": Decimal("100000.00"),
            "value": Decimal("85000.00"),
            "loss": Decimal("15000.00"),
            "loss_pct": Decimal("15.0"),
            "threshold_pct": Decimal(10),
        },
    )
    rules = load_customer_rules()
    assert rules.care_text(task, "en") == (
        "CSI 300 is down 15.0% (cost 100000.00, value 85000.00; threshold 10%)"
    )
    assert "浮亏 15.0%" in rules.care_text(task, "zh_CN")


def marked_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if "# wrong" in line)


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("negative_threshold.yaml", "tiers.contribution.gold: Input should be greater than 0"),
        ("not_rising.yaml", "tiers.aum.platinum: must rise: gold 500000 is not below platinum"),
        (
            "percent_over_100.yaml",
            "care.holding_loss_pct: Input should be less than or equal to 100",
        ),
        ("dormant_before_at_risk.yaml", "must rise: at_risk_inactive_days 400 is not below"),
        ("unknown_figure.yaml", "texts.holding_down.zh_CN: no figure fund for holding_down"),
        ("unknown_product.yaml", "no product 'WM-R9-999' on the shelf"),
        ("unknown_key.yaml", "care.courtesy_days_befor: Extra inputs are not permitted"),
        ("unknown_tier.yaml", "care.courtesy_tiers.0: Input should be 'mass'"),
        ("missing_text.yaml", "texts: no text for birthday_coming"),
    ],
)
def test_bad_rules_fail_at_load_naming_file_line_and_reason(fixture: str, reason: str) -> None:
    path = FIXTURES / fixture
    with pytest.raises(CustomerRulesError) as raised:
        load_rules_file(path, product_codes=shelf_codes())
    expected = f"{path}:{marked_line(path)}: "
    assert any(p.startswith(expected) and reason in p for p in raised.value.problems), (
        raised.value.problems
    )


def test_a_file_that_is_not_yaml_fails_naming_the_line() -> None:
    path = FIXTURES / "not_yaml.yaml"
    with pytest.raises(CustomerRulesError, match=rf"^{path}:\d+: not valid YAML"):
        load_rules_file(path)


def test_a_file_that_is_not_a_mapping_fails() -> None:
    with pytest.raises(CustomerRulesError, match=r"^rules.yaml:1: the customer rules are one"):
        parse_customer_rules("- a list\n", "rules.yaml")


def test_a_missing_file_fails_naming_it(tmp_path: Path) -> None:
    with pytest.raises(CustomerRulesError, match="cannot be read"):
        load_rules_file(tmp_path / "customer_rules.yaml")
