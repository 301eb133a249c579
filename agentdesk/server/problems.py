"""RFC 9457 problem details: the one shape of every error response of the backend.

Routes raise :class:`ApiProblem` (an HTTPException with a stable ``code``); the handlers
installed by :func:`install_problem_handlers` turn it, Starlette's own HTTP errors (unknown
route, wrong method), validation errors and malformed JSON into ``application/problem+json``
bodies of :class:`agentdesk.contract.problem.Problem`.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from agentdesk.contract.problem import PROBLEM_MEDIA_TYPE, FieldProblem, Problem

__all__ = [
    "PRECONDITION_RESPONSES",
    "PROBLEM_RESPONSES",
    "ApiProblem",
    "Invalid",
    "install_problem_handlers",
    "make_problem",
    "problem_response",
]

TYPE_PREFIX = "urn:agentdesk:problem:"

# The code of an error that carries none of its own, by status.
_DEFAULT_CODES = {
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
    503: "unavailable",
}

BEARER_CHALLENGE = {"WWW-Authenticate": "Bearer"}


class ApiProblem(StarletteHTTPException):
    """An error a route means to return, with a stable machine-readable code (and, for a 412,
    the ``current`` record)."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        errors: list[FieldProblem] | None = None,
        current: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(status, detail, headers=dict(headers) if headers else None)
        self.code = code
        self.errors = errors
        self.current = current


class Invalid(Exception):  # noqa: N818 - reads as "raise Invalid(...)"
    """A request part that is not valid: a route makes it a 422 problem, a pushed mutation a
    ``rejected`` result carrying the same problem."""

    def __init__(self, code: str, detail: str, *, errors: list[FieldProblem] | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.errors = errors

    def problem(self, instance: str | None = None) -> Problem:
        return make_problem(422, self.code, self.detail, instance=instance, errors=self.errors)

    def api_problem(self) -> ApiProblem:
        return ApiProblem(422, self.code, self.detail, errors=self.errors)


class BodyTooLarge(ApiProblem):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "payload_too_large", f"request body larger than {limit} bytes")


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def make_problem(
    status: int,
    code: str | None = None,
    detail: str | None = None,
    *,
    instance: str | None = None,
    errors: list[FieldProblem] | None = None,
    current: dict[str, Any] | None = None,
) -> Problem:
    code = code or _DEFAULT_CODES.get(status, "error")
    return Problem(
        type=TYPE_PREFIX + code,
        title=_title(status),
        status=status,
        detail=detail,
        instance=instance,
        code=code,
        errors=errors,
        current=current,
    )


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
    response_headers = dict(headers or {})
    if status == 401:
        response_headers.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse(
        problem.model_dump(mode="json", exclude_none=True),
        status_code=status,
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
    detail = exc.detail if exc.detail != _title(exc.status_code) else None
    return problem_response(
        exc.status_code,
        code,
        detail,
        instance=request.url.path,
        headers=exc.headers,
        errors=getattr(exc, "errors", None),
        current=getattr(exc, "current", None),
    )


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


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)


# Documented on every route, so OpenAPI readers see the error shape; app.py's OpenAPI hook
# files them under the problem+json media type.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": _title(status), "model": Problem}
    for status in (400, 401, 403, 404, 413, 422, 500)
}
# Added by routes with optimistic concurrency (If-Match).
PRECONDITION_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": _title(status), "model": Problem} for status in (412, 428)
}
