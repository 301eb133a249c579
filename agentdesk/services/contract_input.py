"""What the agent typed, checked against the contract's own models before anything is queued.

The backend refuses a value its contract types do not allow (``agentdesk.contract.values``: a
NUL, a lone surrogate, a time that leaves the calendar in UTC, a number beyond 64 bits, a text
over its length). The desktop checks the same models at the moment the agent saves, so such a
value is said at the form, beside its field, and never becomes a queued change that the server
would have to set aside.

:func:`checked` builds a contract model or raises :class:`InputRejected` naming the first field
at fault (``field``, with ``field_prefix`` in front for a part of a larger form) and a
``reason`` code the UI turns into a sentence:

    text          a character that cannot be stored (NUL, broken Unicode)
    too_long      over the field's length          too_short     empty where text is needed
    out_of_range  a number or time out of bounds   invalid       anything else
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from agentdesk.errors import InputRejected

__all__ = ["checked"]

M = TypeVar("M", bound=BaseModel)

_REASONS = {
    "string_too_long": "too_long",
    "too_long": "too_long",
    "string_too_short": "too_short",
    "missing": "too_short",
    "string_unicode": "text",
    "greater_than": "out_of_range",
    "greater_than_equal": "out_of_range",
    "less_than": "out_of_range",
    "less_than_equal": "out_of_range",
    "timezone_aware": "invalid",
    # The contract's own value types (agentdesk.contract.values).
    "text_not_storable": "text",
    "json_not_storable": "text",
    "timestamp_out_of_range": "out_of_range",
}


def checked(model: type[M], *, field_prefix: str = "", **values: Any) -> M:
    """``model(**values)``, or :class:`InputRejected` for the first field the contract refuses."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "value"
        if field_prefix:
            field = f"{field_prefix}.{field}"
        reason = _reason(first)
        # The detail names the field and the rule, never the value (it may be personal).
        raise InputRejected(f"{field}: {reason}", field=field, reason=reason) from None


def _reason(error: ErrorDetails) -> str:
    return _REASONS.get(error["type"], "invalid")
