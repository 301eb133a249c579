"""Typed errors of the sync and concurrency calls, below ``InvalidRequest`` in the core's tree.

They extend ``agentdesk.errors`` (whose docstring draws the tree) with what only the sync work
needs; each keeps a stable code that ``ui/`` can translate:

    InvalidRequest                      api.invalid
    ├── StaleRecord                     api.stale_record          (412: someone saved first)
    ├── PreconditionRequired            api.precondition_required (428: no If-Match sent)
    └── IdempotencyKeyReused            sync.key_reused           (422: a key with another payload)
"""

from __future__ import annotations

from typing import Any

from agentdesk.contract.problem import Problem
from agentdesk.errors import InvalidRequest

__all__ = ["IdempotencyKeyReused", "PreconditionRequired", "StaleRecord"]


class StaleRecord(InvalidRequest):
    """The record changed on the server since the version the edit was based on.

    ``current`` is the server's record now (from the problem's ``current`` member) and ``etag``
    its entity tag when the server sent one, so the caller can merge or ask the agent.
    """

    code = "api.stale_record"

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = 412,
        current: dict[str, Any] | None = None,
        etag: str | None = None,
        problem: Problem | None = None,
    ) -> None:
        super().__init__(detail, status=status, problem=problem)
        self.current = current
        self.etag = etag


class PreconditionRequired(InvalidRequest):
    """The server refuses an update sent without ``If-Match`` (a bug on our side, not the
    agent's: every update must say which version it edits)."""

    code = "api.precondition_required"


class IdempotencyKeyReused(InvalidRequest):
    """A push reused an idempotency key with another payload: the whole push was refused."""

    code = "sync.key_reused"
