"""Texts of a flow: the names they read, and the text the agent sees with them filled in."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import Template, nodes

from agentdesk.flows.sandbox import ENVIRONMENT, TemplateError, dotted_names

__all__ = ["TemplateError", "render", "template_names"]


def template_names(source: str) -> set[str]:
    """The dotted names a text reads; raises TemplateError when it is not a valid template, or
    reaches further than a name (``customer.name.__class__``, a call, a subscript)."""
    tree = ENVIRONMENT.parse(source)
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Call)):
        if not (isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name)):
            raise TemplateError("a text may read names such as customer.name, nothing further")
    return dotted_names(tree)


def render(source: str, scope: Mapping[str, Any]) -> str:
    """The text with its names filled in; raises TemplateError for a name the scope lacks."""
    return _compiled(source).render(**scope)


@lru_cache(maxsize=4096)
def _compiled(source: str) -> Template:
    # A library's texts are few and each is rendered at every step shown: compiled once.
    return ENVIRONMENT.from_string(source)
