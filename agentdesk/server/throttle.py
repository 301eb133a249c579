"""Lock-outs after repeated failures: sign-ins per username and per client address, and
verification attempts (one-time codes, knowledge questions) per agent and per address.

Failures are counted in moving windows by the ``limits`` package, in the storage that
``server.rate_limit_storage`` names: ``memory://`` for one worker, ``redis://…`` for several
behind a load balancer (they then share the counts). ``failures`` failures of one key within
``lockout_minutes`` lock that key for ``lockout_minutes``. A lock-out says nothing about the key:
an unknown username is counted and locked exactly as a real one.

The windows run on the wall clock (``limits`` keeps its own time), not the server's clock.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from agentdesk.config.server import ServerSettings
from agentdesk.domain.errors import Locked

__all__ = ["Throttle", "Throttles"]


@dataclass(frozen=True)
class _Rule:
    scope: str
    failures: RateLimitItem


class Throttle:
    """Failures of one kind of act, keyed by who or where they come from."""

    def __init__(
        self,
        limiter: MovingWindowRateLimiter,
        name: str,
        failures: dict[str, int],
        lockout_minutes: int,
        *,
        code: str,
        detail: str,
    ) -> None:
        self._limiter = limiter
        self._rules = {
            scope: _Rule(f"{name}:{scope}", RateLimitItemPerMinute(limit, lockout_minutes))
            for scope, limit in failures.items()
        }
        self._lock = RateLimitItemPerMinute(1, lockout_minutes)
        self._code = code
        self._detail = detail

    def _key(self, scope: str, value: str) -> tuple[str, str]:
        return f"{self._rules[scope].scope}:locked", value.casefold()

    def check(self, now: datetime, **keys: str) -> None:
        """Raise Locked (with the time left) if any of ``keys`` (scope=value) is locked out."""
        left = 0.0
        for scope, value in keys.items():
            lock_scope, ident = self._key(scope, value)
            if not self._limiter.test(self._lock, lock_scope, ident):
                stats = self._limiter.get_window_stats(self._lock, lock_scope, ident)
                left = max(left, stats.reset_time - time.time(), 1.0)
        if left:
            raise Locked(self._code, self._detail, until=now + timedelta(seconds=left), now=now)

    def failed(self, **keys: str) -> bool:
        """Count one failure for each of ``keys``; True if that locked any of them out."""
        locked = False
        for scope, value in keys.items():
            rule = self._rules[scope]
            ident = value.casefold()
            self._limiter.hit(rule.failures, rule.scope, ident)
            if not self._limiter.test(rule.failures, rule.scope, ident):
                self._limiter.hit(self._lock, *self._key(scope, value))
                self._limiter.clear(rule.failures, rule.scope, ident)
                locked = True
        return locked

    def succeeded(self, **keys: str) -> None:
        """Forget the failures of ``keys`` (a right password ends a run of typos)."""
        for scope, value in keys.items():
            rule = self._rules[scope]
            self._limiter.clear(rule.failures, rule.scope, value.casefold())


class Throttles:
    """The server's throttles, over one storage."""

    def __init__(self, settings: ServerSettings) -> None:
        limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage))
        minutes = settings.lockout_minutes
        self.login = Throttle(
            limiter,
            "login",
            {
                "account": settings.login_failures_per_account,
                "address": settings.login_failures_per_address,
            },
            minutes,
            code="auth.locked",
            detail="too many failed sign-ins: try again later",
        )
        self.verification = Throttle(
            limiter,
            "verification",
            {
                "agent": settings.otp_failures_per_agent,
                "address": settings.login_failures_per_address,
            },
            minutes,
            code="verification.throttled",
            detail="too many failed verification attempts from this desk: try again later",
        )
