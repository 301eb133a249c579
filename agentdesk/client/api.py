"""Typed calls to the AgentDesk backend over an injected ``httpx.Client``.

Every failure becomes an ``agentdesk.errors.ApiError`` subclass: network trouble is
BackendUnavailable, problem+json bodies map by status, and a body that is not what the contract
says (wrong types, truncated JSON, far too large) is ProtocolError. A 401 on a signed-in call is
answered by one token refresh and a retry; refresh tokens rotate, and ``on_tokens`` hears of each
new pair so the session can keep the refresh token in the keyring.

Sync calls (``changes``, ``push``) and the ticket calls with ``If-Match`` raise the typed errors
of ``agentdesk.client.errors``; ``events`` opens the live stream (``agentdesk.client.sse``).

Threading: one ApiClient is shared by the UI's background operations, the sync runner and the
event listener; httpx.Client is thread-safe and the tokens are swapped under a lock.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any, Literal, NamedTuple, TypeVar
from urllib.parse import parse_qs, quote, urlsplit

import httpx
from httpx_sse import connect_sse
from pydantic import BaseModel, TypeAdapter, ValidationError

from agentdesk.client.errors import IdempotencyKeyReused, PreconditionRequired, StaleRecord
from agentdesk.client.sse import EventStream
from agentdesk.contract.admin import AuditEvent, Health
from agentdesk.contract.auth import LoginRequest, RefreshRequest, TokenPair
from agentdesk.contract.customers import CustomerLookup, CustomerProfile
from agentdesk.contract.problem import Problem
from agentdesk.contract.reference import (
    ComplaintCategoryList,
    ProductShelf,
    QueueList,
    WrapUpCodeList,
)
from agentdesk.contract.sync import (
    ChangesPage,
    PushRequest,
    PushResponse,
    TicketPatch,
    TicketRecord,
)
from agentdesk.contract.telephony import (
    AgentCallState,
    OfferedCall,
    PresenceRequest,
    QueueBoard,
    TransferRequest,
)
from agentdesk.contract.verification import (
    OtpChallenge,
    UnmaskedValue,
    UnmaskRequest,
    VerificationRequest,
    VerificationStatus,
)
from agentdesk.domain.presence import AgentState, NotReadyReason
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
    VerificationLocked,
    VerificationRequired,
)

__all__ = ["ApiClient", "ChangesBody", "parse_changes"]

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
CallAction = Literal["answer", "hold", "resume", "hangup"]
MAX_RESPONSE_BYTES = 8 * 1024 * 1024
# The server pings the event stream every ~15 s: a read that waits much longer is a dead link.
EVENTS_TIMEOUT = httpx.Timeout(10.0, connect=5.0, read=45.0)
_AUDIT_LIST = TypeAdapter(list[AuditEvent])


class _Reply(NamedTuple):
    status: int
    headers: httpx.Headers
    body: bytes


def _problem_code(problem: Problem | None) -> str:
    if problem is None:
        return ""
    return problem.code or problem.type.rsplit(":", 1)[-1]


def _error_for(status: int, problem: Problem | None) -> ApiError:
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
    if status == 429 and _problem_code(problem) == "verification.locked":
        return VerificationLocked(detail, status=status)
    if status == 403:
        return PermissionDenied(detail, status=status)
    if status == 404:
        return NotFound(detail, status=status)
    if status in (502, 503, 504):
        return BackendUnavailable(detail, status=status)
    if status >= 500:
        return ServerError(detail, status=status)
    return InvalidRequest(detail, status=status, problem=problem)


def _reason(exc: BaseException) -> str:
    """``connect`` when the backend could not be reached at all (the connectivity state machine
    goes straight to offline), ``transport`` when a connection broke on the way."""
    unreachable = isinstance(exc, httpx.ConnectError | ConnectionRefusedError)
    return "connect" if unreachable else "transport"


class ChangesBody(NamedTuple):
    body: bytes
    next_since: int | None  # the ``since`` of the page the Link header names as next


_NEXT_LINK = re.compile(r'<([^>]*)>\s*;[^,]*\brel="?next"?')


def _next_since(link: str) -> int | None:
    """The ``since`` of a ``Link: <…?since=N…>; rel="next"`` header (RFC 8288), if any."""
    found = _NEXT_LINK.search(link)
    if found is None:
        return None
    since = parse_qs(urlsplit(found.group(1)).query).get("since", [""])[0]
    return int(since) if since.isdigit() else None


def parse_changes(body: bytes) -> ChangesPage:
    """A page of ``GET /sync/changes``, validated whole (pydantic's JSON validation in one
    pass: the hot path of an initial sync); ProtocolError if it is not a ChangesPage."""
    try:
        return ChangesPage.model_validate_json(body)
    except ValidationError as exc:
        raise ProtocolError(
            f"GET /sync/changes: not a ChangesPage ({exc.error_count()} errors: "
            f"{exc.errors()[0]['type']})"
        ) from exc


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
        # Held across a refresh: refresh tokens are single-use, so two threads refreshing at
        # once would present the same token twice, and the server (rightly) takes the second
        # use for theft and ends the session.
        self._refresh_lock = threading.Lock()
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

    # -- identity verification and unmasking ------------------------------------------------

    def verification_status(
        self, customer_id: int, call_id: str | None = None
    ) -> VerificationStatus:
        """This agent's verification of the customer; naming the call takes up its IVR one."""
        params = {"call_id": call_id} if call_id else None
        return self._call(
            "GET", f"/customers/{customer_id}/verification", VerificationStatus, params=params
        )

    def verify(self, customer_id: int, request: VerificationRequest) -> VerificationStatus:
        """One attempt; a wrong one is a status with ``failure`` (VerificationLocked: 429)."""
        return self._call(
            "POST",
            f"/customers/{customer_id}/verification",
            VerificationStatus,
            json=request.model_dump(mode="json", exclude_none=True),
        )

    def send_otp(self, customer_id: int) -> OtpChallenge:
        return self._call("POST", f"/customers/{customer_id}/otp", OtpChallenge)

    def unmask(self, customer_id: int, request: UnmaskRequest) -> UnmaskedValue:
        """A field in clear (VerificationRequired until the caller is verified)."""
        return self._call(
            "POST",
            f"/customers/{customer_id}/unmask",
            UnmaskedValue,
            json=request.model_dump(mode="json", exclude_none=True),
        )

    # -- reference data ------------------------------------------------------------------

    def product_shelf(self) -> ProductShelf:
        return self._call("GET", "/reference/products", ProductShelf)

    def wrap_up_codes(self) -> WrapUpCodeList:
        return self._call("GET", "/reference/wrap-up-codes", WrapUpCodeList)

    def complaint_categories(self) -> ComplaintCategoryList:
        return self._call("GET", "/reference/complaint-categories", ComplaintCategoryList)

    def queues(self) -> QueueList:
        return self._call("GET", "/reference/queues", QueueList)

    # -- telephony: presence and call control ------------------------------------------------

    def simulate_call(self) -> OfferedCall:
        return self._call("POST", "/telephony/simulate", OfferedCall)

    def telephony_me(self) -> AgentCallState:
        """This agent's presence, current call and allowed actions."""
        return self._call("GET", "/telephony/me", AgentCallState)

    def set_presence(
        self, state: AgentState, reason: NotReadyReason | None = None
    ) -> AgentCallState:
        body = PresenceRequest(state=state, reason=reason).model_dump(mode="json")
        return self._call("POST", "/telephony/presence", AgentCallState, json=body)

    def call_action(self, call_id: str, action: CallAction) -> AgentCallState:
        """Answer, hold, resume or hang up the agent's own call (a move the call's state does
        not allow is an InvalidRequest with status 409 and the reason)."""
        path = f"/telephony/calls/{quote(call_id, safe='')}/{action}"
        return self._call("POST", path, AgentCallState)

    def transfer_call(
        self, call_id: str, *, queue: str | None = None, agent: str | None = None
    ) -> AgentCallState:
        body = TransferRequest(queue=queue, agent=agent).model_dump(mode="json")
        path = f"/telephony/calls/{quote(call_id, safe='')}/transfer"
        return self._call("POST", path, AgentCallState, json=body)

    def finish_wrap_up(self) -> AgentCallState:
        return self._call("POST", "/telephony/wrap-up/finish", AgentCallState)

    def queue_board(self) -> QueueBoard:
        """Live figures of every queue, with their formulas, and the agents' presence."""
        return self._call("GET", "/telephony/queues", QueueBoard)

    # -- sync ----------------------------------------------------------------------------

    def changes(self, since: int, limit: int) -> ChangesPage:
        """One page of changes after ``since``, validated whole before it is used."""
        return parse_changes(self.changes_body(since, limit).body)

    def changes_body(self, since: int, limit: int) -> ChangesBody:
        """One page of changes, not yet validated (:func:`parse_changes`), and where the next
        one starts if the server named it: the sync engine fetches pages ahead on one thread
        and validates them elsewhere."""
        reply = self._request("GET", "/sync/changes", params={"since": since, "limit": limit})
        return ChangesBody(reply.body, _next_since(reply.headers.get("link", "")))

    def push(self, request: PushRequest) -> PushResponse:
        """Send mutations; a replayed key gets its first result back (``duplicate``)."""
        return self._call("POST", "/sync/push", PushResponse, json=request.model_dump(mode="json"))

    def get_ticket(self, ticket_id: int) -> tuple[TicketRecord, str]:
        """The ticket and its entity tag (send it back as ``if_match`` to edit)."""
        reply = self._request("GET", f"/tickets/{ticket_id}")
        return self._model(reply, TicketRecord, "GET /tickets"), self._etag(reply)

    def patch_ticket(
        self, ticket_id: int, patch: TicketPatch, if_match: str
    ) -> tuple[TicketRecord, str]:
        """Edit a ticket at the version ``if_match`` names. Someone saved first: StaleRecord
        with their record in ``current``."""
        try:
            reply = self._request(
                "PATCH",
                f"/tickets/{ticket_id}",
                json=patch.model_dump(mode="json"),
                headers={"If-Match": if_match},
            )
        except StaleRecord as exc:
            exc.etag = exc.etag or (f'W/"{exc.current["version"]}"' if exc.current else None)
            raise
        return self._model(reply, TicketRecord, "PATCH /tickets"), self._etag(reply)

    def events(self, last_event_id: int | None = None) -> EventStream:
        """Open the live event stream, resuming after ``last_event_id``; iterate the result
        for ServerEvents and close it when done (or use it as a context manager)."""
        for attempt in (1, 2):
            stack = ExitStack()
            with self._lock:
                used = self._access_token
            try:
                source = stack.enter_context(
                    connect_sse(
                        self._http,
                        "GET",
                        "/events",
                        headers=self._event_headers(last_event_id),
                        timeout=EVENTS_TIMEOUT,
                    )
                )
                status = source.response.status_code
                if status == 401 and attempt == 1 and self._refresh_token:
                    stack.close()
                    self._refresh_after(used)
                    continue
                if status >= 400:
                    body = self._read_capped(source.response)
                    raise _error_for(status, self._problem(body))
                return EventStream(stack, source)
            except httpx.TimeoutException as exc:
                stack.close()
                raise BackendUnavailable("GET /events: timed out") from exc
            except (httpx.TransportError, OSError) as exc:
                stack.close()
                raise BackendUnavailable(
                    f"GET /events: {type(exc).__name__}", reason=_reason(exc)
                ) from exc
            except BaseException:
                stack.close()
                raise
        raise SessionExpired("the event stream refused a fresh access token")

    def _event_headers(self, last_event_id: int | None) -> dict[str, str]:
        headers: dict[str, str] = {}
        with self._lock:
            if self._access_token:
                headers["Authorization"] = f"Bearer {self._access_token}"
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        return headers

    def audit_events(self, limit: int = 100) -> list[AuditEvent]:
        data = self._json(self._send("GET", "/admin/audit", params={"limit": limit}))
        try:
            return _AUDIT_LIST.validate_python(data)
        except ValidationError as exc:
            raise ProtocolError(f"unexpected audit list: {exc.error_count()} errors") from exc

    # -- plumbing ------------------------------------------------------------------------

    def adopt_refresh_token(self, refresh_token: str) -> None:
        """Hold a stored refresh token without using it yet (an offline session): the first
        call that reaches the backend gets a 401 and refreshes with it."""
        with self._lock:
            self._access_token = None
            self._refresh_token = refresh_token

    def _adopt(self, tokens: TokenPair) -> None:
        with self._lock:
            self._access_token = tokens.access_token
            self._refresh_token = tokens.refresh_token
        if self.on_tokens:
            self.on_tokens(tokens)

    def _refresh_after(self, rejected_access_token: str | None) -> None:
        """A request was refused with ``rejected_access_token``: refresh, unless another thread
        already did while this one waited (then the new access token is simply used)."""
        with self._refresh_lock:
            with self._lock:
                current = self._access_token
            if current is not None and current != rejected_access_token:
                return
            self._refresh_locked()

    def _refresh(self) -> TokenPair:
        with self._refresh_lock:
            return self._refresh_locked()

    def _refresh_locked(self) -> TokenPair:
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
        return self._model(self._request(method, path, **kwargs), model, f"{method} {path}")

    def _model(self, reply: _Reply, model: type[M], what: str) -> M:
        try:
            return model.model_validate(self._json(reply.body))
        except ValidationError as exc:
            raise ProtocolError(
                f"{what}: response does not match {model.__name__} ({exc.error_count()} errors)"
            ) from exc

    @staticmethod
    def _etag(reply: _Reply) -> str:
        etag = reply.headers.get("etag")
        if not etag:
            raise ProtocolError("a versioned record came without an ETag")
        return etag

    def _send(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> bytes:
        return self._request(method, path, auth=auth, **kwargs).body

    def _request(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> _Reply:
        with self._lock:
            used = self._access_token
        reply = self._exchange(method, path, auth=auth, **kwargs)
        if reply.status == 401 and auth and self._refresh_token:
            self._refresh_after(used)
            reply = self._exchange(method, path, auth=auth, **kwargs)
        if reply.status >= 400:
            error = _error_for(reply.status, self._problem(reply.body))
            if isinstance(error, StaleRecord):
                error.etag = reply.headers.get("etag")
            raise error
        return reply

    def _exchange(self, method: str, path: str, *, auth: bool, **kwargs: Any) -> _Reply:
        headers = dict(kwargs.pop("headers", {}) or {})
        with self._lock:
            if auth and self._access_token:
                headers["Authorization"] = f"Bearer {self._access_token}"
        try:
            with self._http.stream(method, path, headers=headers, **kwargs) as response:
                body = self._read_capped(response)
                return _Reply(response.status_code, response.headers, body)
        except httpx.TimeoutException as exc:
            raise BackendUnavailable(f"{method} {path}: timed out") from exc
        except (httpx.TransportError, OSError) as exc:
            raise BackendUnavailable(
                f"{method} {path}: {type(exc).__name__}", reason=_reason(exc)
            ) from exc

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
