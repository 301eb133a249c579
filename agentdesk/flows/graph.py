"""A definition as a graph: each node's successors, and the questions the validator asks of it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from agentdesk.flows.definition import (
    ActionNode,
    AskNode,
    ChoiceNode,
    ConditionNode,
    DisclosureNode,
    EndNode,
    FlowDefinition,
    Node,
    SayNode,
    SuitabilityNode,
)

__all__ = ["answers_defined_before", "exitless_loops", "reachable", "successors"]


def successors(node: Node) -> list[str]:
    """Where a node may lead, in the order it names them."""
    match node:
        case SayNode() | AskNode() | DisclosureNode() | ActionNode():
            return [node.next]
        case ChoiceNode():
            return [option.next for option in node.options]
        case ConditionNode():
            return [branch.next for branch in node.branches] + [node.otherwise]
        case SuitabilityNode():
            return [node.next, node.unsuitable]
        case EndNode():
            return []


def reachable(
    flow: FlowDefinition, starts: Iterable[str], *, avoiding: frozenset[str] = frozenset()
) -> set[str]:
    """Nodes reachable from ``starts`` (included) without entering a node in ``avoiding``."""
    seen: set[str] = set()
    pending = [s for s in starts if s in flow.nodes and s not in avoiding]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        pending.extend(
            n for n in successors(flow.nodes[current]) if n in flow.nodes and n not in avoiding
        )
    return seen


def exitless_loops(flow: FlowDefinition) -> list[set[str]]:
    """Cycles (strongly connected parts) that no path leaves: a run entering one never ends."""
    loops = []
    for part in _strongly_connected(flow):
        first = next(iter(part))
        cyclic = len(part) > 1 or first in successors(flow.nodes[first])
        leaves = any(n not in part for m in part for n in successors(flow.nodes[m]))
        if cyclic and not leaves:
            loops.append(part)
    return loops


def answers_defined_before(flow: FlowDefinition) -> dict[str, frozenset[str]]:
    """For each reachable node, the answers given on *every* path from the start to it."""
    every = frozenset(n.answer for n in flow.nodes.values() if isinstance(n, AskNode))
    before: dict[str, frozenset[str]] = {name: every for name in flow.nodes}
    before[flow.start] = frozenset()
    predecessors = _predecessors(flow)
    live = reachable(flow, [flow.start])
    changed = True
    while changed:
        changed = False
        for name in live:
            if name == flow.start:
                continue
            incoming = [_after(flow.nodes[p], before[p]) for p in predecessors[name] if p in live]
            merged = frozenset.intersection(*incoming) if incoming else frozenset()
            if merged != before[name]:
                before[name] = merged
                changed = True
    return {name: before[name] for name in live}


def _after(node: Node, before: frozenset[str]) -> frozenset[str]:
    return before | {node.answer} if isinstance(node, AskNode) else before


def _predecessors(flow: FlowDefinition) -> Mapping[str, list[str]]:
    incoming: dict[str, list[str]] = {name: [] for name in flow.nodes}
    for name, node in flow.nodes.items():
        for target in successors(node):
            if target in incoming:
                incoming[target].append(name)
    return incoming


def _strongly_connected(flow: FlowDefinition) -> list[set[str]]:
    """Tarjan's algorithm, iteratively (a flow may be long)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    parts: list[set[str]] = []
    for root in flow.nodes:
        if root in index:
            continue
        work = [(root, iter(successors(flow.nodes[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c in flow.nodes), None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    part = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        part.add(member)
                        if member == node:
                            break
                    parts.append(part)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(successors(flow.nodes[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return parts
