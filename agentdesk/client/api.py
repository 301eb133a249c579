"""Typed calls to the AgentDesk backend over an injected ``httpx.Client``.

Every failure becomes an ``agentdesk.errors.ApiError`` subclass: network trouble is
BackendUnavailable, problem+json bodies map by status, and a body that is not what the contract
says (wrong types, truncated JSON, far too large) is ProtocolError. A 401 on a signed-in call is
answered by one token refresh and a retry; refresh tokens rotate, and ``on_tokens`` hears of each
new pair so the session can keep the refresh token in the keyring.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from agentdesk.contract.admin import AuditEvent, Health
from agentdesk.contract.auth import LoginRequest, RefreshRequest, TokenPair
from agentdesk.contract.customers import CustomerLookup, CustomerProfile
from agentdesk.contract.problem import Problem
from agentdesk.contract.telephony import OfferedCall
from agentdesk.errors import (
    ApiError,
    AuthenticationFailed,
    BackendUnavailable,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    ProtocolError,
    ServerError,
    SessionExpired,
)

__all__ = ["ApiClient"]

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
MAX_RESPONSE_BYTES = 8 * 1024 * 1024
_AUDIT_LIST = TypeAdapter(list[AuditEvent])


def _error_for(status: int, problem: Problem | None) -> ApiError:
    detail = (problem.detail or problem.title) if problem else f"HTTP {status}"
    if status == 401:
        return AuthenticationFailed(detail, status=status)
    if status == 403:
        return PermissionDenied(detail, status=status)
    if status == 404:
        return NotFound(detail, status=status)
    if status in (502, 503, 504):
        return BackendUnavailable(detail, status=status)
    if status >= 500:
        return ServerError(detail, status=status)
    return InvalidRequest(detail, status=status, problem=problem)


class ApiClient:
    def __init__(
        self,
        http: httpx.Client,
        *,
        on_tokens: Callable[[TokenPair], None] | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._http = http
        self.on_tokens = on_tokens
        self._max_bytes = max_response_bytes
        self._lock = threading.Lock()
        self._access_token: str | None = None
        self._refresh_token: str | None = None

    # -- session -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return str(self._http.base_url)

    @property
    def signed_in(self) -> bool:
        return self._access_token is not None

    def login(self, username: str, password: str, workstation_id: str = "") -> TokenPair:
        body = LoginRequest(username=username, password=password, workstation_id=workstation_id)
        tokens = self._call("POST", "/auth/login", TokenPair, json=body.model_dump(), auth=False)
        self._adopt(tokens)
        return tokens

    def resume(self, refresh_token: str) -> TokenPair:
        """Start a session from a stored refresh token (it is rotated)."""
        with self._lock:
            self._refresh_token = refresh_token
        return self._refresh()

    def logout(self) -> None:
        with self._lock:
            token, self._access_token, self._refresh_token = self._refresh_token, None, None
        if token:
            try:
                self._send("POST", "/auth/logout", json={"refresh_token": token}, auth=False)
            except ApiError as exc:  # the local session ends regardless
                log.info("logout not confirmed by the backend: %s", exc.code)

    # -- calls ---------------------------------------------------------------------------

    def health(self) -> Health:
        return self._call("GET", "/health", Health, auth=False)

    def lookup_by_phone(self, phone: str) -> CustomerLookup:
        return self._call("GET", "/customers/lookup", CustomerLookup, params={"phone": phone})

    def get_customer(self, customer_id: int) -> CustomerProfile:
        return self._call("GET", f"/customers/{customer_id}", CustomerProfile)

    def simulate_call(self) -> OfferedCall:
        return self._call("POST", "/telephony/simulate", OfferedCall)

    def audit_events(self, limit: int = 100) -> list[AuditEvent]:
        data = self._json(self._send("GET", "/admin/audit", params={"limit": limit}))
        try:
            return _AUDIT_LIST.validate_python(data)
        except ValidationError as exc:
            raise ProtocolError(f"unexpected audit list: {exc.error_count()} errors") from exc

    # -- plumbing ------------------------------------------------------------------------

    def _adopt(self, tokens: TokenPair) -> None:
        with self._lock:
            self._access_token = tokens.access_token
            self._refresh_token = tokens.refresh_token
        if self.on_tokens:
            self.on_tokens(tokens)

    def _refresh(self) -> TokenPair:
        with self._lock:
            token = self._refresh_token
        if not token:
            raise SessionExpired("no refresh token")
        body = RefreshRequest(refresh_token=token).model_dump()
        try:
            tokens = self._call("POST", "/auth/refresh", TokenPair, json=body, auth=False)
        except AuthenticationFailed as exc:
            with self._lock:
                self._access_token = self._refresh_token = None
            raise SessionExpired(exc.detail, status=exc.status) from exc
        self._adopt(tokens)
        return tokens

    def _call(self, method: str, path: str, model: type[M], **kwargs: Any) -> M:
        response = self._send(method, path, **kwargs)
        try:
            return model.model_validate(self._json(response))
        except ValidationError as exc:
            raise ProtocolError(
                f"{method} {path}: response does not match {model.__name__} "
                f"({exc.error_count()} errors)"
            ) from exc

    def _send(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> bytes:
        status, body = self._exchange(method, path, auth=auth, **kwargs)
        if status == 401 and auth and self._refresh_token:
            self._refresh()
            status, body = self._exchange(method, path, auth=auth, **kwargs)
        if status >= 400:
            raise _error_for(status, self._problem(body))
        return body

    def _exchange(self, method: str, path: str, *, auth: bool, **kwargs: Any) -> tuple[int, bytes]:
        headers = dict(kwargs.pop("headers", {}) or {})
        if auth and self._access_token:
            headers["Authorization"] = f"Bearer {self._access_token}"
        try:
            with self._http.stream(method, path, headers=headers, **kwargs) as response:
                return response.status_code, self._read_capped(response)
        except httpx.TimeoutException as exc:
            raise BackendUnavailable(f"{method} {path}: timed out") from exc
        except (httpx.TransportError, OSError) as exc:
            raise BackendUnavailable(f"{method} {path}: {type(exc).__name__}") from exc

    def _read_capped(self, response: httpx.Response) -> bytes:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self._max_bytes:
                raise ProtocolError(f"response larger than {self._max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _json(body: bytes) -> Any:
        try:
            return json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ProtocolError(
                f"response is not JSON: {exc.msg if hasattr(exc, 'msg') else exc}"
            ) from exc

    @staticmethod
    def _problem(body: bytes) -> Problem | None:
        try:
            return Problem.model_validate_json(body)
        except ValidationError:
            return None
