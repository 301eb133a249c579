"""A complaint regime's rule pack, as configuration (``resources/complaint_rules/*.yaml``)."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
    types: dict[str, TypeRules] = Field(min_length=1)

    def event_kinds(self, type_name: str) -> set[str]:
        kinds = {"paused", "resumed"}
        for step in self.types[type_name].steps:
            kinds |= set(step.events) | ({step.requires} if step.requires else set())
            if step.start == "new-facts":
                kinds.add("new-facts")
        return kinds
