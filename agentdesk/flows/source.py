"""A flow file's text → its definition, remembering where each node is written.

Every finding about a flow names the file, the line and the node, so a process owner can fix
the YAML without reading Python. YAML that does not parse, or does not fit the definition's
schema, gives :class:`FlowFileError` carrying those findings; nothing half-read is returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from pydantic import ValidationError

from agentdesk.flows.definition import FlowDefinition

__all__ = ["FlowFileError", "FlowIssue", "FlowSource", "line_at", "parse_flow"]


@dataclass(frozen=True, order=True)
class FlowIssue:
    """One finding: ``file:line: [node] message``."""

    file: str
    line: int
    node: str
    message: str

    def __str__(self) -> str:
        where = f" [{self.node}]" if self.node else ""
        return f"{self.file}:{self.line}:{where} {self.message}"


class FlowFileError(ValueError):
    def __init__(self, issues: list[FlowIssue]) -> None:
        super().__init__("\n".join(map(str, issues)))
        self.issues = issues


@dataclass(frozen=True)
class FlowSource:
    """A parsed definition with the line of each node (1-based) in the file it came from."""

    definition: FlowDefinition
    file: str
    node_lines: dict[str, int] = field(default_factory=dict)
    line: int = 1  # of the definition itself

    def issue(self, node: str, message: str) -> FlowIssue:
        return FlowIssue(self.file, self.node_lines.get(node, self.line), node, message)


def parse_flow(text: str, file: str) -> FlowSource:
    """Parse one flow file's text (``file`` only names it in findings)."""
    try:
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        reason = f"{err.context + ', ' if err.context else ''}{err.problem or 'cannot be read'}"
        raise FlowFileError(
            [FlowIssue(file, line, "", f"not valid YAML (column {column}): {reason}")]
        ) from None
    except yaml.YAMLError as err:
        raise FlowFileError([FlowIssue(file, 1, "", f"not valid YAML: {err}")]) from None
    if not isinstance(data, dict) or tree is None:
        raise FlowFileError([FlowIssue(file, 1, "", "a flow file holds one mapping")])
    node_lines = _node_lines(tree)
    try:
        definition = FlowDefinition.model_validate(data)
    except ValidationError as err:
        raise FlowFileError(_schema_issues(err, file, tree)) from None
    return FlowSource(definition, file, node_lines)


def _node_lines(tree: yaml.Node) -> dict[str, int]:
    if not isinstance(tree, yaml.MappingNode):
        return {}
    for key, value in tree.value:
        if key.value == "nodes" and isinstance(value, yaml.MappingNode):
            return {str(k.value): k.start_mark.line + 1 for k, _ in value.value}
    return {}


def _schema_issues(err: ValidationError, file: str, tree: yaml.Node) -> list[FlowIssue]:
    issues = []
    for problem in err.errors(include_url=False, include_input=False):
        location = [str(part) for part in problem["loc"]]
        node = location[1] if len(location) > 1 and location[0] == "nodes" else ""
        line = line_at(tree, location)
        issues.append(FlowIssue(file, line, node, f"{'.'.join(location)}: {problem['msg']}"))
    return sorted(issues)


def line_at(tree: yaml.Node, location: list[str]) -> int:
    """The line of the deepest part of ``location`` the YAML has (pydantic adds the union's tag
    to a location: parts the YAML lacks are passed over)."""
    here = tree
    for part in location:
        if isinstance(here, yaml.MappingNode):
            here = next((v for k, v in here.value if str(k.value) == part), here)
        elif isinstance(here, yaml.SequenceNode) and part.isdigit() and int(part) < len(here.value):
            here = here.value[int(part)]
    return here.start_mark.line + 1
