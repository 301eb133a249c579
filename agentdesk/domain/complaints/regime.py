"""Which regime and complaint type a complaint follows: from the customer's jurisdiction and
the category, as the rule packs map them, or overridden by a person who says why.

The suggestion is kept beside the choice, so the activity log and a compliance officer can see
both when they differ. Pure: the packs are passed in (``agentdesk.complaint_rules.load_packs``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from agentdesk.domain.complaints.rules import RulePack
from agentdesk.domain.errors import FieldIssue, InvalidValue

__all__ = ["RegimeChoice", "RegimeOverride", "choose_regime", "suggest_regime"]


@dataclass(frozen=True)
class RegimeOverride:
    """A person's choice over the suggestion; a part left None keeps the suggested one."""

    reason: str
    regime: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class RegimeChoice:
    regime: str
    type: str
    suggested_regime: str | None  # None: no pack covers the customer's jurisdiction
    suggested_type: str | None
    override_reason: str | None = None

    @property
    def overridden(self) -> bool:
        return (self.regime, self.type) != (self.suggested_regime, self.suggested_type)


def _invalid(code: str, field: str, message: str) -> InvalidValue:
    return InvalidValue(f"complaint.{code}", message, fields=[FieldIssue(field, message)])


def _type_for(pack: RulePack, category: str) -> str:
    return pack.category_types.get(category, pack.default_type)


def suggest_regime(
    packs: Mapping[str, RulePack], jurisdiction: str, category: str
) -> tuple[str, str] | None:
    """The (regime, type) the packs give a customer of ``jurisdiction`` (ISO 3166-1 alpha-2)
    complaining about ``category``, or None when no pack covers that jurisdiction."""
    code = jurisdiction.strip().upper()
    for regime, pack in packs.items():
        if code in pack.jurisdictions:
            return regime, _type_for(pack, category)
    return None


def choose_regime(
    packs: Mapping[str, RulePack],
    jurisdiction: str,
    category: str,
    override: RegimeOverride | None = None,
) -> RegimeChoice:
    """The regime and type of a new complaint; refuses an override without a reason, an
    unknown regime or type, and a jurisdiction no pack covers when nothing is overridden."""
    suggested = suggest_regime(packs, jurisdiction, category)
    suggested_regime, suggested_type = suggested or (None, None)
    if override is None:
        if suggested_regime is None or suggested_type is None:
            covered = sorted(code for pack in packs.values() for code in pack.jurisdictions)
            raise _invalid(
                "no_regime_for_jurisdiction",
                "jurisdiction",
                f"no regime covers customers of {jurisdiction!r} (covered: {', '.join(covered)}); "
                "choose the regime, with the reason",
            )
        return RegimeChoice(suggested_regime, suggested_type, suggested_regime, suggested_type)

    if not override.reason.strip():
        raise _invalid(
            "override_without_reason",
            "override.reason",
            "say why the complaint does not follow the suggested regime and type",
        )
    regime = override.regime or suggested_regime
    if regime is None:
        raise _invalid(
            "unknown_regime",
            "override.regime",
            f"no regime covers customers of {jurisdiction!r}: choose one of "
            f"{', '.join(sorted(packs))}",
        )
    pack = packs.get(regime)
    if pack is None:
        raise _invalid(
            "unknown_regime",
            "override.regime",
            f"no regime {regime!r}; known: {', '.join(sorted(packs))}",
        )
    type_name = override.type or _type_for(pack, category)
    if type_name not in pack.types:
        raise _invalid(
            "unknown_type",
            "override.type",
            f"no complaint type {type_name!r} in {regime}; known: {', '.join(sorted(pack.types))}",
        )
    return RegimeChoice(
        regime, type_name, suggested_regime, suggested_type, override.reason.strip()
    )
