"""The keys that sign and verify access tokens, and where they come from; never the database.

``server.signing_keys`` names the sources, current key first: ``"file:/etc/agentdesk/jwt.key"``
(the file holds the key, at least 32 bytes; it may not be readable by others),
``"env:AGENTDESK_JWT_KEY"`` (an environment variable holds it), or ``"<scheme>:<reference>"`` of
a provider plugged in (a KMS, a vault): :func:`register_key_provider`, or an installed package's
entry point in the ``agentdesk.key_providers`` group naming a :class:`KeyProvider`.

New tokens are signed with the first key and carry its ``kid`` (a fingerprint of the key, so
every worker names a key alike however it was given); a token signed with any key of the list
is accepted until it expires. Rotation is adding a key behind the current one, then moving it
in front, then dropping the old one once the access-token lifetime has passed (README).

With no source named, an embedded SQLite database gets a key file of its own, made once next to
the database file with mode 0600; a PostgreSQL database (production) is refused a start.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import make_url

from agentdesk.config.server import ServerSettings

__all__ = [
    "EMBEDDED_KEY_FILE",
    "KeyProvider",
    "KeyRing",
    "KeySourceError",
    "SigningKey",
    "keyring_for",
    "load_keyring",
    "register_key_provider",
]

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "agentdesk.key_providers"
EMBEDDED_KEY_FILE = "jwt-signing.key"
MIN_KEY_BYTES = 32  # HS256: a key shorter than the hash is the weak point


class KeySourceError(Exception):
    """A signing key that cannot be had: no source for a production database, a missing file
    or variable, a key too short or readable by others. The message says what to fix."""


@dataclass(frozen=True)
class SigningKey:
    kid: str
    secret: bytes = b""

    def __repr__(self) -> str:  # never the secret, in a log or a traceback
        return f"SigningKey(kid={self.kid!r})"


class KeyProvider(Protocol):
    """Gives the key a reference names (what follows ``<scheme>:``), as bytes."""

    def __call__(self, reference: str) -> bytes: ...


def _from_file(reference: str) -> bytes:
    path = Path(reference)
    try:
        mode = path.stat().st_mode
        data = path.read_bytes().strip()
    except OSError as exc:
        raise KeySourceError(f"signing key file {path}: {exc.strerror or exc}") from exc
    if sys.platform != "win32" and mode & stat.S_IROTH:
        raise KeySourceError(f"signing key file {path} is readable by others: chmod o-r it")
    return data


def _from_environment(reference: str) -> bytes:
    value = os.environ.get(reference)
    if not value:
        raise KeySourceError(f"signing key variable {reference} is not set")
    return value.strip().encode("utf-8")


_PROVIDERS: dict[str, KeyProvider] = {"file": _from_file, "env": _from_environment}


def register_key_provider(scheme: str, provider: KeyProvider) -> None:
    """Let ``"<scheme>:<reference>"`` name a key in ``server.signing_keys``."""
    _PROVIDERS[scheme] = provider


def _provider(scheme: str) -> KeyProvider:
    found = _PROVIDERS.get(scheme)
    if found is not None:
        return found
    for entry in entry_points(group=ENTRY_POINT_GROUP, name=scheme):
        loaded: KeyProvider = entry.load()
        _PROVIDERS[scheme] = loaded
        return loaded
    known = ", ".join(sorted(_PROVIDERS))
    raise KeySourceError(f"signing key source scheme {scheme!r} is unknown (known: {known})")


def _kid(secret: bytes) -> str:
    # A fingerprint, not the key: 64 bits of a hash of a key of 256 bits or more give nothing
    # away, and workers given the same key by different sources agree on its name.
    return hashlib.sha256(b"agentdesk-kid\0" + secret).hexdigest()[:16]


def _key(source: str) -> SigningKey:
    scheme, sep, reference = source.partition(":")
    if not sep or not reference:
        raise KeySourceError(
            f"signing key source {source!r} is not <scheme>:<reference> "
            '(e.g. "file:/etc/agentdesk/jwt.key", "env:AGENTDESK_JWT_KEY")'
        )
    secret = _provider(scheme)(reference)
    if len(secret) < MIN_KEY_BYTES:
        raise KeySourceError(
            f"signing key from {scheme}:{reference} is shorter than {MIN_KEY_BYTES} bytes"
        )
    return SigningKey(_kid(secret), secret)


@dataclass(frozen=True)
class KeyRing:
    """The keys a server accepts; the first signs new tokens."""

    keys: tuple[SigningKey, ...]

    @property
    def current(self) -> SigningKey:
        return self.keys[0]

    def find(self, kid: str) -> SigningKey | None:
        return next((key for key in self.keys if key.kid == kid), None)


def load_keyring(sources: Sequence[str]) -> KeyRing:
    if not sources:
        raise KeySourceError("no signing key source given")
    return KeyRing(tuple(_key(source) for source in sources))


def _sqlite_file(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _embedded_key(database: Path) -> SigningKey:
    """The key file next to an embedded database, made on first use (mode 0600)."""
    path = database.parent / EMBEDDED_KEY_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made by an earlier start (or by another process just now)
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(48))
        log.info("made a signing key for access tokens in %s (mode 0600)", path)
    return _key(f"file:{path}")


def keyring_for(settings: ServerSettings, database_url: str) -> KeyRing:
    """The server's keys: the sources its settings name; with none, an embedded SQLite
    database's own key file. Raises KeySourceError for anything else, saying what to set."""
    if settings.signing_keys:
        return load_keyring(settings.signing_keys)
    database = _sqlite_file(database_url)
    if database is None:
        raise KeySourceError(
            "no signing key source for this database: set server.signing_keys "
            '(e.g. signing_keys = ["file:/etc/agentdesk/jwt.key"] in the [server] section, or '
            "AGENTDESK_SERVER__SIGNING_KEYS='[\"env:AGENTDESK_JWT_KEY\"]'); only an embedded "
            "SQLite database makes a key of its own"
        )
    return KeyRing((_embedded_key(database),))
