"""The flow versions the server knows, to check what the desks send against them.

Today these are the versions shipped in ``resources/flows/`` (read once per process); a
published version never changes, so a transcript or a service request naming ``id@version``
is always checked against the very definition the desk ran.
"""

from __future__ import annotations

from functools import cache

from agentdesk.domain.errors import InvalidValue
from agentdesk.flow_library import check_files, library_dir
from agentdesk.flows.definition import FlowDefinition

__all__ = ["flow_version"]


@cache
def _shipped() -> dict[tuple[str, int], FlowDefinition]:
    report = check_files([library_dir()])
    return {(s.definition.id, s.definition.version): s.definition for s in report.sources}


def flow_version(flow_id: str, version: int) -> FlowDefinition:
    """The definition of ``flow_id@version``; ``InvalidValue`` when no such version exists."""
    definition = _shipped().get((flow_id, version))
    if definition is None:
        raise InvalidValue("flow_version_unknown", f"no flow {flow_id}@{version}")
    return definition
