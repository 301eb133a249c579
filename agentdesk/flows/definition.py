"""A flow's definition: what a YAML file under ``resources/flows/`` says, as typed models.

A definition is immutable once published (id + version). Its nodes form a graph from ``start``;
each kind names its successors in its own fields (``next``, ``options[].next``, ``branches[].next``
and ``otherwise``, ``unsuitable``). Texts are given in every language the desk speaks; a missing
translation is not a parse error but a finding of the validator, which can name its line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from agentdesk.domain.risk import ProductRisk

__all__ = [
    "LANGUAGES",
    "ActionKind",
    "ActionNode",
    "AnswerType",
    "AskNode",
    "Branch",
    "ChoiceNode",
    "ConditionNode",
    "DisclosureNode",
    "EndNode",
    "FlowDefinition",
    "Fits",
    "Localized",
    "Node",
    "NodeId",
    "Option",
    "SayNode",
    "SuitabilityNode",
    "Validation",
]

# The desk's languages; every text of a flow is given in each (the validator says which is missing).
LANGUAGES: tuple[str, ...] = ("zh_CN", "en")

NodeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,47}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Strict):
    """One text in each language; a template over ``customer``, ``answers``, ``call``."""

    zh_CN: str = ""
    en: str = ""

    def text(self, language: str) -> str:
        """The text in ``language``, else in the other one (never empty when either exists)."""
        chosen = self.zh_CN if language == "zh_CN" else self.en
        return chosen or self.en or self.zh_CN

    def by_language(self) -> dict[str, str]:
        return {"zh_CN": self.zh_CN, "en": self.en}

    def missing(self) -> list[str]:
        return [lang for lang, text in self.by_language().items() if not text.strip()]


class Fits(_Strict):
    """Where a flow is suggested: the call's queue, the call reason, or a customer condition."""

    queues: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    # An expression over the customer (e.g. a fund loss beyond a threshold): suggested when true.
    when: str | None = None


class _NodeBase(_Strict):
    title: Localized = Localized()


class SayNode(_NodeBase):
    kind: Literal["say"]
    text: Localized
    next: NodeId


class AnswerType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    MONEY = "money"
    DATE = "date"
    PHONE = "phone"
    ONE_OF = "one_of"
    YES_NO = "yes_no"


class Validation(_Strict):
    required: bool = True
    minimum: Decimal | None = None  # integer, money
    maximum: Decimal | None = None
    earliest: date | None = None  # date
    latest: date | None = None
    pattern: str | None = None  # text: a regular expression the whole answer must match
    max_length: int = Field(default=200, ge=1, le=2000)


class AskNode(_NodeBase):
    kind: Literal["ask"]
    answer: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
    type: AnswerType
    prompt: Localized
    # one_of: the allowed values (codes) and their labels
    choices: dict[str, Localized] = {}
    currency: str = "CNY"  # money
    rules: Validation = Validation()
    invalid: Localized = Localized()  # shown when the answer breaks a rule
    # Masked in the transcript as the app masks such values (phone numbers are masked anyway).
    sensitive: bool = False
    next: NodeId


class Option(_Strict):
    key: int = Field(ge=1, le=9)
    label: Localized
    next: NodeId


class ChoiceNode(_NodeBase):
    kind: Literal["choice"]
    prompt: Localized
    options: tuple[Option, ...] = Field(min_length=1, max_length=9)


class Branch(_Strict):
    when: str
    next: NodeId


class ConditionNode(_NodeBase):
    kind: Literal["condition"]
    branches: tuple[Branch, ...] = Field(min_length=1)
    otherwise: NodeId


class DisclosureNode(_NodeBase):
    kind: Literal["disclosure"]
    text: Localized
    next: NodeId


class SuitabilityNode(_NodeBase):
    kind: Literal["suitability"]
    product_code: str
    product_risk: ProductRisk
    next: NodeId  # suitable: on to the offer
    unsuitable: NodeId  # never onward to the sale


class ActionKind(StrEnum):
    OPEN_TICKET = "open_ticket"
    SCHEDULE_TASK = "schedule_task"
    SEND_SMS = "send_sms"
    UPDATE_CONTACT = "update_contact"
    UPDATE_RISK_PROFILE = "update_risk_profile"
    SUBSCRIBE_SERVICE = "subscribe_service"
    BLOCK_CARD = "block_card"
    REISSUE_CARD = "reissue_card"
    RECORD_SALE = "record_sale"

    @property
    def is_sale(self) -> bool:
        return self is ActionKind.RECORD_SALE


class ActionNode(_NodeBase):
    kind: Literal["action"]
    action: ActionKind
    # Values for the action; strings are templates over the customer and the answers.
    params: dict[str, str] = {}
    # The suitability node every path to a sale must pass (and pass as suitable).
    gate: NodeId | None = None
    # Nodes every path to this action must pass first (e.g. the fee disclosure before a
    # subscription): the validator checks each.
    after: tuple[NodeId, ...] = ()
    next: NodeId


class EndNode(_NodeBase):
    kind: Literal["end"]
    wrap_up: str  # the wrap-up code the end proposes


Node = Annotated[
    SayNode
    | AskNode
    | ChoiceNode
    | ConditionNode
    | DisclosureNode
    | SuitabilityNode
    | ActionNode
    | EndNode,
    Field(discriminator="kind"),
]


class FlowDefinition(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    version: int = Field(ge=1)
    title: Localized
    fits: Fits = Fits()
    start: NodeId
    nodes: dict[NodeId, Node] = Field(min_length=1)

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"
