"""Typed capture for ``ask`` nodes: the agent's text → the value a flow works with.

A run keeps each answer as its canonical text (what :func:`capture` returns), so a saved run
reads back exactly; :func:`value_of` turns that text into the typed value templates and
conditions use. A refused answer raises :class:`InvalidAnswer` with the node's own message.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from agentdesk.domain.phones import InvalidPhoneNumber, normalize_phone
from agentdesk.flows.definition import AnswerType, AskNode

__all__ = ["InvalidAnswer", "capture", "value_of"]

_YES = {"y", "yes", "1", "true", "是", "对", "好"}
_NO = {"n", "no", "0", "false", "否", "不", "不是"}
_CENT = Decimal("0.01")


class InvalidAnswer(ValueError):
    """The answer breaks the node's rules; ``message`` is for the agent, in their language."""

    def __init__(self, node: AskNode, language: str, reason: str) -> None:
        shown = node.invalid.text(language) or reason
        super().__init__(shown)
        self.message = shown
        self.reason = reason


def capture(node: AskNode, raw: str, language: str) -> str:
    """The canonical text of a valid answer; raises InvalidAnswer otherwise."""
    text = raw.strip()
    if not text:
        if node.rules.required:
            raise InvalidAnswer(node, language, "required")
        return ""
    if len(text) > node.rules.max_length:
        raise InvalidAnswer(node, language, "too long")
    try:
        canonical = _canonical(node, text)
    except (ValueError, InvalidOperation) as err:
        raise InvalidAnswer(node, language, str(err) or "not understood") from None
    _check_range(node, canonical, language)
    return canonical


def value_of(node: AskNode, text: str) -> str | int | Decimal | date | bool | None:
    """The typed value of a captured answer (None when an optional one was left empty)."""
    if text == "":
        return None
    match node.type:
        case AnswerType.INTEGER:
            return int(text)
        case AnswerType.MONEY:
            return Decimal(text)
        case AnswerType.DATE:
            return date.fromisoformat(text)
        case AnswerType.YES_NO:
            return text == "yes"
        case _:
            return text


def _canonical(node: AskNode, text: str) -> str:
    match node.type:
        case AnswerType.INTEGER:
            return str(int(text.replace(",", "")))
        case AnswerType.MONEY:
            amount = Decimal(text.replace(",", "").removeprefix("¥").removeprefix("￥"))
            if not amount.is_finite():
                raise ValueError("not an amount")
            return str(amount.quantize(_CENT, rounding=ROUND_HALF_UP))
        case AnswerType.DATE:
            return date.fromisoformat(text).isoformat()
        case AnswerType.PHONE:
            try:
                return normalize_phone(text)
            except InvalidPhoneNumber as err:
                raise ValueError(err.reason) from None
        case AnswerType.ONE_OF:
            if text not in node.choices:
                raise ValueError("not one of the choices")
            return text
        case AnswerType.YES_NO:
            lowered = text.lower()
            if lowered in _YES:
                return "yes"
            if lowered in _NO:
                return "no"
            raise ValueError("not yes or no")
        case AnswerType.TEXT:
            if node.rules.pattern and not re.fullmatch(node.rules.pattern, text):
                raise ValueError("does not match the expected form")
            return text


def _check_range(node: AskNode, canonical: str, language: str) -> None:
    value = value_of(node, canonical)
    rules = node.rules
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        if rules.minimum is not None and value < rules.minimum:
            raise InvalidAnswer(node, language, "below the minimum")
        if rules.maximum is not None and value > rules.maximum:
            raise InvalidAnswer(node, language, "above the maximum")
    if isinstance(value, date):
        if rules.earliest is not None and value < rules.earliest:
            raise InvalidAnswer(node, language, "too early")
        if rules.latest is not None and value > rules.latest:
            raise InvalidAnswer(node, language, "too late")
