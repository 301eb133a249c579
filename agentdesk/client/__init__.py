"""The one HTTP client of the desktop: httpx with an injected transport, typed calls."""

from agentdesk.client.api import ApiClient, parse_changes
from agentdesk.client.http import build_http_client

__all__ = ["ApiClient", "build_http_client", "parse_changes"]
