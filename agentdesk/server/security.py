"""Password hashing and the tokens of a session.

Passwords are hashed with Argon2id (argon2-cffi defaults). Access tokens are short-lived JWTs
(HS256) whose signing key lives in the ``server_keys`` table, made on first use, so every
worker behind the load balancer signs and verifies with the same key. Refresh tokens are opaque
random strings (short enough for any OS keyring), stored only as SHA-256 hashes; each use
retires the token and issues a successor in the same family, and a retired token presented
again revokes the whole family (it was stolen, or the legitimate copy was).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agentdesk.config.server import ServerSettings
from agentdesk.contract.auth import Role, TokenPair, UserInfo
from agentdesk.domain.clock import Clock
from agentdesk.server.models import RefreshToken, ServerKey, User, rows_changed

__all__ = [
    "AccessClaims",
    "InvalidToken",
    "TokenService",
    "hash_password",
    "verify_password",
]

_hasher = PasswordHasher()
ACCESS_KEY_PURPOSE = "access-token"
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


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    role: Role
    workstation_id: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def user_info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id, username=user.username, display_name=user.display_name, role=Role(user.role)
    )


class TokenService:
    """Issues, rotates, revokes and verifies the tokens of every session."""

    def __init__(self, settings: ServerSettings, *, clock: Clock) -> None:
        self._access_lifetime = timedelta(minutes=settings.access_token_minutes)
        self._refresh_lifetime = timedelta(days=settings.refresh_token_days)
        self._clock = clock
        self._key: str | None = None
        self._key_lock = threading.Lock()

    # -- signing key ---------------------------------------------------------------------

    def _signing_key(self, session: Session) -> str:
        if self._key is not None:
            return self._key
        with self._key_lock:
            if self._key is None:
                self._key = self._load_or_make_key(session)
            return self._key

    def _load_or_make_key(self, session: Session) -> str:
        # A connection of its own: the key must be committed even if the caller's transaction
        # rolls back, and another worker may be making it at the same moment.
        engine = session.get_bind()
        assert isinstance(engine, Engine)  # sessions of this server are bound to an engine
        with engine.begin() as conn:
            found = conn.scalar(
                select(ServerKey.secret).where(ServerKey.purpose == ACCESS_KEY_PURPOSE)
            )
            if found:
                return found
        try:
            with engine.begin() as conn:
                conn.execute(
                    insert(ServerKey).values(
                        purpose=ACCESS_KEY_PURPOSE,
                        secret=secrets.token_urlsafe(48),
                        created_at=self._clock(),
                    )
                )
        except IntegrityError:
            pass  # another worker made it first; use theirs
        with engine.begin() as conn:
            secret = conn.scalar(
                select(ServerKey.secret).where(ServerKey.purpose == ACCESS_KEY_PURPOSE)
            )
        if not secret:
            raise RuntimeError("access-token signing key could not be stored")
        return secret

    # -- access tokens -------------------------------------------------------------------

    def _access_token(self, session: Session, user: User, workstation_id: str) -> str:
        now = self._clock()
        claims = {
            "sub": str(user.id),
            "role": user.role,
            "ws": workstation_id,
            "iat": int(now.timestamp()),
            "exp": int((now + self._access_lifetime).timestamp()),
        }
        return jwt.encode(claims, self._signing_key(session), algorithm=JWT_ALGORITHM)

    def verify_access(self, session: Session, token: str) -> AccessClaims:
        try:
            claims = jwt.decode(
                token,
                self._signing_key(session),
                algorithms=[JWT_ALGORITHM],
                # Expiry is checked against the injected clock below, not PyJWT's wall clock.
                options={"require": ["sub", "exp"], "verify_exp": False, "verify_iat": False},
            )
            if self._clock().timestamp() >= claims["exp"]:
                raise InvalidToken("access token expired")
            return AccessClaims(
                user_id=int(claims["sub"]),
                role=Role(claims.get("role", "")),
                workstation_id=str(claims.get("ws", "")),
            )
        except (jwt.PyJWTError, ValueError, KeyError) as exc:
            raise InvalidToken("access token invalid") from exc

    # -- refresh tokens ------------------------------------------------------------------

    def _new_refresh(self, session: Session, user: User, family: str, workstation_id: str) -> str:
        token = secrets.token_urlsafe(32)
        now = self._clock()
        session.add(
            RefreshToken(
                token_hash=_digest(token),
                family=family,
                user_id=user.id,
                workstation_id=workstation_id,
                issued_at=now,
                expires_at=now + self._refresh_lifetime,
                used_at=None,
                revoked=False,
            )
        )
        return token

    def _pair(self, session: Session, user: User, family: str, workstation_id: str) -> TokenPair:
        refresh = self._new_refresh(session, user, family, workstation_id)
        return TokenPair(
            access_token=self._access_token(session, user, workstation_id),
            refresh_token=refresh,
            expires_in=int(self._access_lifetime.total_seconds()),
            user=user_info(user),
        )

    def issue(self, session: Session, user: User, workstation_id: str) -> TokenPair:
        """A fresh pair for a new login, starting a new token family. The caller commits."""
        return self._pair(session, user, uuid.uuid4().hex, workstation_id)

    def rotate(self, session: Session, refresh_token: str) -> TokenPair:
        """Retire ``refresh_token`` and return its successor.

        Raises InvalidToken for an unknown, expired, used or revoked token; a used or revoked
        one also revokes its family, and that revocation is committed before raising.
        """
        # Load the signing key before this transaction writes: on SQLite a key made now, on
        # its own connection, would wait for our own write lock.
        self._signing_key(session)
        row = session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == _digest(refresh_token))
        )
        if row is None:
            raise InvalidToken("refresh token unknown")
        now = self._clock()
        if row.used_at is not None or row.revoked:
            self._revoke_family(session, row.family)
            session.commit()
            raise InvalidToken("refresh token reused")
        if row.expires_at <= now:
            raise InvalidToken("refresh token expired")
        # Conditional update: of two requests racing with the same token, only one wins; the
        # other sees a used token, exactly as a replayed stolen one.
        claimed = session.execute(
            update(RefreshToken)
            .where(
                RefreshToken.id == row.id,
                RefreshToken.used_at.is_(None),
                RefreshToken.revoked.is_(False),
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        if rows_changed(claimed) != 1:
            session.rollback()
            self._revoke_family(session, row.family)
            session.commit()
            raise InvalidToken("refresh token reused")
        user = session.get(User, row.user_id)
        if user is None or not user.active:
            self._revoke_family(session, row.family)
            session.commit()
            raise InvalidToken("user inactive")
        return self._pair(session, user, row.family, row.workstation_id)

    def revoke(self, session: Session, refresh_token: str) -> None:
        """Sign out: revoke the family of ``refresh_token`` (unknown tokens are ignored)."""
        family = session.scalar(
            select(RefreshToken.family).where(RefreshToken.token_hash == _digest(refresh_token))
        )
        if family is not None:
            self._revoke_family(session, family)

    @staticmethod
    def _revoke_family(session: Session, family: str) -> None:
        session.execute(
            update(RefreshToken)
            .where(RefreshToken.family == family)
            .values(revoked=True)
            .execution_options(synchronize_session=False)
        )
