"""Error sentences, translations and themes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from agentdesk.errors import (
    AuthenticationFailed,
    BackendUnavailable,
    ConfigError,
    CredentialStoreUnavailable,
    ProtocolError,
    ServerError,
)
from agentdesk.resources import resource_path
from ui.kit.error_text import error_sentence, sentence_for_code
from ui.kit.theme import THEMES, ThemeError, load_stylesheet, value_colors
from ui.kit.vocabulary import tier_name


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (BackendUnavailable("x"), "cannot be reached"),
        (AuthenticationFailed("x"), "Wrong user name or password."),
        (CredentialStoreUnavailable("x"), "no secure password store"),
        (ProtocolError("x"), "cannot read"),
        (ServerError("x"), "had a problem"),
        (ConfigError("x"), "not set up correctly"),
    ],
)
def test_every_core_error_reads_as_a_sentence(error: Exception, words: str) -> None:
    sentence = error_sentence(error)
    assert words in sentence
    assert sentence.endswith(".")
    assert "x" != sentence and "Traceback" not in sentence


def test_a_bug_gets_the_generic_sentence_not_its_text() -> None:
    sentence = error_sentence(ZeroDivisionError("division by zero"))
    assert "division" not in sentence
    assert sentence == sentence_for_code("no.such.code")


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_themes_resolve_every_token(theme: str) -> None:
    sheet = load_stylesheet(theme)
    assert "@" not in sheet.replace("@media", "")
    assert "QToolBar#softphoneBar" in sheet


def test_a_token_typo_lists_the_known_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.kit.theme as theme_module

    monkeypatch.setattr(theme_module, "BASE_PARTIALS", ("00_base.qss", "10_light.qss"))
    original = Path.read_text

    def read_text(self: Path, *args: Any, **kwargs: Any) -> str:
        text = original(self, *args, **kwargs)
        return text + "\nQWidget { color: @no_such_token; }" if self.name == "00_base.qss" else text

    monkeypatch.setattr(Path, "read_text", read_text)
    with pytest.raises(ThemeError, match="no_such_token.*known: accent"):
        load_stylesheet("light")


def test_gains_are_red_in_chinese_and_green_in_english() -> None:
    assert value_colors("light", "zh_CN").gain == value_colors("light", "en").loss


@pytest.mark.skipif(
    shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) is None,
    reason="pyside6-lrelease not installed",
)
def test_chinese_translation_builds_and_uses_the_glossary(qapp: Any, tmp_path: Path) -> None:
    ts = resource_path("i18n", "agentdesk_zh_CN.ts")
    qm = tmp_path / "agentdesk_zh_CN.qm"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        assert tier_name("gold") == "金卡客户"
        assert tier_name("private") == "私人银行客户"
        assert error_sentence(AuthenticationFailed()) == "用户名或密码错误。"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert tier_name("gold") == "Gold"


def test_every_string_of_the_chinese_translation_is_filled_in() -> None:
    text = resource_path("i18n", "agentdesk_zh_CN.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text
    assert "<translation></translation>" not in text
