"""Settings (Ctrl+,): the agent's language and theme.

Saved to the user settings file through ``agentdesk.services.preferences``; the theme applies
at once (``on_theme_chosen``), the language at the next start (Qt's translators are installed
before any window exists, and re-translating every open window mid-call is not worth the risk).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from agentdesk.config.paths import AppPaths
from agentdesk.services.preferences import save_preferences
from ui.kit.error_text import error_sentence
from ui.kit.naming import named
from ui.kit.workers import BackgroundOp

__all__ = ["SettingsDialog"]


class SettingsDialog(QDialog):
    # The preferences are in the user file (carries language, theme).
    saved = Signal(str, str)

    def __init__(
        self,
        paths: AppPaths,
        *,
        language: str,
        theme: str,
        on_theme_chosen: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._paths = paths
        self._language = language
        self._on_theme_chosen = on_theme_chosen

        self.language_combo = named(QComboBox(), "languageCombo")
        self.language_combo.setAccessibleName(self.tr("Language"))
        # Each language is named in itself, so a person who cannot read the current one
        # still finds theirs.
        self.language_combo.addItem("English", "en")
        self.language_combo.addItem("简体中文", "zh_CN")
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(language)))
        self.theme_combo = named(QComboBox(), "themeCombo")
        self.theme_combo.setAccessibleName(self.tr("Theme"))
        self.theme_combo.addItem(self.tr("Light"), "light")
        self.theme_combo.addItem(self.tr("Dark"), "dark")
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(theme)))
        self.note = named(QLabel(), "mutedLabel")
        self.note.setWordWrap(True)
        self.language_combo.currentIndexChanged.connect(self._on_language_combo_changed)
        self.message = named(QLabel(), "errorLabel")
        self.message.setWordWrap(True)
        self.message.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Language"), self.language_combo)
        form.addRow(self.tr("&Theme"), self.theme_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self._on_language_combo_changed(self.language_combo.currentIndex())
        self.language_combo.setFocus()

    def _on_language_combo_changed(self, _index: int) -> None:
        changed = self.language_combo.currentData() != self._language
        self.note.setText(
            self.tr("The language changes the next time AgentDesk starts.") if changed else ""
        )

    def _on_buttons_accepted(self) -> None:
        language = str(self.language_combo.currentData())
        theme = str(self.theme_combo.currentData())
        self.save_button.setEnabled(False)
        paths = self._paths
        BackgroundOp(
            self,
            lambda: save_preferences(paths, language=language, theme=theme),
        ).success(lambda _values: self._on_saved(language, theme)).failure(self._on_failed).run()

    def _on_saved(self, language: str, theme: str) -> None:
        if self._on_theme_chosen is not None:
            self._on_theme_chosen(theme)
        self.saved.emit(language, theme)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(error_sentence(exc))
        self.message.show()
