"""The contract's value types: what a number, a text, a time or a JSON value may be on the wire.

Every request model of the contract and every path and query parameter of the backend is made
of these, so a value that the database, the JSON encoder or the UTC conversion would choke on
is refused where it enters, as a 422 naming the field, the same on SQLite and PostgreSQL; the
desktop checks what an agent typed against the same types before it queues anything.

- Integers are the database's 64-bit ones: ``RecordId`` (1…2⁶³−1), ``SequenceNumber`` and
  ``ItemIndex`` (0…2⁶³−1), ``RecordVersion`` (1…2⁶³−1). OpenAPI shows the bounds.
- ``FreeText``: what a person writes (names, notes, summaries). Refused: NUL (PostgreSQL cannot
  store it) and lone surrogates (no UTF-8 encoding exists for them). Kept: every other
  character, right-to-left overrides and long runs of combining marks included: they are
  legitimate in names and notes (Arabic and Hebrew text, Vietnamese, Zalgo-styled nicknames),
  and rendering them safely is the display's job, not the store's. The length is the field's.
- ``Identifier``: a short token made by a program (username, workstation, idempotency key,
  call id, codes): printable, no spaces or control characters.
- ``SecretText``: a password; no NUL, no lone surrogate. A refusal never repeats it.
- ``Timestamp``: an aware date-time whose conversion to UTC stays within years 1…9999;
  normalised to UTC. A naive time is refused: across the bank's time zones it means nothing.
- ``StorableJson``: a JSON object whose strings (keys too) are ``FreeText`` and whose numbers
  are finite, 64-bit when whole, at most ``JSON_MAX_DEPTH`` deep and ``JSON_MAX_NODES`` values.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Annotated, Any

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import AfterValidator, AwareDatetime, Field
from pydantic_core import PydanticCustomError

__all__ = [
    "INT64_MAX",
    "JSON_MAX_DEPTH",
    "JSON_MAX_NODES",
    "FreeText",
    "Identifier",
    "ItemIndex",
    "RecordId",
    "RecordVersion",
    "SecretText",
    "SequenceNumber",
    "StorableJson",
    "Timestamp",
    "text_problem",
]

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
JSON_MAX_DEPTH = 8
JSON_MAX_NODES = 10_000

RecordId = Annotated[int, Ge(1), Le(INT64_MAX)]
SequenceNumber = Annotated[int, Ge(0), Le(INT64_MAX)]
RecordVersion = Annotated[int, Ge(1), Le(INT64_MAX)]
ItemIndex = Annotated[int, Ge(0), Le(INT64_MAX)]

_SURROGATE = re.compile("[\ud800-\udfff]")
# Printable, without space: what a program makes as a key or a code.
_TOKEN = re.compile(r"[!-~]+")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None when it can (shared with the desktop's
    checks, so both say the same)."""
    if "\x00" in value:
        return "must not contain a NUL character"
    if _SURROGATE.search(value):
        return "must not contain a lone surrogate (not valid Unicode)"
    return None


def _free_text(value: str) -> str:
    problem = text_problem(value)
    if problem is not None:
        raise PydanticCustomError("text_not_storable", problem)
    return value


def _identifier(value: str) -> str:
    if not _TOKEN.fullmatch(value):
        raise PydanticCustomError(
            "identifier_invalid",
            "must be printable ASCII letters, digits or punctuation, without spaces",
        )
    return value


def _secret(value: str) -> str:
    if text_problem(value) is not None:
        # Says what is wrong without a word of the secret.
        raise PydanticCustomError(
            "text_not_storable", "contains a character a password may not have"
        )
    return value


def _in_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError(
            "timestamp_out_of_range", "is out of range once converted to UTC"
        ) from None


def _storable(value: Any) -> Any:
    problem = _json_problem(value)
    if problem is not None:
        raise PydanticCustomError("json_not_storable", "{problem}", {"problem": problem})
    return value


def _json_problem(value: Any) -> str | None:  # noqa: PLR0911 - one reason per kind of value
    nodes = 0
    # (value, depth) pairs; a list, not recursion: a deep value cannot exhaust the stack.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > JSON_MAX_NODES:
            return f"has more than {JSON_MAX_NODES} values"
        if isinstance(item, dict):
            if depth > JSON_MAX_DEPTH:
                return f"is nested deeper than {JSON_MAX_DEPTH} levels"
            for key, child in item.items():
                if not isinstance(key, str) or text_problem(key) is not None:
                    return "has a key that is not storable text"
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            if depth > JSON_MAX_DEPTH:
                return f"is nested deeper than {JSON_MAX_DEPTH} levels"
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            problem = text_problem(item)
            if problem is not None:
                return f"has a text that {problem}"
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not INT64_MIN <= item <= INT64_MAX:
                return "has a whole number beyond 64 bits"
        elif isinstance(item, float):
            if not math.isfinite(item):
                return "has a number that is not finite"
        else:
            return f"has a value of type {type(item).__name__}, not JSON"
    return None


FreeText = Annotated[str, AfterValidator(_free_text)]
Identifier = Annotated[str, MinLen(1), MaxLen(128), AfterValidator(_identifier)]
SecretText = Annotated[str, MinLen(1), MaxLen(256), AfterValidator(_secret)]
Timestamp = Annotated[AwareDatetime, AfterValidator(_in_utc)]
StorableJson = Annotated[
    dict[str, Any],
    AfterValidator(_storable),
    Field(description=f"JSON: finite numbers, at most {JSON_MAX_DEPTH} levels deep"),
]
