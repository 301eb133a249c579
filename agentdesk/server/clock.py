"""The server's wall clock: the default of ``create_app(clock=...)``, whose one clock every part
of the server reads (tests pass a fake one there). The type is ``agentdesk.domain.clock.Clock``.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["utcnow"]


def utcnow() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)
