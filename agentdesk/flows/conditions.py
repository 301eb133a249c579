"""Conditions of a flow (``customer.worst_fund_pnl_pct <= -10 and 'vulnerable' not in
customer.alerts``): checked for types before a flow is published, evaluated in the sandbox.

Only a small language is allowed: names, constants, comparisons, ``and``/``or``/``not``,
arithmetic on numbers and lists of constants. A call, a filter or a subscript is refused by the
checker, so what a condition can do is visible from its text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jinja2 import nodes
from jinja2.environment import TemplateExpression

from agentdesk.flows.facts import ValueType
from agentdesk.flows.sandbox import ENVIRONMENT, TemplateError, parse_expression

__all__ = ["ConditionError", "check_condition", "evaluate"]

_ORDERED = {"lt", "lteq", "gt", "gteq"}
_EQUALITY = {"eq", "ne"}
_MEMBERSHIP = {"in", "notin"}
_ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div)


class ConditionError(ValueError):
    """A condition that cannot be evaluated as written; the message says why."""


def check_condition(source: str, known: Mapping[str, ValueType]) -> None:
    """Raise ConditionError unless ``source`` is a yes/no question over ``known`` names."""
    try:
        tree = parse_expression(source)
    except TemplateError as err:
        raise ConditionError(f"not an expression: {err.message}") from None
    kind = _type_of(tree, known)
    if kind is not ValueType.BOOL:
        raise ConditionError(f"gives a {kind.value}, not yes or no")


def evaluate(source: str, scope: Mapping[str, Any]) -> bool:
    """The condition's value for a run (checked conditions only: the validator comes first)."""
    return bool(_compiled(source)(**scope))


@lru_cache(maxsize=4096)
def _compiled(source: str) -> TemplateExpression:
    return ENVIRONMENT.compile_expression(source, undefined_to_none=False)


def _type_of(node: nodes.Node, known: Mapping[str, ValueType]) -> ValueType:
    if isinstance(node, nodes.Const):
        return _constant_type(node.value)
    if isinstance(node, nodes.Name | nodes.Getattr):
        return _name_type(node, known)
    if isinstance(node, nodes.List | nodes.Tuple):
        for item in node.items:
            if _type_of(item, known) is not ValueType.TEXT:
                raise ConditionError("a list may hold texts only")
        return ValueType.LIST
    if isinstance(node, nodes.Not):
        _expect(node.node, ValueType.BOOL, known, "not")
        return ValueType.BOOL
    if isinstance(node, nodes.And | nodes.Or):
        word = "and" if isinstance(node, nodes.And) else "or"
        _expect(node.left, ValueType.BOOL, known, word)
        _expect(node.right, ValueType.BOOL, known, word)
        return ValueType.BOOL
    if isinstance(node, nodes.Neg | nodes.Pos):
        _expect(node.node, ValueType.NUMBER, known, "a sign")
        return ValueType.NUMBER
    if isinstance(node, _ARITHMETIC):
        _expect(node.left, ValueType.NUMBER, known, "arithmetic")
        _expect(node.right, ValueType.NUMBER, known, "arithmetic")
        return ValueType.NUMBER
    if isinstance(node, nodes.Compare):
        _check_comparison(node, known)
        return ValueType.BOOL
    raise ConditionError(f"{type(node).__name__.lower()} is not allowed in a condition")


def _constant_type(value: object) -> ValueType:
    if isinstance(value, bool):
        return ValueType.BOOL
    if isinstance(value, int | float | Decimal):
        return ValueType.NUMBER
    if isinstance(value, str):
        return ValueType.TEXT
    if isinstance(value, date):
        return ValueType.DATE
    raise ConditionError(f"the constant {value!r} is not allowed in a condition")


def _name_type(node: nodes.Name | nodes.Getattr, known: Mapping[str, ValueType]) -> ValueType:
    if isinstance(node, nodes.Name):
        name = node.name
    elif isinstance(node.node, nodes.Name):
        name = f"{node.node.name}.{node.attr}"
    else:
        raise ConditionError("only names such as customer.tier or answers.amount may be read")
    if name not in known:
        raise ConditionError(f"unknown name {name} (no earlier step defines it)")
    return known[name]


def _expect(
    node: nodes.Node, wanted: ValueType, known: Mapping[str, ValueType], where: str
) -> None:
    got = _type_of(node, known)
    if got is not wanted:
        raise ConditionError(f"{where} needs a {wanted.value}, got a {got.value}")


def _check_comparison(node: nodes.Compare, known: Mapping[str, ValueType]) -> None:
    left = _type_of(node.expr, known)
    for operand in node.ops:
        right = _type_of(operand.expr, known)
        if operand.op in _MEMBERSHIP:
            if left is not ValueType.TEXT or right not in (ValueType.LIST, ValueType.TEXT):
                raise ConditionError(f"`in` needs a text and a list, got {left} and {right}")
        elif operand.op in _ORDERED:
            if left is not right or left not in (ValueType.NUMBER, ValueType.DATE):
                raise ConditionError(f"cannot order a {left.value} against a {right.value}")
        elif operand.op in _EQUALITY:
            if left is not right:
                raise ConditionError(f"cannot compare a {left.value} with a {right.value}")
        else:
            raise ConditionError(f"the comparison {operand.op} is not allowed")
        left = right
