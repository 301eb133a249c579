"""Typed calls to the AgentDesk backend over an injected ``httpx.Client``.

Every failure becomes an ``agentdesk.errors.ApiError`` subclass: network trouble is
BackendUnavailable, problem+json bodies map by status, and a body that is not what the contract
says (wrong types, truncated JSON, far too large) is ProtocolError. Signed-in calls and
the event stream carry their token through one ``httpx.Auth`` (``agentdesk.client.auth``): a 401
is answered by one token refresh and a retry; refresh tokens rotate, and ``on_tokens`` hears of
each new pair so the session can keep the refresh token in the keyring.

Sync calls (``changes``, ``push``) and the ticket calls with ``If-Match`` raise the typed errors
of ``agentdesk.client.errors``; ``events`` opens the live stream (``agentdesk.client.sse``).

Threading: one ApiClient is shared by the UI's background operations, the sync runner and the
event listener; httpx.Client is thread-safe and TokenAuth serialises the refreshes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from datetime import date
from typing import Any, Literal, NamedTuple, TypeVar
from urllib.parse import quote

import httpx
from httpx_sse import connect_sse
from pydantic import BaseModel, TypeAdapter, ValidationError

from agentdesk.client.auth import REFRESH_PATH, TokenAuth
from agentdesk.client.changes_page import parse_changes
from agentdesk.client.errors import StaleRecord, error_for, network_error
from agentdesk.client.sse import EventStream
from agentdesk.contract.admin import (
    AuditEvent,
    AuditPage,
    Health,
    PasswordReset,
    StaffUser,
    SystemSettings,
    TeamInfo,
    TeamUpdate,
    UserCreate,
    UserUpdate,
)
from agentdesk.contract.auth import LoginRequest, TokenPair
from agentdesk.contract.customers import CustomerLookup, CustomerProfile
from agentdesk.contract.flows import FlowPublish, FlowVersionInfo, FlowVersionRecord
from agentdesk.contract.reference import (
    ComplaintCategoryList,
    ProductShelf,
    QueueList,
    WrapUpCodeList,
)
from agentdesk.contract.supervisor import (
    AgentLogout,
    AgentNotReady,
    Broadcast,
    BroadcastRequest,
    ExtensionDecision,
    ExtensionRequest,
    IntervalStats,
    QueueMove,
    SupervisorSnapshot,
)
from agentdesk.contract.sync import (
    ChangesPage,
    PushRequest,
    PushResponse,
    TicketPatch,
    TicketRecord,
    WorkingSetRequest,
)
from agentdesk.contract.telephony import (
    AgentCallState,
    OfferedCall,
    OutboundCallRequest,
    PresenceRequest,
    QueueBoard,
    TransferRequest,
)
from agentdesk.contract.tickets import (
    Assignee,
    ClockEventCreate,
    NoticeCreate,
    TicketActivity,
    TicketTransition,
)
from agentdesk.contract.verification import (
    OtpChallenge,
    UnmaskedValue,
    UnmaskRequest,
    VerificationRequest,
    VerificationStatus,
)
from agentdesk.domain.presence import AgentState, NotReadyReason
from agentdesk.errors import ApiError, BackendUnavailable, ProtocolError

__all__ = ["ApiClient", "ChangesBody", "parse_changes"]

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
CallAction = Literal["answer", "hold", "resume", "hangup"]
MAX_RESPONSE_BYTES = 8 * 1024 * 1024
# The server pings the event stream every ~15 s: a read that waits much longer is a dead link.
EVENTS_TIMEOUT = httpx.Timeout(10.0, connect=5.0, read=45.0)
_FLOW_LIST = TypeAdapter(list[FlowVersionInfo])
_ACTIVITY_LIST = TypeAdapter(list[TicketActivity])
_ASSIGNEE_LIST = TypeAdapter(list[Assignee])
_INTERVAL_LIST = TypeAdapter(list[IntervalStats])
_STAFF_LIST = TypeAdapter(list[StaffUser])
_TEAM_LIST = TypeAdapter(list[TeamInfo])


class _Reply(NamedTuple):
    status: int
    headers: httpx.Headers
    body: bytes
    links: dict[str | None, dict[str, str]]  # the Link header, parsed by httpx (RFC 8288)


class ChangesBody(NamedTuple):
    body: bytes
    next_since: int | None  # the ``since`` of the page the Link header names as next


def _next_since(links: dict[str | None, dict[str, str]]) -> int | None:
    """The ``since`` of the page a ``Link: <…?since=N…>; rel="next"`` header names, if any."""
    url = links.get("next", {}).get("url")
    since = httpx.URL(url).params.get("since", "") if url else ""
    return int(since) if since.isdigit() else None


class ApiClient:
    def __init__(
        self,
        http: httpx.Client,
        *,
        on_tokens: Callable[[TokenPair], None] | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._http = http
        self._auth = TokenAuth(http, on_tokens=on_tokens)
        self._max_bytes = max_response_bytes

    # -- session -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return str(self._http.base_url)

    @property
    def signed_in(self) -> bool:
        return self._auth.signed_in

    @property
    def on_tokens(self) -> Callable[[TokenPair], None] | None:
        return self._auth.on_tokens

    @on_tokens.setter
    def on_tokens(self, on_tokens: Callable[[TokenPair], None] | None) -> None:
        self._auth.on_tokens = on_tokens

    def login(self, username: str, password: str, workstation_id: str) -> TokenPair:
        body = LoginRequest(username=username, password=password, workstation_id=workstation_id)
        tokens = self._call("POST", "/auth/login", TokenPair, json=body.model_dump(), auth=False)
        self._auth.adopt(tokens)
        return tokens

    def resume(self, refresh_token: str) -> TokenPair:
        """Start a session from a stored refresh token (it is rotated)."""
        self._auth.adopt_refresh_token(refresh_token)
        with _transport_errors(f"POST {REFRESH_PATH}"):
            return self._auth.refresh()

    def logout(self) -> None:
        token = self._auth.forget()
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

    # -- scripted flows --------------------------------------------------------------------

    def published_flows(self) -> list[FlowVersionInfo]:
        return self._list("/flows", _FLOW_LIST, "flow list")

    def flow_version(self, flow_id: str, version: int) -> FlowVersionRecord:
        return self._call("GET", f"/flows/{flow_id}/versions/{version}", FlowVersionRecord)

    def publish_flow(self, source: str, file: str) -> FlowVersionInfo:
        """Publish a flow file's text (administrators): InvalidRequest lists its problems."""
        body = FlowPublish(source=source, file=file)
        return self._call("POST", "/flows", FlowVersionInfo, json=body.model_dump())

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

    def call_customer(self, customer_id: int, task_id: int | None = None) -> AgentCallState:
        """Call a customer out (from a task): the server dials their phone and the call pops on
        this desk as an inbound one does."""
        body = OutboundCallRequest(customer_id=customer_id, task_id=task_id)
        return self._call(
            "POST", "/telephony/calls/outbound", AgentCallState, json=body.model_dump(mode="json")
        )

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

    def changes_body(
        self, since: int, limit: int, scope: Mapping[str, str | int] | None = None
    ) -> ChangesBody:
        """One page of changes, not yet validated (:func:`parse_changes`), and where the next
        one starts if the server named it: the sync engine fetches pages ahead on one thread
        and validates them elsewhere. ``scope``: the cache scope's parameters (``scope``,
        ``days``, ``have``; none: every customer, as desks before cache scopes asked)."""
        params = {"since": since, "limit": limit, **(scope or {})}
        reply = self._request("GET", "/sync/changes", params=params)
        return ChangesBody(reply.body, _next_since(reply.links))

    def working_set(self, request: WorkingSetRequest) -> ChangesPage:
        """The records of customers of the caller's working set that the desk lacks (the
        server leaves out any id outside it), as a page that moves no cursor."""
        reply = self._request("POST", "/sync/working-set", json=request.model_dump(mode="json"))
        return parse_changes(reply.body)

    def push(self, request: PushRequest) -> PushResponse:
        """Send mutations; a replayed key gets its first result back (``duplicate``)."""
        # pydantic's own encoder: a batch of wrap-ups encodes 4x faster than json= would, and
        # the next batch leaves only once this one's answer is read.
        body = request.model_dump_json().encode()
        headers = {"Content-Type": "application/json"}
        return self._call("POST", "/sync/push", PushResponse, content=body, headers=headers)

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

    def transition_ticket(
        self, ticket_id: int, move: TicketTransition, if_match: str
    ) -> tuple[TicketRecord, str]:
        """Move a ticket along its lifecycle (InvalidRequest 409 naming the moves allowed)."""
        return self._ticket_post(ticket_id, "transitions", move, if_match)

    def add_clock_event(
        self, ticket_id: int, event: ClockEventCreate, if_match: str
    ) -> tuple[TicketRecord, str]:
        """Record a pause, its end, new facts or an (approved) extension on a ticket's clock."""
        return self._ticket_post(ticket_id, "clock-events", event, if_match)

    def send_notice(
        self, ticket_id: int, notice: NoticeCreate, if_match: str
    ) -> tuple[TicketRecord, str]:
        """Send the complainant the regime's letter of that kind, recorded on the ticket."""
        return self._ticket_post(ticket_id, "notices", notice, if_match)

    def ticket_activity(self, ticket_id: int) -> list[TicketActivity]:
        """The ticket's activity log, oldest first."""
        return self._list(f"/tickets/{ticket_id}/activity", _ACTIVITY_LIST, "activity log")

    def assignable(self, ticket_id: int) -> list[Assignee]:
        """Whom the ticket may be assigned to (recusal applied by the server)."""
        return self._list(f"/tickets/{ticket_id}/assignable", _ASSIGNEE_LIST, "assignee list")

    def request_extension(
        self, ticket_id: int, request: ExtensionRequest, if_match: str
    ) -> tuple[TicketRecord, str]:
        """The assignee asks a supervisor of the ticket's team for more time."""
        return self._ticket_post(ticket_id, "extension-request", request, if_match)

    # -- the supervisor's console (agentdesk.contract.supervisor) ----------------------------

    def supervisor_snapshot(self) -> SupervisorSnapshot:
        """Everything the console shows for the supervisor's team (403 for an agent)."""
        return self._call("GET", "/supervisor/snapshot", SupervisorSnapshot)

    def supervisor_intervals(
        self, start: date, end: date, queue: str | None = None
    ) -> list[IntervalStats]:
        """The team's interval figures of the days ``start`` to ``end``."""
        params = _interval_params(start, end, queue)
        return self._list("/supervisor/intervals", _INTERVAL_LIST, "interval list", params=params)

    def supervisor_intervals_csv(self, start: date, end: date, queue: str | None = None) -> bytes:
        """The same figures as CSV (what the export writes to a file, as the server made it)."""
        params = _interval_params(start, end, queue)
        return self._send("GET", "/supervisor/intervals.csv", params=params)

    def supervisor_not_ready(self, username: str, request: AgentNotReady) -> None:
        """Set an agent of the team not ready (during a call: after its wrap-up)."""
        path = f"/supervisor/agents/{quote(username, safe='')}/not-ready"
        self._send("POST", path, json=request.model_dump(mode="json"))

    def supervisor_logout(self, username: str, request: AgentLogout) -> None:
        """Log an agent of the team out of the phone."""
        path = f"/supervisor/agents/{quote(username, safe='')}/logout"
        self._send("POST", path, json=request.model_dump(mode="json"))

    def supervisor_move_call(self, call_id: str, move: QueueMove) -> None:
        """Move a waiting call to another queue (it keeps its place by arrival time)."""
        path = f"/supervisor/calls/{quote(call_id, safe='')}/move"
        self._send("POST", path, json=move.model_dump(mode="json"))

    def supervisor_broadcast(self, request: BroadcastRequest) -> Broadcast:
        """Send a message to every desk of the team."""
        body = request.model_dump(mode="json")
        return self._call("POST", "/supervisor/broadcast", Broadcast, json=body)

    def supervisor_extension(self, ticket_id: int, decision: ExtensionDecision) -> None:
        """Approve or refuse the extension an agent asked for on a ticket of the team."""
        path = f"/supervisor/tickets/{ticket_id}/extension"
        self._send("POST", path, json=decision.model_dump(mode="json"))

    def _ticket_post(
        self, ticket_id: int, action: str, body: BaseModel, if_match: str
    ) -> tuple[TicketRecord, str]:
        try:
            reply = self._request(
                "POST",
                f"/tickets/{ticket_id}/{action}",
                json=body.model_dump(mode="json"),
                headers={"If-Match": if_match},
            )
        except StaleRecord as exc:
            exc.etag = exc.etag or (f'W/"{exc.current["version"]}"' if exc.current else None)
            raise
        return self._model(reply, TicketRecord, f"POST /tickets/{action}"), self._etag(reply)

    def events(self, last_event_id: int | None = None) -> EventStream:
        """Open the live event stream, resuming after ``last_event_id``; iterate the result
        for ServerEvents and close it when done (or use it as a context manager). An expired
        access token is refreshed on the way, as for any call."""
        headers = {} if last_event_id is None else {"Last-Event-ID": str(last_event_id)}
        stack = ExitStack()
        try:
            with _transport_errors("GET /events"):
                source = stack.enter_context(
                    connect_sse(
                        self._http,
                        "GET",
                        "/events",
                        headers=headers,
                        timeout=EVENTS_TIMEOUT,
                        auth=self._auth,
                    )
                )
                status = source.response.status_code
                if status >= 400:
                    raise error_for(status, self._read_capped(source.response))
            return EventStream(stack, source)
        except BaseException:
            stack.close()
            raise

    def audit_events(self, limit: int = 100) -> list[AuditEvent]:
        """The newest audit events (the first page of ``GET /admin/audit``)."""
        page = self._call("GET", "/admin/audit", AuditPage, params={"limit": limit})
        return page.events

    # -- administration (agentdesk.contract.admin; 403 for agents and supervisors) -----------

    def audit_page(
        self, filters: dict[str, str], before: int | None = None, limit: int = 100
    ) -> AuditPage:
        """One page of audit events, newest first; ``filters`` are the query names of
        ``GET /admin/audit`` (username, customer_id, action, entity, start, end)."""
        params: dict[str, str | int] = {**filters, "limit": limit}
        if before is not None:
            params["before"] = before
        return self._call("GET", "/admin/audit", AuditPage, params=params)

    def audit_csv(self, filters: dict[str, str]) -> bytes:
        """Every event matching ``filters`` as CSV, as the server made it."""
        return self._send("GET", "/admin/audit.csv", params=filters)

    def admin_users(self) -> list[StaffUser]:
        return self._list("/admin/users", _STAFF_LIST, "staff list")

    def admin_create_user(self, request: UserCreate) -> StaffUser:
        body = request.model_dump(mode="json", exclude_none=True)
        return self._call("POST", "/admin/users", StaffUser, json=body)

    def admin_update_user(self, username: str, request: UserUpdate) -> StaffUser:
        """Change only the fields set in ``request`` (active=False deactivates)."""
        path = f"/admin/users/{quote(username, safe='')}"
        body = request.model_dump(mode="json", exclude_unset=True)
        return self._call("PATCH", path, StaffUser, json=body)

    def admin_reset_password(self, username: str, request: PasswordReset) -> None:
        path = f"/admin/users/{quote(username, safe='')}/password"
        self._send("POST", path, json=request.model_dump(mode="json"))

    def admin_teams(self) -> list[TeamInfo]:
        return self._list("/admin/teams", _TEAM_LIST, "team list")

    def admin_update_team(self, name: str, request: TeamUpdate) -> TeamInfo:
        path = f"/admin/teams/{quote(name, safe='')}"
        return self._call("PUT", path, TeamInfo, json=request.model_dump(mode="json"))

    def admin_settings(self) -> SystemSettings:
        return self._call("GET", "/admin/settings", SystemSettings)

    def admin_save_settings(self, settings: SystemSettings) -> SystemSettings:
        """Save with If-Match of ``settings.version``; StaleRecord (412) when someone else
        saved in between."""
        body = settings.model_dump(mode="json")
        headers = {"If-Match": f'W/"{settings.version}"'}
        return self._call("PUT", "/admin/settings", SystemSettings, json=body, headers=headers)

    # -- plumbing ------------------------------------------------------------------------

    def adopt_refresh_token(self, refresh_token: str) -> None:
        """Hold a stored refresh token without using it yet (an offline session): the first
        call that reaches the backend gets a 401 and refreshes with it."""
        self._auth.adopt_refresh_token(refresh_token)

    def _call(self, method: str, path: str, model: type[M], **kwargs: Any) -> M:
        return self._model(self._request(method, path, **kwargs), model, f"{method} {path}")

    def _list(self, path: str, adapter: TypeAdapter[list[M]], what: str, **kwargs: Any) -> list[M]:
        data = self._json(self._send("GET", path, **kwargs))
        try:
            return adapter.validate_python(data)
        except ValidationError as exc:
            raise ProtocolError(f"unexpected {what}: {exc.error_count()} errors") from exc

    def _model(self, reply: _Reply, model: type[M], what: str) -> M:
        try:
            return model.model_validate(self._json(reply.body))
        except ValidationError as exc:
            raise ProtocolError(
                f"{what}: response does not match {model.__name__} ({exc.error_count()} errors)"
            ) from exc

    @staticmethod
    def _etag(reply: _Reply) -> str:
        etag: str | None = reply.headers.get("etag")
        if not etag:
            raise ProtocolError("a versioned record came without an ETag")
        return etag

    def _send(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> bytes:
        return self._request(method, path, auth=auth, **kwargs).body

    def _request(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> _Reply:
        with _transport_errors(f"{method} {path}"):
            with self._http.stream(
                method, path, auth=self._auth if auth else None, **kwargs
            ) as response:
                body = self._read_capped(response)
                reply = _Reply(response.status_code, response.headers, body, response.links)
        if reply.status >= 400:
            error = error_for(
                reply.status, reply.body, retry_after=reply.headers.get("retry-after")
            )
            if isinstance(error, StaleRecord):
                error.etag = reply.headers.get("etag")
            raise error
        return reply

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


def _interval_params(start: date, end: date, queue: str | None) -> dict[str, str]:
    params = {"start": start.isoformat(), "end": end.isoformat()}
    if queue:
        params["queue"] = queue
    return params


@contextmanager
def _transport_errors(what: str) -> Iterator[None]:
    """Network trouble during ``what`` as BackendUnavailable, whoever met it (the call, the
    token refresh on its way, the event stream's connect)."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise BackendUnavailable(f"{what}: timed out") from exc
    except (httpx.TransportError, OSError) as exc:
        raise network_error(what, exc) from exc
