"""Password hashing and the tokens of a session.

Passwords are hashed with Argon2id (argon2-cffi defaults). Access tokens are short-lived JWTs
(HS256) signed with the current key of the server's key ring (``signing_keys``: never in the
database) and naming it in their ``kid`` header; they carry the workstation they were issued
for (``ws``) and their sign-in (``sid``, the token family). Refresh tokens are opaque random
strings (short enough for any OS keyring), stored only as SHA-256 hashes; each use retires the
token and issues a successor in the same family, and a retired token presented again revokes
the whole family (it was stolen, or the legitimate copy was) unless it comes within the grace
window of its use (two refreshes racing, from the same desk). A revoked family's access tokens
are refused at once: every request checks its family (:meth:`TokenService.verify_access`).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agentdesk.config.server import ServerSettings
from agentdesk.contract.auth import Role, TokenPair, UserInfo
from agentdesk.domain.clock import Clock
from agentdesk.server.models import RefreshToken, TokenFamily, User, rows_changed
from agentdesk.server.signing_keys import KeyRing

__all__ = [
    "AccessClaims",
    "InvalidToken",
    "TokenReused",
    "TokenService",
    "hash_password",
    "verify_password",
]

_hasher = PasswordHasher()
JWT_ALGORITHM = "HS256"


def hash_password(password: str) -> str:
    """Argon2id hash of ``password``, in the PHC string format."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if ``password`` matches ``password_hash``; never raises on a bad hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Checked against when the username is unknown, so a wrong username costs as long as a wrong
# password and response times do not tell which usernames exist.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def burn_password_check(password: str) -> None:
    verify_password(_DUMMY_HASH, password)


class InvalidToken(Exception):
    """A token that is missing, malformed, expired, revoked or reused."""


class TokenReused(InvalidToken):
    """A retired refresh token came back after the grace window: its family is now revoked."""

    def __init__(self, user_id: int, workstation_id: str, family: str) -> None:
        super().__init__("refresh token reused")
        self.user_id = user_id
        self.workstation_id = workstation_id
        self.family = family


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    role: Role
    workstation_id: str
    family: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def user_info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        team=user.team,
    )


class TokenService:
    """Issues, rotates, revokes and verifies the tokens of every session."""

    def __init__(self, settings: ServerSettings, keys: KeyRing, *, clock: Clock) -> None:
        self._access_lifetime = timedelta(minutes=settings.access_token_minutes)
        self._refresh_lifetime = timedelta(days=settings.refresh_token_days)
        self._grace = timedelta(seconds=settings.refresh_grace_seconds)
        self._keys = keys
        self._clock = clock

    # -- access tokens -------------------------------------------------------------------

    def _access_token(self, user: User, family: TokenFamily) -> str:
        now = self._clock()
        claims = {
            "sub": str(user.id),
            "role": user.role,
            "ws": family.workstation_id,
            "sid": family.family,
            "iat": int(now.timestamp()),
            "exp": int((now + self._access_lifetime).timestamp()),
        }
        key = self._keys.current
        return jwt.encode(claims, key.secret, algorithm=JWT_ALGORITHM, headers={"kid": key.kid})

    def verify_access(self, session: Session, token: str) -> AccessClaims:
        """The claims of a valid access token whose sign-in is still on (one primary-key read
        of its family); InvalidToken otherwise."""
        try:
            key = self._keys.find(str(jwt.get_unverified_header(token).get("kid", "")))
            if key is None:
                raise InvalidToken("access token signed with an unknown key")
            claims = jwt.decode(
                token,
                key.secret,
                algorithms=[JWT_ALGORITHM],
                # Expiry is checked against the injected clock below, not PyJWT's wall clock.
                options={
                    "require": ["sub", "exp", "ws", "sid"],
                    "verify_exp": False,
                    "verify_iat": False,
                },
            )
            if self._clock().timestamp() >= claims["exp"]:
                raise InvalidToken("access token expired")
            found = AccessClaims(
                user_id=int(claims["sub"]),
                role=Role(claims.get("role", "")),
                workstation_id=str(claims["ws"]),
                family=str(claims["sid"]),
            )
        except (jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
            raise InvalidToken("access token invalid") from exc
        family = session.get(TokenFamily, found.family)
        if (
            family is None
            or family.revoked_at is not None
            or family.user_id != found.user_id
            or not found.workstation_id
        ):
            raise InvalidToken("access token of a session that has ended")
        return found

    # -- refresh tokens ------------------------------------------------------------------

    def _new_refresh(self, session: Session, user: User, family: TokenFamily) -> str:
        token = secrets.token_urlsafe(32)
        now = self._clock()
        session.add(
            RefreshToken(
                token_hash=_digest(token),
                family=family.family,
                user_id=user.id,
                workstation_id=family.workstation_id,
                issued_at=now,
                expires_at=now + self._refresh_lifetime,
                used_at=None,
                revoked=False,
            )
        )
        return token

    def _pair(self, session: Session, user: User, family: TokenFamily) -> TokenPair:
        refresh = self._new_refresh(session, user, family)
        return TokenPair(
            access_token=self._access_token(user, family),
            refresh_token=refresh,
            expires_in=int(self._access_lifetime.total_seconds()),
            user=user_info(user),
        )

    def issue(self, session: Session, user: User, workstation_id: str) -> TokenPair:
        """A fresh pair for a new login, starting a new token family. The caller commits."""
        if not workstation_id:
            raise ValueError("a session is bound to a workstation")
        family = TokenFamily(
            family=uuid.uuid4().hex,
            user_id=user.id,
            workstation_id=workstation_id,
            started_at=self._clock(),
            revoked_at=None,
        )
        session.add(family)
        return self._pair(session, user, family)

    def rotate(self, session: Session, refresh_token: str) -> TokenPair:
        """Retire ``refresh_token`` and return its successor.

        Raises InvalidToken for an unknown, expired or revoked token, and TokenReused for one
        already used before the grace window: that revokes its family (access tokens
        included), and the revocation is committed before raising. A token used within the
        grace window gets a valid pair of the same family: the desk refreshed twice at once.
        """
        digest = _digest(refresh_token)
        row = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == digest))
        if row is None:
            raise InvalidToken("refresh token unknown")
        family = session.get(TokenFamily, row.family)
        if family is None or family.revoked_at is not None or row.revoked:
            raise InvalidToken("refresh token of a session that has ended")
        now = self._clock()
        if row.expires_at <= now:
            raise InvalidToken("refresh token expired")
        if not family.workstation_id:
            raise InvalidToken("session without a workstation: sign in again")
        if row.used_at is None:
            # Conditional update: of two requests racing with the same token, only one wins;
            # the other reads the token again and finds it just used.
            claimed = session.execute(
                update(RefreshToken)
                .where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None))
                .values(used_at=now)
                .execution_options(synchronize_session=False)
            )
            if rows_changed(claimed) != 1:
                session.rollback()
                used_at = session.scalar(
                    select(RefreshToken.used_at).where(RefreshToken.token_hash == digest)
                )
                self._refuse_reuse(session, row, family, used_at, now)
        else:
            self._refuse_reuse(session, row, family, row.used_at, now)
        user = session.get(User, row.user_id)
        if user is None or not user.active:
            self._revoke_family(session, family.family, now)
            session.commit()
            raise InvalidToken("user inactive")
        return self._pair(session, user, family)

    def _refuse_reuse(
        self,
        session: Session,
        row: RefreshToken,
        family: TokenFamily,
        used_at: datetime | None,
        now: datetime,
    ) -> None:
        """Returns when ``used_at`` is within the grace window; otherwise revokes the family,
        commits and raises TokenReused."""
        if used_at is not None and now - used_at < self._grace:
            return
        self._revoke_family(session, family.family, now)
        session.commit()
        raise TokenReused(row.user_id, family.workstation_id, family.family)

    def revoke(self, session: Session, refresh_token: str) -> None:
        """Sign out: revoke the family of ``refresh_token`` and its access tokens (unknown
        tokens are ignored)."""
        family = session.scalar(
            select(RefreshToken.family).where(RefreshToken.token_hash == _digest(refresh_token))
        )
        if family is not None:
            self._revoke_family(session, family, self._clock())

    def revoke_user(self, session: Session, user_id: int) -> int:
        """End every session of a user (deactivated, or a new password): each of their token
        families is revoked as sign-out revokes one, refresh and access tokens at once. The
        caller commits; how many sessions were on."""
        families = session.scalars(
            select(TokenFamily.family).where(
                TokenFamily.user_id == user_id, TokenFamily.revoked_at.is_(None)
            )
        ).all()
        now = self._clock()
        for family in families:
            self._revoke_family(session, family, now)
        return len(families)

    @staticmethod
    def _revoke_family(session: Session, family: str, now: datetime) -> None:
        session.execute(
            update(RefreshToken)
            .where(RefreshToken.family == family)
            .values(revoked=True)
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(TokenFamily)
            .where(TokenFamily.family == family, TokenFamily.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )
