"""Rule packs load from resources/, and a broken pack fails naming the file, line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentdesk.complaint_rules import RulePackError, load_file, load_pack, regimes

FIXTURES = Path(__file__).parent / "complaint_rule_fixtures"


def test_the_shipped_regimes_load_with_their_types() -> None:
    assert regimes() == ["cn", "uk", "us"]
    assert list(load_pack("cn").types) == ["standard"]
    assert list(load_pack("uk").types) == ["standard", "payment-services"]
    assert list(load_pack("us").types) == ["cfpb", "reg-e", "reg-z"]


def test_every_rule_has_its_words_in_both_languages() -> None:
    for regime in regimes():
        for kind in load_pack(regime).types.values():
            for step in kind.steps:
                texts = [step.text, *(change.text for change in step.events.values())]
                assert all(t.en.strip() and t.zh_CN.strip() for t in texts)


@pytest.mark.parametrize(
    ("fixture", "line", "reason"),
    [
        ("zero_count.yaml", 14, "types.standard.steps.0.count: Input should be greater than 0"),
        ("bad_unit.yaml", 15, "types.standard.steps.0.unit: Input should be 'calendar_days'"),
        ("bad_yaml.yaml", 6, "not valid YAML"),
        ("over_maximum.yaml", 12, "count 50 is past the maximum 45"),
        ("bad_jurisdiction.yaml", 6, "not ISO 3166-1 alpha-2 country codes: China"),
        ("unknown_default_type.yaml", 20, "no complaint type standard in this pack; known: cfpb"),
        ("unknown_category.yaml", 23, "category_types.mortgages: no complaint category"),
    ],
)
def test_a_broken_pack_names_file_line_and_reason(fixture: str, line: int, reason: str) -> None:
    path = FIXTURES / fixture
    with pytest.raises(RulePackError) as caught:
        load_file(path)
    (problem,) = caught.value.problems
    assert problem.startswith(f"{path}:{line}: ")
    assert reason in problem


def test_a_pack_in_a_file_of_another_regime_is_refused(tmp_path: Path) -> None:
    misnamed = tmp_path / "uk.yaml"
    misnamed.write_text((FIXTURES / "over_maximum.yaml").read_text().replace("50", "5"))
    with pytest.raises(RulePackError, match=r"uk.yaml:1: regime 'om' in a file named uk.yaml"):
        load_file(misnamed)


def test_an_unknown_regime_is_refused() -> None:
    with pytest.raises(RulePackError, match="no rule pack for regime 'fr'; known: cn, uk, us"):
        load_pack("fr")
