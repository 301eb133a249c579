"""The one logging setup of every AgentDesk process.

Logs go to a rotating file under the log folder and to stderr. A filter masks personal data
before a line is written, by what each value is, not by how many digits it has (ids, status
codes and durations stay readable):

- the fields the app knows are personal: a record's structured extras and ``%(name)s`` mapping
  arguments named in :data:`PERSONAL_KEYS` (a customer's name, phone, email, ID number…), and
  every occurrence of those values elsewhere in the line;
- phone numbers in free text, as libphonenumber's matcher finds valid ones (any spelling:
  ``138.1234.5678``, ``138/1234/5678``, ``138_1234_5678``, ``+86 138 1234 5678``), also
  URL-encoded (``%2B8613812345678``);
- email addresses, also URL-encoded (``%40``);
- numbers of the lengths of ID, card and account numbers (15 to 19 digits, an ID's final X, a
  card in groups of four).

Personal data never reaches logs, even when a message or an exception text carries it by
mistake.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from phonenumbers import Leniency, PhoneNumberMatcher

from agentdesk.domain.phones import DEFAULT_REGION

__all__ = ["PERSONAL_KEYS", "PersonalDataFilter", "configure_logging", "mask_personal_data"]

REDACTED = "[redacted]"

# Structured log fields (``extra={...}``) and mapping arguments that hold a customer's data.
PERSONAL_KEYS = frozenset(
    {
        "account",
        "account_number",
        "address",
        "birth_date",
        "caller",
        "card",
        "customer_name",
        "e164",
        "email",
        "id_number",
        "name",
        "name_pinyin",
        "pan",
        "phone",
        "phone_e164",
    }
)

# ID (15 or 18 characters, the last maybe X), card and account numbers: 15 to 19 digits as one
# token, or a card written in groups of four. Shorter runs are ids, counts, codes and times.
_ID_CARD_ACCOUNT = re.compile(
    r"(?<![\w])(?:\d{14,18}[\dXx]|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![\w])"
)
# An address as mail systems take it: a local part (not the ``key=`` or path before it), @, a
# dotted domain of DNS labels ending in a top-level domain.
_EMAIL = re.compile(
    r"[A-Za-z0-9._+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}"
)
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")


def _decoded(text: str) -> tuple[str, list[int]]:
    """``text`` with %XX escapes decoded and ``_`` read as a space (a separator in numbers), and
    for each character of it the offset in ``text`` where it starts."""
    out: list[str] = []
    starts: list[int] = []
    i = 0
    while i < len(text):
        escape = _PERCENT.match(text, i)
        if escape is not None:
            out.append(chr(int(escape.group(1), 16)))
            starts.append(i)
            i = escape.end()
            continue
        out.append(" " if text[i] == "_" else text[i])
        starts.append(i)
        i += 1
    starts.append(len(text))
    return "".join(out), starts


def _spans(text: str, known: Iterable[str]) -> list[tuple[int, int]]:
    decoded, starts = _decoded(text)
    found: list[tuple[int, int]] = []
    for match in PhoneNumberMatcher(decoded, DEFAULT_REGION, leniency=Leniency.VALID):
        found.append((starts[match.start], starts[match.end]))
    for pattern in (_EMAIL, _ID_CARD_ACCOUNT):
        for m in pattern.finditer(decoded):
            found.append((starts[m.start()], starts[m.end()]))
    for value in known:
        found.extend((m.start(), m.end()) for m in re.finditer(re.escape(value), text))
    return found


def mask_personal_data(text: str, known: Iterable[str] = ()) -> str:
    """``text`` with every phone number, email address, ID, card and account number, and
    each of the ``known`` personal values, replaced by ``[redacted]``."""
    spans = sorted(_spans(text, [v for v in known if v]))
    if not spans:
        return text
    pieces: list[str] = []
    at = 0
    for start, end in spans:
        if end <= at:
            continue
        if start >= at:
            pieces.append(text[at:start])
            pieces.append(REDACTED)
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


# What every record has (``name`` is the logger's): only the rest are structured extras.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def _personal_extras(record: logging.LogRecord) -> frozenset[str]:
    return (PERSONAL_KEYS & vars(record).keys()) - _RECORD_ATTRIBUTES


def _known_values(record: logging.LogRecord) -> list[str]:
    """The personal values a record carries by name: its extras and its mapping arguments."""
    fields: list[tuple[str, Any]] = [
        (key, getattr(record, key)) for key in _personal_extras(record)
    ]
    if isinstance(record.args, Mapping):
        fields.extend(record.args.items())
    return [str(value) for key, value in fields if key in PERSONAL_KEYS and value]


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        known = _known_values(record)
        for key in _personal_extras(record):
            setattr(record, key, REDACTED)
        message = record.getMessage()
        masked = mask_personal_data(message, known)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = mask_personal_data(text, known)
        return True


def configure_logging(log_dir: Path | None, level: str = "INFO", *, stderr: bool = True) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_agentdesk", False):
            root.removeHandler(handler)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_dir / "agentdesk.log", maxBytes=5_000_000, backupCount=5, encoding="utf-8"
            )
        )
    if stderr:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(PersonalDataFilter())
        handler._agentdesk = True  # type: ignore[attr-defined]  # our mark on a stdlib handler
        root.addHandler(handler)
    root.setLevel(level)
    # Alembic announces every plugin and revision at INFO; operators need only its problems.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))
