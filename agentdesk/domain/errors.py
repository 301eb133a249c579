"""Rule violations: what a rule of the bank or of the contact center refused, in its own terms.

Raised by the pure domain (the presence and call state machines, the ACD) and by the server's
rule modules (verification, tickets, the switchboard, the push handlers). Nothing here knows
HTTP: the server's one exception handler (``agentdesk.server.problems``) gives each kind its
status and turns it into an RFC 9457 problem carrying the same ``code``. Codes are part of the
API contract (the desktop maps problems by code), so they never change meaning.

    RuleViolation          a rule said no                                  (code, detail)
    ├── UnknownRecord      no such customer, ticket, call or item          404
    ├── MoveNotAllowed     the record's state does not allow the move      409
    │   └── TransitionRefused  a ticket's status cannot go there from here (allowed)
    ├── InvalidValue       a value the rules do not accept                 422  (fields)
    ├── NotPermitted       not allowed for this person                     403
    ├── Locked             locked until a time                             429  (until)
    ├── StaleVersion       changed since the person read it                412  (current)
    ├── UpstreamRefused    a system the move needs (the PBX) said no       502
    └── UpstreamUnavailable  that system (the PBX, the SMS gateway) did    503  (Retry-After)
                           not answer: nothing changed, try again

Not to be confused with ``agentdesk.errors``: that is the desktop's tree, of what the client
met when it talked to the backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

__all__ = [
    "FieldIssue",
    "InvalidValue",
    "Locked",
    "MoveNotAllowed",
    "NotPermitted",
    "RuleViolation",
    "StaleVersion",
    "TransitionRefused",
    "UnknownRecord",
    "UpstreamRefused",
    "UpstreamUnavailable",
]


@dataclass(frozen=True)
class FieldIssue:
    """What is wrong with one field of a value (``field`` is a dotted path)."""

    field: str
    message: str


class RuleViolation(Exception):
    """Base of the rule violations: a stable ``code`` and a ``detail`` for people."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class UnknownRecord(RuleViolation):
    """The request names a record that does not exist (or is not on the line any more)."""


class MoveNotAllowed(RuleViolation):
    """The record exists, but its state does not allow this move now."""


class TransitionRefused(MoveNotAllowed):
    """A status change the lifecycle does not allow from the current status.

    ``allowed`` are the statuses reachable from ``current`` (in the lifecycle's order), so the
    answer can name what the person may do instead.
    """

    def __init__(self, code: str, detail: str, *, current: str, allowed: Iterable[str]) -> None:
        super().__init__(code, detail)
        self.current = current
        self.allowed = tuple(allowed)


class InvalidValue(RuleViolation):
    """A value the rules do not accept, with what is wrong with each field when known."""

    def __init__(self, code: str, detail: str, *, fields: Iterable[FieldIssue] = ()) -> None:
        super().__init__(code, detail)
        self.fields = tuple(fields)


class NotPermitted(RuleViolation):
    """This person may not do this (their role, or what they have not done first)."""


class Locked(RuleViolation):
    """Refused until ``until`` (repeated failures lock a customer's verification)."""

    def __init__(self, code: str, detail: str, *, until: datetime, now: datetime) -> None:
        super().__init__(code, detail)
        self.until = until
        self.now = now

    @property
    def retry_after_s(self) -> int:
        """Whole seconds to wait, never less than one."""
        return max(int((self.until - self.now).total_seconds()) + 1, 1)


class StaleVersion(RuleViolation):
    """The record changed since the person read it: ``current`` is what it is now."""

    def __init__(self, code: str, detail: str, *, current: Mapping[str, Any], version: int) -> None:
        super().__init__(code, detail)
        self.current = dict(current)
        self.version = version


class UpstreamRefused(RuleViolation):
    """A system of the bank the move needs (the PBX) refused it: nothing changed here."""


class UpstreamUnavailable(RuleViolation):
    """A system of the bank the move needs (the PBX, the SMS gateway) did not answer, or not in
    time: nothing changed here, and the person may try again shortly."""

    retry_after_s = 5
