"""Where settings may point: the one rule for addresses that carry customer data or signed
commands — ``https://``, or plain ``http://`` only to this computer (a relay or bridge on the
same machine, tests) — for the desktop's backend and the backend's PBX and SMS gateway alike."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["is_loopback_host", "outbound_url"]


def is_loopback_host(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1): traffic that never leaves this
    computer."""
    if host.lower() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def outbound_url(value: str) -> str:
    """A validator's body for a URL the backend calls out to: stripped; empty stays empty;
    anything but https:// (or http:// to this computer) is refused."""
    value = value.strip()
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme == "https" and parts.hostname:
        return value
    if parts.scheme == "http" and is_loopback_host(parts.hostname or ""):
        return value
    raise ValueError(f"{value} is not https:// (plain http:// only to this computer)")
