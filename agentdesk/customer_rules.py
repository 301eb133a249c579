"""The customer rules on disk: ``resources/customer_rules.yaml``, checked.

The file reading for the pure rules of :mod:`agentdesk.domain.tiers`, ``segments``,
``care_rules`` and ``offer_ranking`` (which do no I/O): the YAML's schema as pydantic models,
and the domain's parameters built from them. A file with a threshold out of range (negative,
not rising, a percentage over 100, an unknown tier or product kind, a task text naming a figure
its reason does not carry …) fails at load with the file, the line and the reason, located in
the YAML the way flow files are (:func:`agentdesk.flows.source.line_at`).
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from agentdesk.domain.care_rules import REASON_FIGURES, CareParameters, CareReason, CareTask
from agentdesk.domain.customer_facts import HoldingKind
from agentdesk.domain.offer_ranking import OfferRules
from agentdesk.domain.risk import RiskProfile
from agentdesk.domain.segments import SegmentKind, SegmentRules
from agentdesk.domain.tiers import ContributionThresholds, Tier, TierThresholds
from agentdesk.flows.source import line_at
from agentdesk.resources import resource_path
from agentdesk.yaml_source import read_mapping

__all__ = [
    "CustomerRules",
    "CustomerRulesError",
    "Language",
    "load_customer_rules",
    "load_rules_file",
    "parse_customer_rules",
    "shelf_codes",
]

Language = Literal["en", "zh_CN"]
Days = Annotated[int, Field(ge=0, le=3660)]
Amount = Annotated[Decimal, Field(gt=0)]
Percent = Annotated[Decimal, Field(gt=0, le=100)]
Weight = Annotated[float, Field(ge=0, le=100)]
_SHELF_KINDS = frozenset(
    {HoldingKind.DEPOSIT, HoldingKind.WEALTH_MANAGEMENT, HoldingKind.FUND}
)  # the product shelf's kinds


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _must_rise(named: list[tuple[str, Decimal | int | None]]) -> None:
    given = [(name, value) for name, value in named if value is not None]
    for (low_name, low), (high_name, high) in zip(given, given[1:], strict=False):
        if low >= high:
            raise ValueError(f"must rise: {low_name} {low} is not below {high_name} {high}")


class AumTiers(_Strict):
    gold: Amount
    platinum: Amount
    private: Amount

    @model_validator(mode="after")
    def _rising(self) -> AumTiers:
        _must_rise([("gold", self.gold), ("platinum", self.platinum), ("private", self.private)])
        return self


class ContributionTiers(_Strict):
    gold: Amount | None = None
    platinum: Amount | None = None
    private: Amount | None = None

    @model_validator(mode="after")
    def _rising(self) -> ContributionTiers:
        _must_rise([("gold", self.gold), ("platinum", self.platinum), ("private", self.private)])
        return self


class Tiers(_Strict):
    aum: AumTiers
    contribution: ContributionTiers


class EChannel(_Strict):
    window_days: Annotated[int, Field(gt=0, le=3660)]
    medium_days: Annotated[int, Field(gt=0)]
    high_days: Annotated[int, Field(gt=0)]

    @model_validator(mode="after")
    def _rising(self) -> EChannel:
        _must_rise([("medium_days", self.medium_days), ("high_days", self.high_days)])
        if self.high_days > self.window_days:
            raise ValueError(
                f"high_days {self.high_days} is more days than the window's {self.window_days}"
            )
        return self


class Activity(_Strict):
    at_risk_inactive_days: Annotated[int, Field(gt=0, le=3660)]
    dormant_inactive_days: Annotated[int, Field(gt=0, le=3660)]
    at_risk_aum_drop_pct: Percent

    @model_validator(mode="after")
    def _rising(self) -> Activity:
        _must_rise(
            [
                ("at_risk_inactive_days", self.at_risk_inactive_days),
                ("dormant_inactive_days", self.dormant_inactive_days),
            ]
        )
        return self


class Segments(_Strict):
    age_band_starts: Annotated[list[Annotated[int, Field(ge=0, le=120)]], Field(min_length=1)]
    life_stages: Annotated[dict[str, Annotated[int, Field(ge=0, le=120)]], Field(min_length=1)]
    mortgage_stage: str
    e_channel: EChannel
    risk_appetite: dict[RiskProfile, str]
    activity: Activity

    @field_validator("age_band_starts")
    @classmethod
    def _ages_rise(cls, starts: list[int]) -> list[int]:
        _must_rise([("age", age) for age in starts])
        return starts

    @field_validator("life_stages")
    @classmethod
    def _stages_rise(cls, stages: dict[str, int]) -> dict[str, int]:
        _must_rise(list(stages.items()))
        return stages

    @field_validator("risk_appetite")
    @classmethod
    def _every_profile(cls, appetite: dict[RiskProfile, str]) -> dict[RiskProfile, str]:
        missing = [p.value for p in RiskProfile if p not in appetite]
        if missing:
            raise ValueError(f"no appetite for {', '.join(missing)}")
        return appetite

    @model_validator(mode="after")
    def _mortgage_stage_known(self) -> Segments:
        if self.mortgage_stage not in self.life_stages:
            raise ValueError(
                f"mortgage_stage {self.mortgage_stage!r} is not one of the life stages: "
                + ", ".join(self.life_stages)
            )
        return self


class Care(_Strict):
    holding_loss_pct: Percent = Decimal(10)
    confirmation_after_days: Days
    confirmation_window_days: Days
    courtesy_days_before: Days
    courtesy_tiers: list[Tier]
    courtesy_needs_marketing_consent: bool = True
    reassessment_lead_days: Days
    care_queue: Annotated[str, Field(min_length=1, max_length=64)]


class Weights(_Strict):
    product_mix_gap: Weight
    maturing_soon: Weight
    segment_match: Weight
    not_now_penalty: Weight


class MinTier(_Strict):
    by_kind: dict[HoldingKind, Tier] = {}
    by_product: dict[str, Tier] = {}

    @field_validator("by_kind")
    @classmethod
    def _shelf_kinds(cls, by_kind: dict[HoldingKind, Tier]) -> dict[HoldingKind, Tier]:
        strange = sorted(k.value for k in by_kind if k not in _SHELF_KINDS)
        if strange:
            raise ValueError(
                f"{', '.join(strange)} is no product shelf kind; known: "
                + ", ".join(sorted(_SHELF_KINDS))
            )
        return by_kind


class Offers(_Strict):
    weights: Weights
    maturing_within_days: Days
    declined_days: Days
    accepted_days: Days
    not_now_days: Days
    min_tier: MinTier = MinTier()
    segment_kinds: dict[str, list[HoldingKind]] = {}

    @field_validator("segment_kinds")
    @classmethod
    def _segments_and_kinds(
        cls, segment_kinds: dict[str, list[HoldingKind]]
    ) -> dict[str, list[HoldingKind]]:
        kinds = {k.value for k in SegmentKind}
        for code, favoured in segment_kinds.items():
            kind, _, value = code.partition(":")
            if kind not in kinds or not value:
                raise ValueError(
                    f"{code!r} is not kind:value with a kind of " + ", ".join(sorted(kinds))
                )
            strange = sorted(k.value for k in favoured if k not in _SHELF_KINDS)
            if strange:
                raise ValueError(f"{code}: {', '.join(strange)} is no product shelf kind")
        return segment_kinds


class Text(_Strict):
    en: Annotated[str, Field(min_length=1)]
    zh_CN: Annotated[str, Field(min_length=1)]


class CustomerRules(_Strict):
    """The whole file; the domain's parameters are built by the methods below."""

    version: Annotated[str, Field(min_length=1)]
    assessment_valid_days: Annotated[int, Field(gt=0, le=3660)] = 365
    tiers: Tiers
    segments: Segments
    care: Care
    offers: Offers
    texts: dict[CareReason, Text]

    @field_validator("texts")
    @classmethod
    def _every_reason_has_its_texts(cls, texts: dict[CareReason, Text]) -> dict[CareReason, Text]:
        missing = [r.value for r in CareReason if r not in texts]
        if missing:
            raise ValueError(f"no text for {', '.join(missing)}")
        return texts

    def tier_thresholds(self) -> TierThresholds:
        aum = self.tiers.aum
        return TierThresholds(gold=aum.gold, platinum=aum.platinum, private=aum.private)

    def contribution_thresholds(self) -> ContributionThresholds:
        c = self.tiers.contribution
        return ContributionThresholds(gold=c.gold, platinum=c.platinum, private=c.private)

    def segment_rules(self) -> SegmentRules:
        s = self.segments
        return SegmentRules(
            age_band_starts=tuple(s.age_band_starts),
            life_stages=tuple(s.life_stages.items()),
            mortgage_stage=s.mortgage_stage,
            e_channel_window_days=s.e_channel.window_days,
            e_channel_medium_days=s.e_channel.medium_days,
            e_channel_high_days=s.e_channel.high_days,
            appetite=dict(s.risk_appetite),
            assessment_valid_days=self.assessment_valid_days,
            at_risk_inactive_days=s.activity.at_risk_inactive_days,
            dormant_inactive_days=s.activity.dormant_inactive_days,
            at_risk_aum_drop_pct=s.activity.at_risk_aum_drop_pct,
        )

    def care_parameters(self) -> CareParameters:
        c = self.care
        return CareParameters(
            holding_loss_pct=c.holding_loss_pct,
            confirmation_after_days=c.confirmation_after_days,
            confirmation_window_days=c.confirmation_window_days,
            courtesy_days_before=c.courtesy_days_before,
            courtesy_tiers=frozenset(c.courtesy_tiers),
            courtesy_needs_marketing_consent=c.courtesy_needs_marketing_consent,
            reassessment_lead_days=c.reassessment_lead_days,
            assessment_valid_days=self.assessment_valid_days,
            care_queue=c.care_queue,
        )

    def offer_rules(self) -> OfferRules:
        o = self.offers
        return OfferRules(
            product_mix_gap=o.weights.product_mix_gap,
            maturing_soon=o.weights.maturing_soon,
            segment_match=o.weights.segment_match,
            not_now_penalty=o.weights.not_now_penalty,
            maturing_within_days=o.maturing_within_days,
            declined_days=o.declined_days,
            not_now_days=o.not_now_days,
            accepted_days=o.accepted_days,
            assessment_valid_days=self.assessment_valid_days,
            min_tier_by_kind={k.value: t for k, t in o.min_tier.by_kind.items()},
            min_tier_by_product=dict(o.min_tier.by_product),
            segment_kinds={
                code: frozenset(k.value for k in kinds) for code, kinds in o.segment_kinds.items()
            },
        )

    def care_text(self, task: CareTask, language: Language) -> str:
        """The task's text in ``language``, its figures filled in."""
        text = self.texts[task.reason]
        template = text.zh_CN if language == "zh_CN" else text.en
        return template.format_map({name: str(value) for name, value in task.figures.items()})


_NOT_BELOW = re.compile(r"is not below (\w+) ")


class CustomerRulesError(ValueError):
    """Customer rules that cannot be used: ``file:line: reason`` for each problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _text_problems(tree: yaml.Node, data: dict[str, object], file: str) -> list[str]:
    """A text naming a figure its reason does not carry would fail when a task is shown: it
    fails here instead."""
    problems = []
    texts = data.get("texts")
    if not isinstance(texts, dict):
        return []
    for reason, by_language in texts.items():
        if reason not in {r.value for r in CareReason} or not isinstance(by_language, dict):
            continue
        known = REASON_FIGURES[CareReason(reason)]
        for language, template in by_language.items():
            if not isinstance(template, str):
                continue
            where = ["texts", str(reason), str(language)]
            try:
                names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            except ValueError as err:
                problems.append(f"{file}:{line_at(tree, where)}: {'.'.join(where)}: {err}")
                continue
            unknown = sorted(names - known)
            if unknown:
                problems.append(
                    f"{file}:{line_at(tree, where)}: {'.'.join(where)}: no figure "
                    f"{', '.join(unknown)} for {reason}; known: {', '.join(sorted(known))}"
                )
    return problems


def _unknown_products(
    tree: yaml.Node, rules: CustomerRules, file: str, product_codes: Collection[str]
) -> list[str]:
    return [
        f"{file}:{line_at(tree, ['offers', 'min_tier', 'by_product', code])}: "
        f"offers.min_tier.by_product.{code}: no product {code!r} on the shelf"
        for code in rules.offers.min_tier.by_product
        if code not in product_codes
    ]


def parse_customer_rules(
    text: str, file: str, *, product_codes: Collection[str] | None = None
) -> CustomerRules:
    """Parse the rules' text (``file`` only names it in the problems); with ``product_codes``
    (the shelf's), a product the rules name must be one of them."""
    data, tree = read_mapping(text, file, "the customer rules are one mapping", CustomerRulesError)
    problems: list[str] = []
    rules: CustomerRules | None = None
    try:
        rules = CustomerRules.model_validate(data)
    except ValidationError as err:
        for problem in err.errors(include_url=False, include_input=False):
            location = [str(part) for part in problem["loc"]]
            message = problem["msg"].removeprefix("Value error, ")
            higher = _NOT_BELOW.search(message)
            if higher:  # "must rise": the line of the value that should be higher
                location.append(higher.group(1))
            where = ".".join(location) or "rules"
            problems.append(f"{file}:{line_at(tree, location)}: {where}: {message}")
    problems += _text_problems(tree, data, file)
    if rules is not None and product_codes is not None:
        problems += _unknown_products(tree, rules, file, product_codes)
    if problems or rules is None:
        raise CustomerRulesError(problems)
    return rules


def load_rules_file(path: Path, *, product_codes: Collection[str] | None = None) -> CustomerRules:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CustomerRulesError([f"{path}:1: cannot be read: {err}"]) from None
    return parse_customer_rules(text, str(path), product_codes=product_codes)


def shelf_codes() -> frozenset[str]:
    """The product codes of the shipped shelf (``resources/reference/products.yaml``)."""
    data = yaml.safe_load(resource_path("reference", "products.yaml").read_text(encoding="utf-8"))
    return frozenset(str(product["code"]) for product in data["products"])


@cache
def load_customer_rules() -> CustomerRules:
    """The shipped rules (``resources/customer_rules.yaml``), checked against the shipped
    product shelf."""
    return load_rules_file(resource_path("customer_rules.yaml"), product_codes=shelf_codes())
