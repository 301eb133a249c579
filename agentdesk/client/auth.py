"""The session's tokens on every call, and the one token refresh, as an ``httpx.Auth``.

A call goes out with the bearer access token. When the backend answers 401 (the access token
expired, or an offline session holds only a refresh token), the flow refreshes once and sends
the call again. REST calls and the event stream both go through this flow, so they refresh the
same way.

Refresh tokens rotate and are single-use: presenting one twice looks like theft, and the server
then ends every session of its family. So refreshes are serialised across threads, and a thread
that was refused with an access token another thread has meanwhile replaced simply sends again
with the new one. ``on_tokens`` hears of each new pair (the session keeps the refresh token in
the keyring). A refresh the backend refuses ends the session here too: SessionExpired.

Threading: one TokenAuth serves every thread of the process; the tokens are swapped under a
lock, and a refresh holds a second lock for its whole exchange.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator

import httpx
from pydantic import ValidationError

from agentdesk.client.errors import error_for
from agentdesk.contract.auth import RefreshRequest, TokenPair
from agentdesk.errors import ProtocolError, SessionExpired

__all__ = ["REFRESH_PATH", "TokenAuth"]

REFRESH_PATH = "/auth/refresh"


class TokenAuth(httpx.Auth):
    # The call's own reply, an event stream among them, is left unread for the caller (who
    # reads it with its bounds); the flow reads only the refresh's small reply itself.
    requires_response_body = False

    def __init__(
        self, http: httpx.Client, *, on_tokens: Callable[[TokenPair], None] | None = None
    ) -> None:
        self._http = http  # builds the refresh request: base URL and client headers
        self.on_tokens = on_tokens
        self._lock = threading.Lock()
        self._refresh_lock = threading.Lock()
        self._access_token: str | None = None
        self._refresh_token: str | None = None

    @property
    def signed_in(self) -> bool:
        return self._access_token is not None

    def adopt(self, tokens: TokenPair) -> None:
        with self._lock:
            self._access_token = tokens.access_token
            self._refresh_token = tokens.refresh_token
        if self.on_tokens:
            self.on_tokens(tokens)

    def adopt_refresh_token(self, refresh_token: str) -> None:
        """Hold a stored refresh token without using it yet: the first call that reaches the
        backend is refused and refreshes with it."""
        with self._lock:
            self._access_token = None
            self._refresh_token = refresh_token

    def forget(self) -> str | None:
        """End the session on this side; returns the refresh token to revoke, if any."""
        with self._lock:
            token, self._access_token, self._refresh_token = self._refresh_token, None, None
        return token

    def refresh(self) -> TokenPair:
        """Refresh now with the refresh token held (a session resumed from the keyring).
        Transport errors are httpx's, for the caller to map."""
        with self._refresh_lock:
            response = self._http.send(self._refresh_request(), stream=True)
            try:
                return self._take_refresh(response)
            finally:
                response.close()

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        refused = self._sign(request)
        response = yield request
        if response.status_code != 401 or self._refresh_token is None:
            return
        with self._refresh_lock:
            with self._lock:
                current = self._access_token
            if current is None or current == refused:  # else: another thread refreshed
                refreshed = yield self._refresh_request()
                self._take_refresh(refreshed)
        self._sign(request)
        yield request

    def _sign(self, request: httpx.Request) -> str | None:
        """Put the access token on ``request``; returns the token sent (None: none held)."""
        with self._lock:
            token = self._access_token
        if token is None:
            request.headers.pop("Authorization", None)
        else:
            request.headers["Authorization"] = f"Bearer {token}"
        return token

    def _refresh_request(self) -> httpx.Request:
        with self._lock:
            token = self._refresh_token
        if not token:
            raise SessionExpired("no refresh token")
        body = RefreshRequest(refresh_token=token).model_dump()
        return self._http.build_request("POST", REFRESH_PATH, json=body)

    def _take_refresh(self, response: httpx.Response) -> TokenPair:
        # Read whole, not capped: httpx reads again every reply an auth flow has seen
        # (``Response.read``), and a reply streamed here would then be "already consumed".
        body = response.read()
        if response.status_code == 401:
            with self._lock:
                self._access_token = self._refresh_token = None
            raise SessionExpired(error_for(401, body).detail, status=401)
        if response.status_code >= 400:
            raise error_for(response.status_code, body)
        try:
            tokens = TokenPair.model_validate_json(body)
        except ValidationError as exc:
            raise ProtocolError(
                f"POST {REFRESH_PATH}: response does not match TokenPair "
                f"({exc.error_count()} errors)"
            ) from exc
        self.adopt(tokens)
        return tokens
