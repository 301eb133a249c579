"""Letters to the complainant: acknowledgement, holding and final notices, and what each
regime requires them to say.

Templates are configuration (``resources/complaint_notices/<regime>/<kind>.yaml``, read by
``agentdesk.complaint_notices``) rendered in the flows' sandbox. The mandatory content is here,
in code, not beside the template: whoever edits a letter cannot drop what a regulator requires
by editing the same file. A template that leaves it out fails to load; a rendered notice says
whether it carries it. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from jinja2 import meta
from pydantic import BaseModel, ConfigDict, Field

from agentdesk.domain.errors import FieldIssue, InvalidValue
from agentdesk.flows.sandbox import ENVIRONMENT

__all__ = [
    "LANGUAGES",
    "MANDATORY",
    "NOTICE_KINDS",
    "VARIABLES",
    "Language",
    "Notice",
    "NoticeFacts",
    "NoticeKind",
    "NoticeTemplate",
    "NoticeText",
    "Requirement",
    "missing_content",
    "render",
    "unknown_variables",
]

NoticeKind = Literal["acknowledgement", "holding", "final"]
NOTICE_KINDS: tuple[NoticeKind, ...] = get_args(NoticeKind)
Language = Literal["zh_CN", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

# What a template may use: single braces, as in flows (``{customer_name}``).
VARIABLES = frozenset({"customer_name", "reference", "received", "due", "category", "resolution"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NoticeText(_Strict):
    subject: str = Field(min_length=1)
    body: str = Field(min_length=1)


class NoticeTemplate(_Strict):
    """One regime's notice of one kind, in each language the bank writes to customers in."""

    regime: str = Field(pattern=r"^[a-z]{2}$")
    kind: NoticeKind
    en: NoticeText
    zh_CN: NoticeText

    def text(self, language: Language) -> NoticeText:
        return self.en if language == "en" else self.zh_CN


@dataclass(frozen=True)
class NoticeFacts:
    customer_name: str
    reference: str
    received: date
    due: date  # from the clock: the step the notice answers or announces
    category_label: str  # in the notice's language
    resolution: str = ""  # the decision, for a final notice


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str
    mandatory_ok: bool
    missing: tuple[str, ...] = ()  # the mandatory content it lacks, named


@dataclass(frozen=True)
class Requirement:
    """Content a notice must carry: one of ``any_of`` (case-insensitive), or the value of the
    fact ``fact`` (the decision itself, say)."""

    what: str
    any_of: tuple[str, ...] = ()
    fact: Literal["resolution", "due"] | None = None


_FOS = Requirement("the Financial Ombudsman Service", ("Financial Ombudsman Service",))
_FOS_PHONE = Requirement("the Financial Ombudsman Service's telephone", ("0800 023 4567",))
_FOS_WEB = Requirement("the Financial Ombudsman Service's website", ("financial-ombudsman.org.uk",))
_UK = (_FOS, _FOS_PHONE, _FOS_WEB)
_CN_DECISION = Requirement("the decision", fact="resolution")
_CN_HOTLINE = Requirement("the regulator's hotline 12378", ("12378",))
_US_PORTAL = Requirement("the CFPB's complaint portal", ("consumerfinance.gov/complaint",))

MANDATORY: dict[tuple[str, NoticeKind], dict[Language, tuple[Requirement, ...]]] = {
    ("uk", "holding"): {
        "en": (*_UK, Requirement("the six-month window", ("six months", "6 months"))),
        "zh_CN": (*_UK, Requirement("the six-month window", ("六个月", "6个月"))),
    },
    ("uk", "final"): {
        "en": (*_UK, Requirement("the six-month window", ("six months", "6 months"))),
        "zh_CN": (*_UK, Requirement("the six-month window", ("六个月", "6个月"))),
    },
    ("cn", "holding"): {
        "en": (Requirement("the new deadline", fact="due"),),
        "zh_CN": (Requirement("the new deadline", fact="due"),),
    },
    ("cn", "final"): {
        "en": (
            _CN_DECISION,
            Requirement("the right to ask for a review", ("review",)),
            Requirement("mediation", ("mediation",)),
            _CN_HOTLINE,
        ),
        "zh_CN": (
            _CN_DECISION,
            Requirement("the right to ask for a review (核查)", ("核查",)),
            Requirement("mediation (调解)", ("调解",)),
            _CN_HOTLINE,
        ),
    },
    ("us", "holding"): {
        "en": (Requirement("the CFPB", ("Consumer Financial Protection Bureau",)), _US_PORTAL),
        "zh_CN": (Requirement("the CFPB", ("消费者金融保护局",)), _US_PORTAL),
    },
    ("us", "final"): {
        "en": (Requirement("the CFPB", ("Consumer Financial Protection Bureau",)), _US_PORTAL),
        "zh_CN": (Requirement("the CFPB", ("消费者金融保护局",)), _US_PORTAL),
    },
}


# Not strftime's %B: that follows the process's locale, and a letter in English must not
# switch its month names with the desk's.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _format_date(day: date, language: Language) -> str:
    if language == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _variables(facts: NoticeFacts, language: Language) -> dict[str, str]:
    return {
        "customer_name": facts.customer_name,
        "reference": facts.reference,
        "received": _format_date(facts.received, language),
        "due": _format_date(facts.due, language),
        "category": facts.category_label,
        "resolution": facts.resolution,
    }


def unknown_variables(source: str) -> set[str]:
    """Names a template reads that no notice provides; raises TemplateSyntaxError on bad
    syntax (with its line in ``source``)."""
    return meta.find_undeclared_variables(ENVIRONMENT.parse(source)) - VARIABLES


def missing_content(
    regime: str, kind: NoticeKind, language: Language, body: str, facts: NoticeFacts
) -> tuple[str, ...]:
    """What of the regime's mandatory content ``body`` (rendered) leaves out."""
    values = _variables(facts, language)
    folded = body.casefold()
    missing = []
    for requirement in MANDATORY.get((regime, kind), {}).get(language, ()):
        if requirement.fact is not None:
            value = values[requirement.fact].strip()
            present = bool(value) and value.casefold() in folded
        else:
            present = any(phrase.casefold() in folded for phrase in requirement.any_of)
        if not present:
            missing.append(requirement.what)
    return tuple(missing)


def render(template: NoticeTemplate, language: Language, facts: NoticeFacts) -> Notice:
    """The notice for ``facts``; ``mandatory_ok`` is False (and ``missing`` names what) when
    the rendered body lacks the regime's mandatory content."""
    if language not in LANGUAGES:
        message = f"no notices in {language!r}; known: {', '.join(LANGUAGES)}"
        raise InvalidValue(
            "complaint.unknown_language", message, fields=[FieldIssue("language", message)]
        )
    text = template.text(language)
    values = _variables(facts, language)
    subject = ENVIRONMENT.from_string(text.subject).render(values).strip()
    body = ENVIRONMENT.from_string(text.body).render(values)
    missing = missing_content(template.regime, template.kind, language, body, facts)
    return Notice(subject, body, not missing, missing)
