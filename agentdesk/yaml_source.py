"""Configuration files in YAML, read so that every problem names the file and the line.

The rule packs, the complaint letters and the customer rules are written by people who do not
read Python: a file that does not parse, is not one mapping, or does not fit its model fails
with ``file:line: where: reason`` lines, through the caller's own error type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from agentdesk.flows.source import line_at

__all__ = ["read_mapping", "schema_problems", "validated"]

M = TypeVar("M", bound=BaseModel)
Refusal = Callable[[list[str]], Exception]


def read_mapping(text: str, file: str, holds: str, refuse: Refusal) -> tuple[dict[str, Any], Any]:
    """The file's mapping and its node tree (for :func:`line_at`); ``holds`` says what the file
    should be ("a rule pack holds one mapping") when it is not a mapping."""
    try:
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        line = mark.line + 1 if mark is not None else 1
        raise refuse([f"{file}:{line}: not valid YAML: {err.problem}"]) from None
    except yaml.YAMLError as err:
        raise refuse([f"{file}:1: not valid YAML: {err}"]) from None
    if not isinstance(data, dict) or tree is None:
        raise refuse([f"{file}:1: {holds}"])
    return data, tree


def schema_problems(err: ValidationError, tree: Any, file: str, root: str) -> list[str]:
    """One ``file:line: where: reason`` line per field the model refused."""
    problems = []
    for problem in err.errors(include_url=False, include_input=False):
        location = [str(part) for part in problem["loc"]]
        where = ".".join(location) or root
        message = problem["msg"].removeprefix("Value error, ")
        problems.append(f"{file}:{line_at(tree, location)}: {where}: {message}")
    return problems


def validated(
    model: type[M], data: dict[str, Any], tree: Any, file: str, root: str, refuse: Refusal
) -> M:
    """``model`` from the file's mapping, or the caller's error with every problem's line."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise refuse(schema_problems(err, tree, file, root)) from None
