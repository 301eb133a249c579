"""What the agent reads when the link to the backend is not safe: a plain http:// address in
the settings, or a server certificate nobody installed the CA of; in English and in Chinese."""

from __future__ import annotations

from typing import Any

from agentdesk.config.paths import AppPaths
from agentdesk.errors import CertificateNotTrusted
from ui.kit.error_text import error_sentence
from ui.shell.settings_dialog import SettingsDialog


def _dialog_with_plain_http_in_the_user_file(qtbot: Any) -> SettingsDialog:
    paths = AppPaths.from_environment()
    paths.ensure()
    paths.user_config_file.write_text('[desktop]\nbackend_url = "http://agentdesk.bank"\n', "utf-8")
    dialog = SettingsDialog(paths, language="en", theme="light")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_settings_dialog_explains_a_plain_http_backend(qtbot: Any) -> None:
    dialog = _dialog_with_plain_http_in_the_user_file(qtbot)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    text = dialog.message.text()
    assert "http://" in text and "unencrypted" in text
    assert "desktop.allow_plain_http = true" in text
    assert "Traceback" not in text and "ValidationError" not in text
    assert dialog.isVisible() and dialog.save_button.isEnabled()


def test_the_settings_dialog_explains_it_in_chinese(qtbot: Any, chinese: None) -> None:
    dialog = _dialog_with_plain_http_in_the_user_file(qtbot)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert "明文" in dialog.message.text() and "https://" in dialog.message.text()


def test_an_untrusted_certificate_reads_as_what_failed_and_who_fixes_it() -> None:
    sentence = error_sentence(CertificateNotTrusted("GET /health: ..."))
    assert "certificate could not be verified" in sentence
    assert "IT must install the bank's CA certificate" in sentence
    assert "desktop.ca_bundle" in sentence


def test_an_untrusted_certificate_in_chinese(chinese: None) -> None:
    sentence = error_sentence(CertificateNotTrusted("GET /health: ..."))
    assert "证书" in sentence and "CA" in sentence and "desktop.ca_bundle" in sentence
