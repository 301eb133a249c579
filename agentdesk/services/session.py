"""The signed-in session: login, resume from the keyring, logout.

The refresh token goes to the OS keyring through CredentialStore, never to a file. When no
secure keyring exists the login still succeeds, and ``secrets_stored`` is False with the reason
in ``secrets_problem`` so the UI can tell the agent they will have to sign in again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from agentdesk.client import ApiClient
from agentdesk.contract.auth import TokenPair, UserInfo
from agentdesk.credentials import CredentialStore
from agentdesk.errors import AgentDeskError, CredentialStoreUnavailable, SessionExpired
from agentdesk.events import (
    Connectivity,
    ConnectivityChanged,
    EventBus,
    SessionEnded,
    SessionStarted,
)

__all__ = ["LastLogin", "SessionService"]

log = logging.getLogger(__name__)

ApiFactory = Callable[[str], ApiClient]


@dataclass(frozen=True)
class LastLogin:
    server_url: str
    username: str


class SessionService:
    def __init__(
        self,
        api_factory: ApiFactory,
        credentials: CredentialStore,
        bus: EventBus,
        *,
        data_dir: Path,
        workstation_id: str,
        default_server_url: str = "",
    ) -> None:
        self._api_factory = api_factory
        self._credentials = credentials
        self._bus = bus
        self._last_login_file = data_dir / "last-login.json"
        self._workstation_id = workstation_id
        self._default_server_url = default_server_url
        self._api: ApiClient | None = None
        self._user: UserInfo | None = None
        self.secrets_problem: str | None = None

    # -- state ---------------------------------------------------------------------------

    @property
    def api(self) -> ApiClient:
        if self._api is None or self._user is None:
            raise SessionExpired("not signed in")
        return self._api

    @property
    def user(self) -> UserInfo | None:
        return self._user

    @property
    def workstation_id(self) -> str:
        return self._workstation_id

    @property
    def secrets_stored(self) -> bool:
        return self.secrets_problem is None

    def last_login(self) -> LastLogin:
        try:
            data = json.loads(self._last_login_file.read_text(encoding="utf-8"))
            return LastLogin(str(data["server_url"]), str(data["username"]))
        except (OSError, ValueError, KeyError, TypeError):
            return LastLogin(self._default_server_url, "")

    # -- actions (blocking: call them from a background operation) ----------------------

    def login(self, server_url: str, username: str, password: str) -> UserInfo:
        api = self._api_factory(server_url.strip().rstrip("/"))
        tokens = api.login(username.strip(), password, self._workstation_id)
        return self._start(api, server_url, tokens)

    def resume(self) -> UserInfo | None:
        """Sign in again with the refresh token kept in the keyring, if there is one."""
        last = self.last_login()
        if not last.server_url or not last.username:
            return None
        try:
            token = self._credentials.get(self._secret_key(last))
        except CredentialStoreUnavailable as exc:
            self.secrets_problem = exc.detail
            return None
        if not token:
            return None
        api = self._api_factory(last.server_url)
        try:
            tokens = api.resume(token)
        except SessionExpired:
            self._forget(last)
            return None
        return self._start(api, last.server_url, tokens)

    def logout(self) -> None:
        api, self._api, self._user = self._api, None, None
        if api is not None:
            api.logout()
        self._forget(self.last_login())
        self._bus.publish(SessionEnded("logout"))

    # -- internals -----------------------------------------------------------------------

    def _start(self, api: ApiClient, server_url: str, tokens: TokenPair) -> UserInfo:
        self._api, self._user = api, tokens.user
        last = LastLogin(server_url.strip().rstrip("/"), tokens.user.username)
        self._remember(last)
        self._store_refresh_token(last, tokens)
        api.on_tokens = lambda pair: self._store_refresh_token(last, pair)
        self._bus.publish(
            SessionStarted(tokens.user.username, tokens.user.display_name, tokens.user.role.value)
        )
        self._bus.publish(ConnectivityChanged(Connectivity.ONLINE))
        return tokens.user

    def _store_refresh_token(self, last: LastLogin, tokens: TokenPair) -> None:
        try:
            self._credentials.put(self._secret_key(last), tokens.refresh_token)
            self.secrets_problem = None
        except CredentialStoreUnavailable as exc:
            self.secrets_problem = exc.detail
            log.warning("refresh token not kept: %s", exc.detail)

    def _forget(self, last: LastLogin) -> None:
        try:
            self._credentials.delete(self._secret_key(last))
        except AgentDeskError:
            pass  # nothing was stored

    def _remember(self, last: LastLogin) -> None:
        self._last_login_file.parent.mkdir(parents=True, exist_ok=True)
        payload = {"server_url": last.server_url, "username": last.username}
        self._last_login_file.write_text(json.dumps(payload), encoding="utf-8")

    @staticmethod
    def _secret_key(last: LastLogin) -> str:
        return f"refresh-token:{last.username}@{last.server_url}"
