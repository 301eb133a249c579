"""The queues an administrator chooses from: every queue the reference list knows, named in the
UI language (a code shows as itself only when no list could be read)."""

from __future__ import annotations

from collections.abc import Sequence

from agentdesk.errors import AgentDeskError
from agentdesk.services import QueueInfo, ReferenceService
from ui.kit.vocabulary import reference_label

__all__ = ["queue_choices", "reference_queues"]


def reference_queues(reference: ReferenceService | None) -> list[QueueInfo]:
    """Every queue the reference list knows (blocking: call it in a background operation);
    none when it cannot be read (the caller falls back to the teams' queue codes)."""
    if reference is None:
        return []
    try:
        return list(reference.queues().queues)
    except AgentDeskError:
        return []


def queue_choices(queues: Sequence[QueueInfo], fallback: Sequence[str]) -> list[tuple[str, str]]:
    """(code, label) of every known queue: the reference list's, else the codes in
    ``fallback`` as they are."""
    if queues:
        return [(queue.code, reference_label(queue)) for queue in queues]
    return [(code, code) for code in dict.fromkeys(fallback)]
