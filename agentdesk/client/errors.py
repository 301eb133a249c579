"""Typed errors of the sync and concurrency calls, and the one mapping of an HTTP error reply
to the core's error tree (:func:`error_for`, used by the REST calls, the event stream and the
token refresh alike).

The typed errors extend ``agentdesk.errors`` (whose docstring draws the tree) with what only the
sync work needs; each keeps a stable code that ``ui/`` can translate:

    InvalidRequest                      api.invalid
    ├── StaleRecord                     api.stale_record          (412: someone saved first)
    ├── PreconditionRequired            api.precondition_required (428: no If-Match sent)
    └── IdempotencyKeyReused            sync.key_reused           (422: a key with another payload)
"""

from __future__ import annotations

import ssl
from typing import Any

import httpx
from pydantic import ValidationError

from agentdesk.contract.problem import Problem
from agentdesk.errors import (
    ApiError,
    AuthenticationFailed,
    BackendUnavailable,
    CallRequired,
    CertificateNotTrusted,
    InvalidRequest,
    NotFound,
    PartnerUnavailable,
    PermissionDenied,
    ServerError,
    SignInLocked,
    VerificationLocked,
    VerificationRequired,
)

__all__ = [
    "IdempotencyKeyReused",
    "PreconditionRequired",
    "StaleRecord",
    "error_for",
    "network_error",
    "problem_of",
]


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


def problem_of(body: bytes) -> Problem | None:
    """The problem+json of an error reply, or None when the body is something else (a proxy's
    HTML page, nothing at all)."""
    try:
        return Problem.model_validate_json(body)
    except ValidationError:
        return None


def _problem_code(problem: Problem | None) -> str:
    if problem is None:
        return ""
    return problem.code or problem.type.rsplit(":", 1)[-1]


def _seconds(retry_after: str | None) -> int | None:
    """``Retry-After`` in seconds (the server sends seconds, never a date)."""
    try:
        return max(int(retry_after), 0) if retry_after is not None else None
    except ValueError:
        return None


def error_for(status: int, body: bytes, *, retry_after: str | None = None) -> ApiError:
    """The typed error of an HTTP error reply (``status`` >= 400), its body and its
    ``Retry-After`` header."""
    problem = problem_of(body)
    detail = (problem.detail or problem.title) if problem else f"HTTP {status}"
    if status == 412:
        current = problem.current if problem else None
        return StaleRecord(detail, status=status, current=current, problem=problem)
    if status == 428:
        return PreconditionRequired(detail, status=status, problem=problem)
    if status == 422 and _problem_code(problem).endswith("key_reused"):
        return IdempotencyKeyReused(detail, status=status, problem=problem)
    if status == 401:
        return AuthenticationFailed(detail, status=status)
    if status == 403 and _problem_code(problem) == "verification.required":
        return VerificationRequired(detail, status=status)
    if status == 403 and _problem_code(problem) == "verification.call_required":
        return CallRequired(detail, status=status)
    if status == 429 and _problem_code(problem) == "auth.locked":
        return SignInLocked(detail, status=status, retry_after_s=_seconds(retry_after))
    if status == 429 and _problem_code(problem) in (
        "verification.locked",
        "verification.throttled",
    ):
        return VerificationLocked(detail, status=status)
    if status == 403:
        return PermissionDenied(detail, status=status)
    if status == 404:
        return NotFound(detail, status=status)
    if status in (502, 503) and _problem_code(problem) in PartnerUnavailable.CODES:
        return PartnerUnavailable(detail, status=status, code=_problem_code(problem))
    if status in (502, 503, 504):
        return BackendUnavailable(detail, status=status)
    if status >= 500:
        return ServerError(detail, status=status)
    return InvalidRequest(detail, status=status, problem=problem)


def network_error(what: str, exc: BaseException) -> BackendUnavailable:
    """The error of a transport failure during ``what``: CertificateNotTrusted when the TLS
    handshake could not verify the server's certificate (httpx says only "ConnectError"),
    else BackendUnavailable. ``reason`` is ``connect`` when no connection was made."""
    cause: BaseException | None = exc
    for _ in range(8):  # the chain httpx -> httpcore -> ssl is three deep
        if cause is None:
            break
        if isinstance(cause, ssl.SSLCertVerificationError):
            return CertificateNotTrusted(
                f"{what}: the server's certificate could not be verified "
                f"({cause.verify_message}); the CA that signs it must be installed "
                "(desktop.ca_bundle)",
                reason="connect",
            )
        cause = cause.__cause__ or cause.__context__
    unreachable = isinstance(exc, httpx.ConnectError | ConnectionRefusedError)
    return BackendUnavailable(
        f"{what}: {type(exc).__name__}", reason="connect" if unreachable else "transport"
    )
