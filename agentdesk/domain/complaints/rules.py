"""A complaint regime's rule pack, as configuration (``resources/complaint_rules/*.yaml``)."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from agentdesk.domain.complaints.calendars import CalendarName

__all__ = [
    "EVENT_KINDS",
    "EventKind",
    "EventRule",
    "RulePack",
    "Step",
    "Texts",
    "TypeRules",
    "Unit",
]

Unit = Literal["calendar_days", "business_days", "weeks"]
EventKind = Literal[
    "extended",
    "further-extended",
    "new-facts",
    "paused",
    "resumed",
    "in-progress",
    "provisional-credit",
]
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Strict):
    """A rule in words, in each language the desk speaks."""

    en: str = Field(min_length=1)
    zh_CN: str = Field(min_length=1)


class EventRule(_Strict):
    """What an event does to a step: ``add`` more of the step's unit, or ``set`` a new period."""

    add: int | None = Field(default=None, gt=0)
    count: int | None = Field(default=None, gt=0)
    unit: Unit | None = None
    # A second, approved extension only follows the first (the PRC's further 30 days).
    after: EventKind | None = None
    # The step's count this event may reach, when lower than the step's own maximum.
    maximum: int | None = Field(default=None, gt=0)
    id: str = Field(min_length=1)
    text: Texts

    @model_validator(mode="after")
    def _one_effect(self) -> EventRule:
        if (self.add is None) == (self.count is None):
            raise ValueError("an event rule either adds (add) or sets (count + unit)")
        if self.count is not None and self.unit is None:
            raise ValueError("a set period needs its unit")
        return self


class Step(_Strict):
    step: str = Field(min_length=1)
    id: str = Field(min_length=1)
    count: int = Field(gt=0)
    unit: Unit
    start: Literal["received", "new-facts"] = "received"
    roll: Literal["forward", "none"] = "none"
    requires: EventKind | None = None
    maximum: int | None = Field(default=None, gt=0)
    events: dict[EventKind, EventRule] = Field(default_factory=dict)
    text: Texts

    @model_validator(mode="after")
    def _within_maximum(self) -> Step:
        if self.maximum is not None and self.count > self.maximum:
            raise ValueError(f"count {self.count} is past the maximum {self.maximum}")
        return self


class TypeRules(_Strict):
    title: Texts
    steps: list[Step] = Field(min_length=1)


class RulePack(_Strict):
    regime: str = Field(pattern=r"^[a-z]{2}$")
    calendar: CalendarName
    title: Texts
    # ISO 3166-1 alpha-2 codes of the customers' jurisdictions this regime applies to.
    jurisdictions: list[str] = Field(min_length=1)
    types: dict[str, TypeRules] = Field(min_length=1)
    default_type: str
    # Complaint category (ComplaintCategory code) → the type a complaint of it follows.
    category_types: dict[str, str] = Field(default_factory=dict)

    @field_validator("jurisdictions")
    @classmethod
    def _country_codes(cls, codes: list[str]) -> list[str]:
        wrong = [
            code for code in codes if not (len(code) == 2 and code.isascii() and code.isupper())
        ]
        if wrong:
            raise ValueError(f"not ISO 3166-1 alpha-2 country codes: {', '.join(wrong)}")
        return codes

    @field_validator("default_type", "category_types")
    @classmethod
    def _known_types(
        cls, value: str | dict[str, str], info: ValidationInfo
    ) -> str | dict[str, str]:
        types = info.data.get("types")
        if types is None:  # types itself failed; that is the problem to report
            return value
        named = [value] if isinstance(value, str) else list(value.values())
        unknown = sorted({name for name in named if name not in types})
        if unknown:
            raise ValueError(
                f"no complaint type {', '.join(unknown)} in this pack; known: {', '.join(types)}"
            )
        return value

    def event_kinds(self, type_name: str) -> set[str]:
        kinds = {"paused", "resumed"}
        for step in self.types[type_name].steps:
            kinds |= set(step.events) | ({step.requires} if step.requires else set())
            if step.start == "new-facts":
                kinds.add("new-facts")
        return kinds
