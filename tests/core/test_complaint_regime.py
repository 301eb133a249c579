"""A new complaint's regime and type follow the customer's jurisdiction and the category, as
the rule packs map them; a person may override them only by saying why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agentdesk.complaint_rules import RulePackError, load_dir, load_packs, rules_dir
from agentdesk.contract.tickets import ComplaintCategory
from agentdesk.domain.complaints.regime import RegimeOverride, choose_regime, suggest_regime
from agentdesk.domain.errors import InvalidValue


@pytest.mark.parametrize(
    ("jurisdiction", "category", "regime", "type_name"),
    [
        ("CN", "fraud_dispute", "cn", "standard"),
        ("CN", "wealth_mis_selling", "cn", "standard"),
        ("GB", "fraud_dispute", "uk", "payment-services"),
        ("GB", "cards", "uk", "payment-services"),
        ("GB", "loans", "uk", "standard"),
        ("US", "fraud_dispute", "us", "reg-e"),
        ("US", "cards", "us", "cfpb"),
        ("US", "service_attitude", "us", "cfpb"),
        ("gb", "fees", "uk", "standard"),  # as a form might send it
    ],
)
def test_the_regime_and_type_follow_jurisdiction_and_category(
    jurisdiction: str, category: str, regime: str, type_name: str
) -> None:
    choice = choose_regime(load_packs(), jurisdiction, category)
    assert (choice.regime, choice.type) == (regime, type_name)
    assert not choice.overridden
    assert choice.override_reason is None


def test_an_override_with_a_reason_is_kept_beside_the_suggestion() -> None:
    reason = "credit card billing error: Regulation Z, not a portal complaint"
    choice = choose_regime(load_packs(), "US", "cards", RegimeOverride(reason, type="reg-z"))
    assert (choice.regime, choice.type) == ("us", "reg-z")
    assert (choice.suggested_regime, choice.suggested_type) == ("us", "cfpb")
    assert choice.overridden
    assert choice.override_reason == reason


def test_overriding_the_regime_takes_that_regimes_type_for_the_category() -> None:
    override = RegimeOverride("account held at the London branch", regime="uk")
    choice = choose_regime(load_packs(), "CN", "fraud_dispute", override)
    assert (choice.regime, choice.type) == ("uk", "payment-services")
    assert choice.suggested_regime == "cn"


def test_a_customer_of_an_uncovered_jurisdiction_needs_a_chosen_regime() -> None:
    with pytest.raises(InvalidValue) as caught:
        choose_regime(load_packs(), "FR", "fees")
    assert caught.value.code == "complaint.no_regime_for_jurisdiction"
    assert "covered: CN, GB, US" in caught.value.detail
    choice = choose_regime(load_packs(), "FR", "fees", RegimeOverride("UK branch", regime="uk"))
    assert (choice.regime, choice.type) == ("uk", "standard")
    assert choice.suggested_regime is None and choice.overridden


@pytest.mark.parametrize(
    ("override", "code", "field"),
    [
        (RegimeOverride("", type="reg-z"), "complaint.override_without_reason", "override.reason"),
        (RegimeOverride("  ", regime="uk"), "complaint.override_without_reason", "override.reason"),
        (
            RegimeOverride("branch in Paris", regime="fr"),
            "complaint.unknown_regime",
            "override.regime",
        ),
        (RegimeOverride("CFPB portal", type="cfpb"), "complaint.unknown_type", "override.type"),
    ],
)
def test_a_bad_override_is_refused_naming_the_field(
    override: RegimeOverride, code: str, field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        choose_regime(load_packs(), "GB", "cards", override)
    assert caught.value.code == code
    assert [issue.field for issue in caught.value.fields] == [field]


def test_an_override_for_an_uncovered_jurisdiction_must_name_the_regime() -> None:
    with pytest.raises(InvalidValue) as caught:
        choose_regime(load_packs(), "FR", "fees", RegimeOverride("a reason", type="standard"))
    assert caught.value.code == "complaint.unknown_regime"


def test_every_category_of_the_taxonomy_gets_a_regime_in_every_covered_jurisdiction() -> None:
    packs = load_packs()
    for jurisdiction in ("CN", "GB", "US"):
        for category in ComplaintCategory:
            suggestion = suggest_regime(packs, jurisdiction, category)
            assert suggestion is not None
            regime, type_name = suggestion
            assert type_name in packs[regime].types


def test_a_jurisdiction_claimed_by_two_packs_fails_at_load(tmp_path: Path) -> None:
    for name in ("cn.yaml", "uk.yaml"):
        shutil.copy(rules_dir() / name, tmp_path / name)
    uk = tmp_path / "uk.yaml"
    uk.write_text(uk.read_text().replace("jurisdictions: [GB]", "jurisdictions: [GB, CN]"))
    with pytest.raises(RulePackError) as caught:
        load_dir(tmp_path)
    (problem,) = caught.value.problems
    line = uk.read_text().splitlines().index("jurisdictions: [GB, CN]") + 1
    assert problem == f"{uk}:{line}: jurisdictions: CN is also claimed by cn.yaml"
