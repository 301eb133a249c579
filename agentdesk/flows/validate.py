"""The validator: everything that can be wrong with a flow, found before it is published.

Run by ``agentdesk flows validate`` over the library (and in ``make test``), and by the server
when an admin publishes a version. Each finding names the file, the line and the node.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from agentdesk.flows.conditions import ConditionError, check_condition
from agentdesk.flows.definition import (
    ActionNode,
    AnswerType,
    AskNode,
    ChoiceNode,
    ConditionNode,
    DisclosureNode,
    EndNode,
    Localized,
    Node,
    SayNode,
    SuitabilityNode,
)
from agentdesk.flows.facts import ValueType, answer_type, known_names
from agentdesk.flows.graph import answers_defined_before, exitless_loops, reachable, successors
from agentdesk.flows.source import FlowIssue, FlowSource
from agentdesk.flows.templates import TemplateError, template_names

__all__ = ["validate", "validate_library"]


def validate(source: FlowSource, *, wrap_up_codes: frozenset[str] | None = None) -> list[FlowIssue]:
    """Every finding about one flow, sorted by line; empty when it may be published."""
    flow = source.definition
    issues = list(_unknown_targets(source))
    if issues:  # the graph questions below assume every target exists
        return sorted(issues)
    defined = answers_defined_before(flow)
    issues += _unreachable(source)
    issues += _no_end(source)
    issues += _names_and_types(source, defined)
    issues += _translations(source)
    issues += _guarded_actions(source)
    issues += _node_rules(source, wrap_up_codes)
    return sorted(set(issues))


def validate_library(
    sources: Iterable[FlowSource], *, wrap_up_codes: frozenset[str] | None = None
) -> list[FlowIssue]:
    """Each flow's findings, and two files publishing the same id and version."""
    issues: list[FlowIssue] = []
    seen: dict[str, str] = {}
    for source in sources:
        issues += validate(source, wrap_up_codes=wrap_up_codes)
        key = source.definition.key
        if key in seen:
            issues.append(source.issue("", f"{key} is also defined in {seen[key]}"))
        seen.setdefault(key, source.file)
    return issues


def _unknown_targets(source: FlowSource) -> Iterator[FlowIssue]:
    flow = source.definition
    if flow.start not in flow.nodes:
        yield source.issue("", f"start names an unknown node {flow.start!r}")
    for name, node in flow.nodes.items():
        named = successors(node)
        if isinstance(node, ActionNode):
            named += list(node.after) + ([node.gate] if node.gate else [])
        for target in named:
            if target not in flow.nodes:
                yield source.issue(name, f"leads to an unknown node {target!r}")


def _unreachable(source: FlowSource) -> Iterator[FlowIssue]:
    flow = source.definition
    live = reachable(flow, [flow.start])
    for name in flow.nodes:
        if name not in live:
            yield source.issue(name, "cannot be reached from the start")


def _no_end(source: FlowSource) -> Iterator[FlowIssue]:
    flow = source.definition
    looping: set[str] = set()
    for loop in exitless_loops(flow):
        looping |= loop
        names = ", ".join(sorted(loop))
        for name in loop:
            yield source.issue(name, f"is in a loop without an exit ({names})")
    ends = {name for name, node in flow.nodes.items() if isinstance(node, EndNode)}
    for name in reachable(flow, [flow.start]) - looping:
        if not ends & reachable(flow, [name]):
            yield source.issue(name, "no path from here reaches an end")


def _names_and_types(source: FlowSource, defined: dict[str, frozenset[str]]) -> Iterator[FlowIssue]:
    flow = source.definition
    types = {n.answer: answer_type(n.type) for n in flow.nodes.values() if isinstance(n, AskNode)}
    base = known_names()
    if flow.fits.when is not None:
        yield from _condition_issues(source, "", flow.fits.when, base)
    for name, node in flow.nodes.items():
        if name not in defined:
            continue  # unreachable: reported once, above
        known = base | {f"answers.{a}": types[a] for a in defined[name]}
        for text in _templates_of(node):
            try:
                names = template_names(text)
            except TemplateError as err:
                yield source.issue(name, f"text is not a valid template: {err.message}")
                continue
            for unknown in sorted(names - known.keys()):
                yield source.issue(name, f"uses {unknown}, which no earlier step defines")
        if isinstance(node, ConditionNode):
            for branch in node.branches:
                yield from _condition_issues(source, name, branch.when, known)


def _condition_issues(
    source: FlowSource, name: str, condition: str, known: dict[str, ValueType]
) -> Iterator[FlowIssue]:
    try:
        check_condition(condition, known)
    except ConditionError as err:
        yield source.issue(name, f"condition `{condition}`: {err}")


def _templates_of(node: Node) -> Iterator[str]:
    for localized in _texts_of(node):
        yield from (text for text in localized.by_language().values() if text)
    if isinstance(node, ActionNode):
        yield from node.params.values()


def _texts_of(node: Node) -> Iterator[Localized]:
    yield node.title
    match node:
        case SayNode() | DisclosureNode():
            yield node.text
        case AskNode():
            yield node.prompt
            yield node.invalid
            yield from node.choices.values()
        case ChoiceNode():
            yield node.prompt
            yield from (option.label for option in node.options)
        case _:
            pass


def _translations(source: FlowSource) -> Iterator[FlowIssue]:
    flow = source.definition
    for lang in flow.title.missing():
        yield source.issue("", f"the flow's title has no {lang} text")
    for name, node in flow.nodes.items():
        for localized in _texts_of(node):
            missing = localized.missing()
            optional = localized is node.title and len(missing) == 2
            for lang in [] if optional else missing:
                yield source.issue(name, f"a text has no {lang} translation")


def _guarded_actions(source: FlowSource) -> Iterator[FlowIssue]:
    flow = source.definition
    for name, node in flow.nodes.items():
        if not isinstance(node, ActionNode):
            continue
        if node.action.is_sale:
            yield from _sale_gate(source, name, node)
        for guard in node.after:
            if name in reachable(flow, [flow.start], avoiding=frozenset({guard})):
                yield source.issue(name, f"can be reached without passing {guard}")


def _sale_gate(source: FlowSource, name: str, node: ActionNode) -> Iterator[FlowIssue]:
    flow = source.definition
    gate = flow.nodes.get(node.gate) if node.gate else None
    if not isinstance(gate, SuitabilityNode):
        yield source.issue(name, "a sale names no suitability node as its gate")
        return
    past_gate = frozenset({node.gate or ""})
    if name in reachable(flow, [flow.start], avoiding=past_gate):
        yield source.issue(name, f"the sale can be reached without passing its gate {node.gate}")
    if name in reachable(flow, [gate.unsuitable], avoiding=past_gate):
        yield source.issue(name, f"the sale can be reached from {node.gate}'s unsuitable branch")


def _node_rules(source: FlowSource, wrap_up_codes: frozenset[str] | None) -> Iterator[FlowIssue]:
    for name, node in source.definition.nodes.items():
        match node:
            case ChoiceNode():
                keys = [option.key for option in node.options]
                if len(set(keys)) != len(keys):
                    yield source.issue(name, "two options share a key")
            case AskNode() if node.type is AnswerType.ONE_OF and not node.choices:
                yield source.issue(name, "a one_of question lists no choices")
            case EndNode() if wrap_up_codes is not None and node.wrap_up not in wrap_up_codes:
                yield source.issue(name, f"proposes an unknown wrap-up code {node.wrap_up!r}")
            case _:
                pass
