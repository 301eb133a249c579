"""Print the backend's OpenAPI document (the committed snapshot is docs/openapi.json).

.venv/bin/python -m agentdesk.server.openapi > docs/openapi.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

from agentdesk.config.server import ServerSettings
from agentdesk.server.app import create_app
from agentdesk.server.signing_keys import KeyRing, SigningKey

__all__ = ["openapi_document", "render"]


def openapi_document() -> dict[str, Any]:
    # No database is touched and no token signed: the document depends on the routes alone.
    unused = KeyRing((SigningKey("openapi"),))
    return create_app(ServerSettings(), "sqlite://", signing_keys=unused).openapi()


def render() -> str:
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
