"""The one HTTP client of the desktop: httpx with an injected transport, typed calls."""

from agentdesk.client.api import ApiClient, ChangesBody, parse_changes
from agentdesk.client.http import build_http_client

__all__ = ["ApiClient", "ChangesBody", "build_http_client", "parse_changes"]
