"""A customer's name as the agent types it to find them: toneless pinyin and initials.

``张伟`` → ``Romanized("zhang wei", "zw")``: one syllable per Chinese character, separated by
spaces, ü written ``v`` as pinyin input methods do (``吕静`` → ``lv jing``); the initials are
the first letter of each syllable. Latin words pass through lower-cased (``Emily Clark`` →
``emily clark``, ``ec``), so one search serves both kinds of name.

Readings come from pypinyin (its dictionaries, and its phrases for a given name such as 长江).
pypinyin has no surname mode, and a surname is often read otherwise than the same character in
a word (单 is Shan as a surname, not dan; 曾 Zeng, not ceng): the first character of a Chinese
name (or its first two, for the compound surnames whose second character would be misread
alone) is read as a surname from :data:`SURNAME_READINGS`. A transliterated foreign name
(``查理·布朗``, with its middle dot) has no surname to read so.

Pure: no I/O and no clock. pypinyin's dictionaries take about a second and 50 MB to load, so
they are loaded on the first name romanized, not when this module is imported (a server worker
that never writes a customer never pays for them).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = ["SURNAME_READINGS", "Romanized", "initials_of", "romanize"]

# Surnames whose surname reading is not pypinyin's reading of the character alone.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    # compound surnames: the second character would be misread on its own
    "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"),
    "万俟": ("mo", "qi"),
    "澹台": ("tan", "tai"),
    # single characters
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou",),
    "查": ("zha",),
    "朴": ("piao",),
    "盖": ("ge",),
    "乐": ("yue",),
    "缪": ("miao",),
    "翟": ("zhai",),
    "覃": ("qin",),
    "召": ("shao",),
    "种": ("chong",),
    "重": ("chong",),
    "秘": ("bi",),
    "繁": ("po",),
    "折": ("she",),
    "员": ("yun",),
    "贠": ("yun",),
    "尉": ("yu",),
    "隗": ("wei",),
    "句": ("gou",),
    "阚": ("kan",),
    "佴": ("nai",),
    "粘": ("nian",),
    "藏": ("zang",),
    "扎": ("za",),
    "都": ("du",),
    "六": ("lu",),
    "薄": ("bo",),
    "乜": ("nie",),
    "卜": ("bu",),
    "长": ("chang",),
}

_HAN_RUN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")
_TRANSLITERATION_DOT = "·"  # 查理·布朗: a foreign name written in characters


class Romanized(NamedTuple):
    pinyin: str  # "zhang wei"
    initials: str  # "zw"


def romanize(name: str) -> Romanized:
    """The pinyin and initials of ``name`` (see the module doc)."""
    words: list[str] = []
    read_surname = _TRANSLITERATION_DOT not in name
    for part in _HAN_RUN.split(name.strip()):
        if not part:
            continue
        if _HAN_RUN.fullmatch(part):
            words += _han(part, surname_first=read_surname and not words)
        else:
            words += part.replace(_TRANSLITERATION_DOT, " ").lower().split()
    pinyin = " ".join(words)
    return Romanized(pinyin, initials_of(pinyin))


def initials_of(pinyin: str) -> str:
    """The first letter of each word: ``zhang wei`` → ``zw``."""
    return "".join(word[0] for word in pinyin.split())


def _han(run: str, *, surname_first: bool) -> tuple[str, ...]:
    if not surname_first:
        return _syllables(run)
    surname = run[:2] if run[:2] in SURNAME_READINGS else run[0]
    reading = SURNAME_READINGS.get(surname) or _syllables(surname)
    return reading + _syllables(run[len(surname) :])


@lru_cache(maxsize=16_384)
def _syllables(text: str) -> tuple[str, ...]:
    """pypinyin's toneless reading of Chinese ``text`` (words looked up as phrases first).

    Cached: a bank's customers share a few thousand given names."""
    if not text:
        return ()
    from pypinyin import Style, lazy_pinyin  # loaded on first use (see the module doc)

    return tuple(lazy_pinyin(text, style=Style.NORMAL))
