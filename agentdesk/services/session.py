"""The signed-in session: login, resume from the keyring, offline unlock, logout.

The refresh token goes to the OS keyring through CredentialStore, never to a file. When no
secure keyring exists the login still succeeds, and ``secrets_stored`` is False with the reason
in ``secrets_problem`` so the UI can tell the agent they will have to sign in again.

Offline unlock: every online login with a password keeps an argon2 verifier of it, with the
time, in the encrypted cache. While the backend is unreachable, ``unlock_offline`` accepts the
same password within ``offline_unlock_hours`` of that login and starts an offline session:
changes queue in the outbox, and the sync runner signs in with the stored refresh token once
the backend answers again.

Threading: the methods block (network, argon2); the UI calls them from background operations.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from agentdesk.cache import sync_state
from agentdesk.client import ApiClient
from agentdesk.contract.auth import TokenPair, UserInfo
from agentdesk.credentials import CredentialStore
from agentdesk.domain.clock import Clock
from agentdesk.errors import AgentDeskError, CredentialStoreUnavailable, SessionExpired
from agentdesk.events import (
    Connectivity,
    ConnectivityChanged,
    EventBus,
    SessionEnded,
    SessionStarted,
)
from agentdesk.services.local_cache import LocalCache
from agentdesk.sync.connectivity import ConnectivityTracker

__all__ = ["LastLogin", "OfflineUnlockRefused", "SessionService"]

log = logging.getLogger(__name__)

ApiFactory = Callable[[str], ApiClient]
VERIFIER_PREFIX = "offline-unlock:"
MAX_OFFLINE_ATTEMPTS = 5
# A clock that went back a little (NTP) is no reason to refuse; a large jump back is.
_CLOCK_SKEW = timedelta(minutes=5)


class OfflineUnlockRefused(AgentDeskError):
    """Offline unlock said no. ``reason`` (a code for the UI): ``never_online`` (no online
    login on this workstation to unlock from), ``expired`` (the last online login is older
    than the window), ``wrong_password``, ``too_many_attempts``, ``no_cache``."""

    code = "auth.offline_unlock_refused"

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason, reason=reason)
        self.reason = reason


def _utc(clock: Clock) -> datetime:
    return clock().astimezone(UTC)


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
        cache: LocalCache | None = None,
        connectivity: ConnectivityTracker | None = None,
        clock: Clock = lambda: datetime.now(UTC),
        offline_unlock_hours: float = 12.0,
    ) -> None:
        self._api_factory = api_factory
        self._credentials = credentials
        self._bus = bus
        self._last_login_file = data_dir / "last-login.json"
        self._workstation_id = workstation_id
        self._default_server_url = default_server_url
        self._api: ApiClient | None = None
        self._user: UserInfo | None = None
        self._cache = cache
        self._connectivity = connectivity
        self._clock = clock
        self._offline_window = timedelta(hours=offline_unlock_hours)
        self._hasher = PasswordHasher()
        self._offline_failures = 0
        self._offline_lock = threading.Lock()
        self.secrets_problem: str | None = None
        self.started_offline = False

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
        self._keep_offline_verifier(server_url, tokens.user, password)
        return self._start(api, server_url, tokens)

    def unlock_offline(self, username: str, password: str) -> UserInfo:
        """Start an offline session with the password of a recent online login.

        Raises OfflineUnlockRefused (with ``reason``). The session's API client holds the
        stored refresh token, so the sync runner signs in once the backend is back.
        """
        username = username.strip()
        with self._offline_lock:
            if self._offline_failures >= MAX_OFFLINE_ATTEMPTS:
                raise OfflineUnlockRefused("too_many_attempts")
        record = self._offline_verifier(username)
        at = datetime.fromisoformat(record["at"])
        now = _utc(self._clock)
        if not (at - _CLOCK_SKEW <= now <= at + self._offline_window):
            raise OfflineUnlockRefused("expired")
        try:
            self._hasher.verify(record["hash"], password)
        except (VerificationError, InvalidHashError) as exc:
            with self._offline_lock:
                self._offline_failures += 1
            raise OfflineUnlockRefused("wrong_password") from exc
        with self._offline_lock:
            self._offline_failures = 0
        user = UserInfo.model_validate(record["user"])
        last = LastLogin(str(record["server_url"]), user.username)
        api = self._api_factory(last.server_url)
        try:
            token = self._credentials.get(self._secret_key(last))
        except CredentialStoreUnavailable as exc:
            self.secrets_problem, token = exc.detail, None
        if token:
            api.adopt_refresh_token(token)
        api.on_tokens = lambda pair: self._store_refresh_token(last, pair)
        self._api, self._user, self.started_offline = api, user, True
        self._bus.publish(SessionStarted(user.username, user.display_name, user.role.value))
        self._publish_connectivity(Connectivity.OFFLINE)
        return user

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
        api, user, self._api, self._user = self._api, self._user, None, None
        if api is not None:
            api.logout()
        self._forget(self.last_login())
        if user is not None:
            # Signing out means "done here": no offline unlock until the next online login.
            self._drop_offline_verifier(user.username)
        self._bus.publish(SessionEnded("logout"))

    # -- internals -----------------------------------------------------------------------

    def _start(self, api: ApiClient, server_url: str, tokens: TokenPair) -> UserInfo:
        self._api, self._user, self.started_offline = api, tokens.user, False
        last = LastLogin(server_url.strip().rstrip("/"), tokens.user.username)
        self._remember(last)
        self._store_refresh_token(last, tokens)
        api.on_tokens = lambda pair: self._store_refresh_token(last, pair)
        self._bus.publish(
            SessionStarted(tokens.user.username, tokens.user.display_name, tokens.user.role.value)
        )
        self._publish_connectivity(Connectivity.ONLINE)
        return tokens.user

    def _publish_connectivity(self, state: Connectivity) -> None:
        if self._connectivity is not None:
            self._connectivity.set_state(state)
        else:
            self._bus.publish(ConnectivityChanged(state))

    # -- offline verifier (in the encrypted cache) ----------------------------------------

    def _keep_offline_verifier(self, server_url: str, user: UserInfo, password: str) -> None:
        if self._cache is None:
            return
        record = {
            "hash": self._hasher.hash(password),
            "at": _utc(self._clock).isoformat(),
            "user": user.model_dump(mode="json"),
            "server_url": server_url.strip().rstrip("/"),
        }
        name, value = VERIFIER_PREFIX + user.username, json.dumps(record)
        try:
            self._cache.open().write(lambda conn: sync_state.set_value(conn, name, value))
        except AgentDeskError as exc:  # the login itself succeeded; only offline unlock is lost
            log.warning("offline unlock not kept: %s", exc.code)
        with self._offline_lock:
            self._offline_failures = 0

    def _offline_verifier(self, username: str) -> dict[str, Any]:
        if self._cache is None:
            raise OfflineUnlockRefused("no_cache")
        try:
            name = VERIFIER_PREFIX + username
            value = self._cache.read(lambda conn: sync_state.get_value(conn, name))
        except AgentDeskError as exc:
            raise OfflineUnlockRefused("no_cache", exc.detail) from exc
        if not value:
            raise OfflineUnlockRefused("never_online")
        try:
            record = json.loads(value)
            return {**record, "at": str(record["at"]), "hash": str(record["hash"])}
        except (ValueError, KeyError, TypeError) as exc:
            raise OfflineUnlockRefused("never_online", "unreadable verifier") from exc

    def _drop_offline_verifier(self, username: str) -> None:
        if self._cache is None or not self._cache.is_open:
            return
        name = VERIFIER_PREFIX + username
        try:
            self._cache.open().write(lambda conn: sync_state.set_value(conn, name, ""))
        except AgentDeskError as exc:
            log.warning("offline unlock not withdrawn: %s", exc.code)

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
