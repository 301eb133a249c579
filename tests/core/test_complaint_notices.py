"""Every regime's acknowledgement, holding and final notices render in Chinese and English with
what its regulator requires them to say; a template without it never loads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from agentdesk.complaint_notices import (
    NoticeTemplateError,
    load_file,
    load_templates,
    render_notice,
)
from agentdesk.complaint_rules import regimes
from agentdesk.domain.complaints.notices import (
    LANGUAGES,
    NOTICE_KINDS,
    Language,
    NoticeFacts,
    NoticeKind,
)
from agentdesk.domain.errors import InvalidValue

FIXTURES = Path(__file__).parent / "complaint_notice_fixtures"

FACTS = NoticeFacts(
    customer_name="张伟 Zhang Wei",
    reference="CMP-2026-000123",
    received=date(2026, 3, 2),
    due=date(2026, 3, 17),
    category_label="Fees and charges",
    resolution="We refund the annual fee of 200.00 and have corrected the fee disclosure.",
)

# Written out here, apart from the rules in notices.py, so that weakening those rules fails
# this test too.
MUST_SAY: dict[tuple[str, NoticeKind, Language], tuple[str, ...]] = {
    ("uk", "final", "en"): (
        "Financial Ombudsman Service",
        "0800 023 4567",
        "financial-ombudsman.org.uk",
        "six months",
    ),
    ("uk", "final", "zh_CN"): (
        "Financial Ombudsman Service",
        "0800 023 4567",
        "financial-ombudsman.org.uk",
        "六个月",
    ),
    ("uk", "holding", "en"): (
        "Financial Ombudsman Service",
        "0800 023 4567",
        "financial-ombudsman.org.uk",
        "six months",
    ),
    ("uk", "holding", "zh_CN"): (
        "Financial Ombudsman Service",
        "0800 023 4567",
        "financial-ombudsman.org.uk",
        "六个月",
    ),
    ("cn", "final", "zh_CN"): (FACTS.resolution, "核查", "调解", "12378"),
    ("cn", "final", "en"): (FACTS.resolution, "review", "mediation", "12378"),
    ("cn", "holding", "zh_CN"): ("2026年3月17日",),
    ("cn", "holding", "en"): ("17 March 2026",),
    ("us", "final", "en"): (FACTS.resolution, "CFPB", "consumerfinance.gov/complaint"),
    ("us", "final", "zh_CN"): (
        FACTS.resolution,
        "消费者金融保护局",
        "consumerfinance.gov/complaint",
    ),
    ("us", "holding", "en"): ("CFPB", "consumerfinance.gov/complaint", "17 March 2026"),
    ("us", "holding", "zh_CN"): ("消费者金融保护局", "consumerfinance.gov/complaint"),
}

EVERY = [(r, k, lang) for r in regimes() for k in NOTICE_KINDS for lang in LANGUAGES]


def test_every_regime_has_every_notice() -> None:
    assert sorted(load_templates()) == sorted((r, k) for r in regimes() for k in NOTICE_KINDS)


@pytest.mark.parametrize(("regime", "kind", "language"), EVERY)
def test_each_notice_renders_with_the_facts_and_its_mandatory_content(
    regime: str, kind: NoticeKind, language: Language
) -> None:
    notice = render_notice(regime, kind, language, FACTS)
    assert notice.mandatory_ok and notice.missing == ()
    assert FACTS.reference in notice.subject
    assert FACTS.customer_name in notice.body
    assert FACTS.reference in notice.body
    received = "2026年3月2日" if language == "zh_CN" else "2 March 2026"
    assert received in notice.body
    assert "{" not in notice.body and "}" not in notice.body  # nothing left unrendered
    for phrase in MUST_SAY.get((regime, kind, language), ()):
        assert phrase in notice.body, phrase


@pytest.mark.parametrize("regime", ["cn", "uk", "us"])
def test_a_chinese_notice_is_written_in_chinese(regime: str) -> None:
    notice = render_notice(regime, "acknowledgement", "zh_CN", FACTS)
    assert "尊敬的" in notice.body and "Dear" not in notice.body


def test_a_final_notice_without_a_decision_is_not_fit_to_send() -> None:
    undecided = NoticeFacts(
        FACTS.customer_name, FACTS.reference, FACTS.received, FACTS.due, "收费", resolution=""
    )
    notice = render_notice("cn", "final", "zh_CN", undecided)
    assert not notice.mandatory_ok
    assert notice.missing == ("the decision",)


def test_a_value_from_a_customer_is_text_not_template() -> None:
    sly = NoticeFacts("{reference.__class__}", "R-1", FACTS.received, FACTS.due, "Fees")
    notice = render_notice("uk", "acknowledgement", "en", sly)
    assert "Dear {reference.__class__}," in notice.body


def test_an_unknown_notice_or_language_is_refused() -> None:
    with pytest.raises(InvalidValue, match="no final notice for regime 'fr'") as caught:
        render_notice("fr", "final", "en", FACTS)
    assert caught.value.code == "complaint.unknown_notice"
    with pytest.raises(InvalidValue, match="no notices in 'de'"):
        render_notice("uk", "final", "de", FACTS)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fixture", "line", "reason"),
    [
        (
            "missing_content/uk/final.yaml",
            6,
            "en.body: the uk final notice must give the Financial Ombudsman Service's "
            "telephone; the six-month window",
        ),
        (
            "hidden_behind_condition/cn/final.yaml",
            7,
            "zh_CN.body: the cn final notice must give the right to ask for a review (核查); "
            "mediation (调解); the regulator's hotline 12378",
        ),
        ("bad_syntax/us/holding.yaml", 8, "en.body: Unexpected end of template"),
        ("unknown_variable/cn/acknowledgement.yaml", 5, "zh_CN.body: no notice provides customer;"),
        ("misplaced/uk/final.yaml", 1, "a cn final notice in uk/final.yaml"),
    ],
)
def test_a_broken_template_fails_at_load_naming_file_line_and_reason(
    fixture: str, line: int, reason: str
) -> None:
    path = FIXTURES / fixture
    with pytest.raises(NoticeTemplateError) as caught:
        load_file(path)
    (problem,) = caught.value.problems
    assert problem.startswith(f"{path}:{line}: ")
    assert reason in problem


def test_a_template_missing_a_language_fails_at_load(tmp_path: Path) -> None:
    shipped = load_templates()[("us", "acknowledgement")]
    folder = tmp_path / "us"
    folder.mkdir()
    path = folder / "acknowledgement.yaml"
    path.write_text(
        f"regime: us\nkind: acknowledgement\nen:\n  subject: '{shipped.en.subject}'\n"
        "  body: Dear {customer_name}\n",
        encoding="utf-8",
    )
    with pytest.raises(NoticeTemplateError, match=r"acknowledgement.yaml:1: zh_CN: Field required"):
        load_file(path)
