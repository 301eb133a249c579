"""The one template engine of flows: Jinja2's immutable sandbox, with ``{name}`` placeholders.

Flows are written by the bank's process owners, and their values come from customers (a name, an
answer), so neither texts nor conditions are ever given to ``str.format`` or ``eval``: Jinja
renders texts and evaluates conditions in a sandbox that refuses attribute tricks
(``customer.__class__``) and cannot change what it is given. Single braces read as the issue's
examples read (``{customer.name}``); ``StrictUndefined`` turns a misspelt name into an error.
"""

from __future__ import annotations

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import TemplateError
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = ["ENVIRONMENT", "TemplateError", "dotted_names", "parse_expression"]

ENVIRONMENT = ImmutableSandboxedEnvironment(
    variable_start_string="{",
    variable_end_string="}",
    block_start_string="{%",
    block_end_string="%}",
    comment_start_string="{#",
    comment_end_string="#}",
    undefined=StrictUndefined,
    autoescape=False,
    keep_trailing_newline=True,
)


def parse_expression(source: str) -> nodes.Expr:
    """The syntax tree of one expression; raises TemplateError (with its reason) if it is not."""
    parser = Parser(ENVIRONMENT, source, state="variable")
    expression = parser.parse_expression()
    if not parser.stream.eos:
        raise TemplateError(f"unexpected {parser.stream.current.value!r} after the expression")
    return expression


def dotted_names(tree: nodes.Node) -> set[str]:
    """The names a tree reads: ``customer.tier``, ``answers.amount``, ``today``."""
    found: set[str] = set()
    inner: set[int] = set()
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name):
            found.add(f"{node.node.name}.{node.attr}")
            inner.add(id(node.node))
    for name in tree.find_all(nodes.Name):
        if id(name) not in inner and name.ctx == "load":
            found.add(name.name)
    return found
