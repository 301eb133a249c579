"""RFC 9457 problem details as data: the body of every error response, and what each kind of
rule violation (``agentdesk.domain.errors``) becomes.

No HTTP framework here: the exception handler (``problems.py``) sends these, and a pushed
mutation's ``rejected`` result carries one (``push.py``), so the two never disagree.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

from agentdesk.contract.problem import FieldProblem, Problem
from agentdesk.domain.errors import (
    InvalidValue,
    Locked,
    MoveNotAllowed,
    NotPermitted,
    RuleViolation,
    StaleVersion,
    TransitionRefused,
    UnknownRecord,
    UpstreamRefused,
    UpstreamUnavailable,
)

__all__ = ["TYPE_PREFIX", "make_problem", "problem_of", "status_of", "title_of"]

TYPE_PREFIX = "urn:agentdesk:problem:"
# A longer ``instance`` (the request's path) is left out: a problem never echoes a huge value.
INSTANCE_MAX = 256
_UNPRINTABLE = re.compile("[\x00\ud800-\udfff]")

# The code of an error that carries none of its own, by status.
DEFAULT_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    428: "precondition_required",
    429: "too_many_requests",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
}

# The status of each kind of refusal (a subclass takes its nearest kind's).
_STATUS: dict[type[RuleViolation], int] = {
    UnknownRecord: 404,
    MoveNotAllowed: 409,
    InvalidValue: 422,
    NotPermitted: 403,
    Locked: 429,
    StaleVersion: 412,
    UpstreamRefused: 502,
    UpstreamUnavailable: 503,
}


def title_of(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _printable(text: str, limit: int) -> str:
    """``text`` as a problem may carry it: no NUL or lone surrogate (a name the client made
    up, such as a key of its JSON, may hold them), at most ``limit`` characters."""
    cleaned = _UNPRINTABLE.sub("\ufffd", text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "\u2026"


def make_problem(
    status: int,
    code: str | None = None,
    detail: str | None = None,
    *,
    instance: str | None = None,
    errors: list[FieldProblem] | None = None,
    current: dict[str, Any] | None = None,
    allowed: list[str] | None = None,
) -> Problem:
    code = code or DEFAULT_CODES.get(status, "error")
    if instance is not None and len(instance) > INSTANCE_MAX:
        instance = None
    if errors is not None:
        errors = [
            FieldProblem(field=_printable(e.field, 128), message=_printable(e.message, 256))
            for e in errors
        ]
    return Problem(
        type=TYPE_PREFIX + code,
        title=title_of(status),
        status=status,
        detail=detail,
        instance=instance,
        code=code,
        errors=errors,
        current=current,
        allowed=allowed,
    )


def status_of(error: RuleViolation) -> int:
    for kind in type(error).__mro__:
        status = _STATUS.get(kind)
        if status is not None:
            return status
    return 400  # a bare RuleViolation: the request asked for something the rules refuse


def problem_of(error: RuleViolation, instance: str | None = None) -> Problem:
    """The problem a rule violation is, with its fields (422) or current record (412)."""
    errors = None
    if isinstance(error, InvalidValue) and error.fields:
        errors = [FieldProblem(field=f.field, message=f.message) for f in error.fields]
    current = error.current if isinstance(error, StaleVersion) else None
    allowed = list(error.allowed) if isinstance(error, TransitionRefused) else None
    return make_problem(
        status_of(error),
        error.code,
        error.detail,
        instance=instance,
        errors=errors,
        current=current,
        allowed=allowed,
    )
