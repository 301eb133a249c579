"""The one HTTP client of the desktop: httpx with an injected transport, typed calls.

httpx and the calls are imported when first named here, not with the package: the sync's
worker processes import only :func:`parse_changes` (changes_page.py).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from agentdesk.client.changes_page import parse_changes

if TYPE_CHECKING:
    from agentdesk.client.api import ApiClient, ChangesBody
    from agentdesk.client.http import build_http_client

__all__ = ["ApiClient", "ChangesBody", "build_http_client", "parse_changes"]

_LAZY = {
    "ApiClient": "agentdesk.client.api",
    "ChangesBody": "agentdesk.client.api",
    "build_http_client": "agentdesk.client.http",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
