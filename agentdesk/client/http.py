"""Builds the one ``httpx.Client`` of a process (TLS verification always on)."""

from __future__ import annotations

import ssl

import httpx

from agentdesk import __version__
from agentdesk.config.desktop import DesktopSettings
from agentdesk.errors import ConfigError

__all__ = ["build_http_client"]


def build_http_client(
    settings: DesktopSettings, *, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    if not settings.backend_url:
        raise ConfigError("no backend_url is configured")
    verify: ssl.SSLContext | bool = True
    if settings.ca_bundle:
        try:
            verify = ssl.create_default_context(cafile=settings.ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"cannot read ca_bundle {settings.ca_bundle}: {exc}") from exc
    return httpx.Client(
        base_url=settings.backend_url,
        timeout=httpx.Timeout(
            settings.request_timeout_s, connect=min(5.0, settings.request_timeout_s)
        ),
        verify=verify,
        transport=transport,
        headers={"User-Agent": f"AgentDesk/{__version__}"},
    )
