"""A customer's name as the agent types it: toneless pinyin and initials, surnames read as
surnames."""

from __future__ import annotations

import pytest

from agentdesk.domain.names import initials_of, romanize


@pytest.mark.parametrize(
    ("name", "pinyin", "initials"),
    [
        ("张伟", "zhang wei", "zw"),
        ("王芳", "wang fang", "wf"),
        ("欧阳娜娜", "ou yang na na", "oynn"),
        ("吕静", "lv jing", "lj"),  # ü as pinyin input methods write it
        ("李长江", "li chang jiang", "lcj"),  # a given name read as the word it is
    ],
)
def test_chinese_names_give_one_syllable_per_character(
    name: str, pinyin: str, initials: str
) -> None:
    assert romanize(name) == (pinyin, initials)


@pytest.mark.parametrize(
    ("name", "pinyin"),
    [
        ("单田芳", "shan tian fang"),  # 单 is dan in a word, Shan as a surname
        ("曾国藩", "zeng guo fan"),  # ceng in 曾经, Zeng as a surname
        ("解晓东", "xie xiao dong"),
        ("仇英", "qiu ying"),
        ("区志强", "ou zhi qiang"),
        ("查良镛", "zha liang yong"),
        ("朴树", "piao shu"),
        ("翟天临", "zhai tian lin"),
        ("单于云", "chan yu yun"),  # a compound surname, not 单 + 于
        ("长孙无忌", "zhang sun wu ji"),
        ("万俟卨", "mo qi xie"),
    ],
)
def test_polyphonic_surnames_are_read_as_surnames(name: str, pinyin: str) -> None:
    assert romanize(name).pinyin == pinyin


def test_only_the_surname_is_read_as_a_surname() -> None:
    assert romanize("曾曾").pinyin == "zeng ceng"
    assert romanize("王单").pinyin == "wang dan"


def test_a_transliterated_name_has_no_surname_to_read() -> None:
    assert romanize("查理·布朗") == ("cha li bu lang", "clbl")


def test_latin_names_pass_through_lower_cased() -> None:
    assert romanize("Emily Clark") == ("emily clark", "ec")
    assert romanize("  John   SMITH ") == ("john smith", "js")
    assert romanize("李 John") == ("li john", "lj")


def test_initials_are_the_first_letter_of_each_word() -> None:
    assert initials_of("ou yang xiao ming") == "oyxm"
    assert initials_of("") == ""
