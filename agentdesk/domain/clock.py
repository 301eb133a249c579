"""The clock: what a part of AgentDesk calls to learn the time, passed in by whoever builds it.

One type for the server and the desktop. Nothing in ``domain/`` or ``flows/`` calls a clock:
their rules take ``now`` as a value. The composition roots choose the wall clock (the server's
is ``agentdesk.server.clock.utcnow``); tests pass a fake one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeAlias

__all__ = ["Clock"]

# Each call: now, as a timezone-aware datetime (UTC).
Clock: TypeAlias = Callable[[], datetime]
