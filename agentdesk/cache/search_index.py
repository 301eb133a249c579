"""What the customer search indexes, and how a typed query becomes index probes (pure, no I/O).

Two FTS5 tables back the search, both contentless (the customers table holds the text):

- ``customer_search(tokens)``, tokenizer ``unicode61`` with ``prefix='2 3'``. ``tokens`` is a
  space-separated list that we build, because no stock tokenizer fits Chinese names: each
  character of the name (张 三), each pair of neighbouring characters (张三 — FTS5's trigram
  tokenizer never matches a two-character query, and two-character names are common), the
  pinyin syllables (zhang san), the given name's pinyin run together (xiaoming for 张小明) and
  its initials (xm), and the words of a Latin name.
- ``customer_phone_digits(digits)``, tokenizer ``trigram``: the digits of every phone, so any
  run of 4+ digits (``1234`` from the middle of a mobile) is a substring match.

Exact and prefix matches on the whole name, the pinyin without spaces, the initials, the CIF
and the ID's last 4 are B-tree index probes on customers columns; they rank first. A query
becomes a list of tiers (:func:`plan_query`); the search runs them in order, each with a LIMIT,
so a common surname never makes it sort tens of thousands of rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "QueryPlan",
    "compact_pinyin",
    "fts_phrase",
    "name_key",
    "phone_digits",
    "plan_query",
    "prefix_upper_bound",
    "search_tokens",
]

_LATIN_WORD = re.compile(r"[a-z0-9]+")
_PHONE_PUNCT = re.compile(r"[\s\-+().]")
_ID_LAST4 = re.compile(r"\d{3}[\dX]")


def _is_cjk(char: str) -> bool:
    return unicodedata.category(char) == "Lo"


def name_key(name: str) -> str:
    """The name as the exact and prefix tiers compare it: NFKC, lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def compact_pinyin(pinyin: str) -> str:
    return "".join(pinyin.casefold().split())


def phone_digits(phones: Sequence[str]) -> str:
    return " ".join(phone.lstrip("+") for phone in phones)


def search_tokens(name: str, pinyin: str, initials: str, *, key: str | None = None) -> str:
    """The ``tokens`` text of one customer (see the module docstring). ``key``: the name's
    :func:`name_key`, when the caller has it already (an initial sync makes both for every
    customer, and the key is a third of the work)."""
    if key is None:
        key = name_key(name)
    chars = [char for char in key if _is_cjk(char)]
    tokens: list[str] = list(chars)
    # Neighbouring pairs go after the single characters and in name order, so a 3+ character
    # query is a phrase of consecutive pairs (张小明 → "张小 小明").
    tokens.extend(a + b for a, b in zip(chars, chars[1:], strict=False))
    tokens.extend(_LATIN_WORD.findall(key))
    syllables = _LATIN_WORD.findall(pinyin.casefold())
    if chars:
        # A Latin name's pinyin is the name itself, already indexed above.
        tokens.extend(syllables)
    # The given name typed on its own: xiaoming / xm for 张小明 (the whole run together is an
    # index probe on pinyin_key, no need to repeat it here).
    for start in range(1, len(syllables) - 1):
        tokens.append("".join(syllables[start:]))
    initials = initials.casefold()
    for start in range(1, len(initials) - 1):
        tokens.append(initials[start:])
    return " ".join(tokens)


def fts_phrase(*tokens: str, prefix: bool = False) -> str:
    """A quoted FTS5 phrase of ``tokens`` (quotes inside are doubled, so input cannot inject
    query syntax)."""
    body = " ".join(token.replace('"', '""') for token in tokens)
    return f'"{body}"' + ("*" if prefix else "")


def prefix_upper_bound(prefix: str) -> str:
    """The smallest text greater than every text starting with ``prefix`` (for a range scan:
    ``col >= prefix AND col < bound`` uses the index, unlike LIKE under SQLite's defaults)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@dataclass
class QueryPlan:
    """Probes of one query, tier by tier. Columns are customers columns; ``phone`` is an
    E.164 number for the customer_phones key; FTS texts are MATCH expressions."""

    exact: list[tuple[str, str]] = field(default_factory=list)  # (column, value)
    phone: str | None = None
    prefix: list[tuple[str, str]] = field(default_factory=list)  # (column, prefix)
    name_matches: list[str] = field(default_factory=list)  # customer_search MATCH, in turn
    digits_match: str | None = None  # customer_phone_digits MATCH

    @property
    def empty(self) -> bool:
        return not (self.exact or self.phone or self.prefix or self.name_matches or
                    self.digits_match)  # fmt: skip


def plan_query(text: str, *, phone: str | None = None) -> QueryPlan:
    """Turn what the agent typed into probes. ``phone`` is ``text`` normalised to E.164 when it
    reads as a full phone number (the caller normalises: domain rules stay in domain)."""
    plan = QueryPlan()
    key = name_key(text)
    if not key:
        return plan
    digits = _PHONE_PUNCT.sub("", key)
    if digits.isdigit():
        plan.phone = phone
        plan.exact.append(("cif", digits))
        if len(digits) == 4:
            plan.exact.append(("id_last4", digits))
        plan.prefix.append(("cif", digits))
        if len(digits) >= 4:
            plan.digits_match = fts_phrase(digits)
        return plan
    if _ID_LAST4.fullmatch(key.upper()):
        plan.exact.append(("id_last4", key.upper()))
        return plan
    chars = [char for char in key if _is_cjk(char)]
    if chars:
        plan.exact.append(("name_key", key))
        plan.prefix.append(("name_key", key))
        if len(chars) <= 2:
            plan.name_matches.append(fts_phrase("".join(chars)))
        else:
            pairs = [a + b for a, b in zip(chars, chars[1:], strict=False)]
            plan.name_matches.append(fts_phrase(*pairs))
        return plan
    words = _LATIN_WORD.findall(key)
    if not words:
        return plan
    compact = "".join(words)
    plan.exact += [("name_key", " ".join(words)), ("pinyin_key", compact)]
    plan.exact.append(("name_initials", compact))
    plan.prefix += [("pinyin_key", compact), ("name_key", " ".join(words))]
    plan.prefix.append(("name_initials", compact))
    # Every word a whole token, in any order ("clark emily", "xiao ming"); then the last word
    # as a prefix, as the agent is still typing it ("xiao mi"). Only the last: a prefix term
    # makes FTS5 merge the doclists of every token it starts, which a common syllable makes
    # costly, and the words before it are finished.
    whole = [fts_phrase(word) for word in words]
    plan.name_matches.append(" AND ".join(whole))
    plan.name_matches.append(" AND ".join([*whole[:-1], fts_phrase(words[-1], prefix=True)]))
    return plan
