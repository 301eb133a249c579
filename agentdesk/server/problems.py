"""RFC 9457 problem details: the one shape of every error response of the backend.

The rules raise rule violations (``agentdesk.domain.errors``); routes raise
:class:`ApiProblem` only for what is HTTP's own (sign-in headers, If-Match, a route that is
off). The handlers installed by :func:`install_problem_handlers` turn both, Starlette's own
HTTP errors (unknown route, wrong method), validation errors, malformed JSON and a database
that does not answer (503 with Retry-After: the desk's outbox sends again) into
``application/problem+json`` bodies of :class:`agentdesk.contract.problem.Problem`. Which
status each kind of rule violation gets is ``problem_details.status_of``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from agentdesk.contract.problem import PROBLEM_MEDIA_TYPE, FieldProblem, Problem
from agentdesk.domain.errors import Locked, RuleViolation, StaleVersion, UpstreamUnavailable
from agentdesk.server.problem_details import make_problem, problem_of, title_of

__all__ = [
    "PRECONDITION_RESPONSES",
    "PROBLEM_RESPONSES",
    "ApiProblem",
    "install_problem_handlers",
    "problem_response",
    "required_version",
    "weak_etag",
]

BEARER_CHALLENGE = {"WWW-Authenticate": "Bearer"}
# A restarted or failed-over database is usually back within seconds.
DATABASE_RETRY_AFTER_S = 5

log = logging.getLogger(__name__)


class ApiProblem(StarletteHTTPException):
    """An error that is HTTP's own (a missing If-Match, a bad signature, no token), with a
    stable machine-readable code."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        errors: list[FieldProblem] | None = None,
    ) -> None:
        super().__init__(status, detail, headers=dict(headers) if headers else None)
        self.code = code
        self.errors = errors


class BodyTooLarge(ApiProblem):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "payload_too_large", f"request body larger than {limit} bytes")


def weak_etag(version: int) -> str:
    """The ETag of a record at ``version`` (what If-Match sends back)."""
    return f'W/"{version}"'


def if_match_version(value: str) -> int | None:
    """The version an If-Match names; None for ``*`` (any). A list names its first tag."""
    tag = value.split(",")[0].strip()
    if tag == "*":
        return None
    tag = tag.removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise ApiProblem(412, "precondition_failed", "If-Match is not a version this API made")
    return int(tag)


def required_version(if_match: str | None, what: str = "the record") -> int | None:
    """The version an edit's If-Match names (428 without one: optimistic concurrency is not
    optional)."""
    if not if_match:
        raise ApiProblem(428, "precondition_required", f"send If-Match with {what}'s ETag")
    return if_match_version(if_match)


def problem_response(
    status: int,
    code: str | None = None,
    detail: str | None = None,
    *,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    errors: list[FieldProblem] | None = None,
    current: dict[str, Any] | None = None,
) -> JSONResponse:
    problem = make_problem(status, code, detail, instance=instance, errors=errors, current=current)
    return _send(problem, headers)


def _send(problem: Problem, headers: Mapping[str, str] | None = None) -> JSONResponse:
    response_headers = dict(headers or {})
    if problem.status == 401:
        response_headers.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse(
        problem.model_dump(mode="json", exclude_none=True),
        status_code=problem.status,
        headers=response_headers,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def _field_name(loc: tuple[Any, ...]) -> str:
    # ("body", "username") → "username"; ("query", "phone") → "phone"
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"} and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "body"


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = getattr(exc, "code", None)
    detail = exc.detail if exc.detail != title_of(exc.status_code) else None
    return problem_response(
        exc.status_code,
        code,
        detail,
        instance=request.url.path,
        headers=exc.headers,
        errors=getattr(exc, "errors", None),
    )


async def _on_rule_violation(request: Request, exc: Exception) -> JSONResponse:
    """The one place where a rule's refusal becomes HTTP: its status, problem and headers."""
    assert isinstance(exc, RuleViolation)
    headers: dict[str, str] = {}
    if isinstance(exc, Locked):
        headers["Retry-After"] = str(exc.retry_after_s)
    if isinstance(exc, StaleVersion):
        headers["ETag"] = weak_etag(exc.version)
    if isinstance(exc, UpstreamUnavailable):
        headers["Retry-After"] = str(exc.retry_after_s)
    return _send(problem_of(exc, instance=request.url.path), headers)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(error.get("type") == "json_invalid" for error in errors):
        return problem_response(400, "malformed_json", "malformed JSON", instance=request.url.path)
    fields = [
        FieldProblem(field=_field_name(tuple(error.get("loc", ()))), message=str(error["msg"]))
        for error in errors
    ]
    return problem_response(
        422,
        "validation_failed",
        "the request is not valid",
        instance=request.url.path,
        errors=fields,
    )


async def _on_database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database went away mid-request (restart, fail-over, connections refused): nothing
    was committed, so the client may send the same request again."""
    assert isinstance(exc, DBAPIError)
    reason = type(exc.orig).__name__
    log.warning("database unavailable during %s %s (%s)", request.method, request.url.path, reason)
    return problem_response(
        503,
        "database_unavailable",
        "the database does not answer; nothing was saved, try again shortly",
        instance=request.url.path,
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_S)},
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RuleViolation, _on_rule_violation)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(OperationalError, _on_database_unavailable)
    app.add_exception_handler(InterfaceError, _on_database_unavailable)


# Documented on every route, so OpenAPI readers see the error shape; app.py's OpenAPI hook
# files them under the problem+json media type.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": title_of(status), "model": Problem}
    for status in (400, 401, 403, 404, 413, 422, 500)
}
# Added by routes with optimistic concurrency (If-Match).
PRECONDITION_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": title_of(status), "model": Problem} for status in (412, 428)
}
