"""Help → About: the product, its version and where its log is (support asks for it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from agentdesk import __version__
from ui.kit.naming import named

__all__ = ["AboutDialog"]


class AboutDialog(QDialog):
    def __init__(self, log_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About AgentDesk"))
        title = named(QLabel(self.tr("AgentDesk")), "brandTitle")
        version = QLabel(self.tr("Version %1").replace("%1", __version__))
        body = QLabel(
            self.tr(
                "The contact center agent workstation: screen-pop, customer 360, "
                "scripted service flows and complaint tickets."
            )
        )
        body.setWordWrap(True)
        log = named(QLabel(self.tr("Log folder: %1").replace("%1", str(log_dir))), "mutedLabel")
        log.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        log.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        for widget in (title, version, body, log, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(420)
