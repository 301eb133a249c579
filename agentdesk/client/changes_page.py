"""A page of ``GET /sync/changes`` read from its bytes.

Without httpx: the sync's worker processes validate the pages of an initial sync
(sync/bulk_pages.py) and import only what that needs.
"""

from __future__ import annotations

from pydantic import ValidationError

from agentdesk.contract.sync import ChangesPage
from agentdesk.errors import ProtocolError

__all__ = ["parse_changes"]


def parse_changes(body: bytes) -> ChangesPage:
    """A page of ``GET /sync/changes``, validated whole (pydantic's JSON validation in one
    pass: the hot path of an initial sync); ProtocolError if it is not a ChangesPage."""
    try:
        return ChangesPage.model_validate_json(body)
    except ValidationError as exc:
        raise ProtocolError(
            f"GET /sync/changes: not a ChangesPage ({exc.error_count()} errors: "
            f"{exc.errors()[0]['type']})"
        ) from exc
