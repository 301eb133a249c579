"""The queues an administrator chooses from: the queues the server's phone system serves, named
in the UI language by the reference list (a code shows as itself only when no label is known)."""

from __future__ import annotations

from collections.abc import Sequence

from agentdesk.errors import AgentDeskError
from agentdesk.services import QueueInfo, ReferenceService
from ui.kit.vocabulary import reference_label

__all__ = ["queue_choices", "reference_queues"]


def reference_queues(reference: ReferenceService | None) -> list[QueueInfo]:
    """Every queue the reference list knows (blocking: call it in a background operation);
    none when it cannot be read (the queues then show as their codes)."""
    if reference is None:
        return []
    try:
        return list(reference.queues().queues)
    except AgentDeskError:
        return []


def queue_choices(queues: Sequence[QueueInfo], served: Sequence[str]) -> list[tuple[str, str]]:
    """(code, label) of each queue the phone system serves (``served``: the server's queues, in
    its order), named by the reference list where it knows them. The reference list also names
    queues no call reaches (a branch's, a digital channel's): offering those would only earn a
    refusal."""
    labels = {queue.code: reference_label(queue) for queue in queues}
    return [(code, labels.get(code, code)) for code in dict.fromkeys(served)]
