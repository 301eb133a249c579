"""Help → Save diagnostics…: the zip IT attaches to a support ticket (no customer data; see
``agentdesk.services.diagnostics``), written in the background: the self-test inside it asks
the backend for its health, which may take seconds when the network is away."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox

from agentdesk.services import DiagnosticsService
from ui.kit.actions import make_action
from ui.kit.error_text import error_sentence
from ui.kit.workers import BackgroundOp

__all__ = ["DiagnosticsSaver", "qt_facts"]

MESSAGE_MS = 15000


def qt_facts() -> list[str]:
    """What support asks about the display: platform, screens and their scale, style, font."""
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    lines = [f"platform plugin: {QGuiApplication.platformName()}"]
    for screen in QGuiApplication.screens():
        size = screen.size()
        lines.append(
            f"screen {screen.name()}: {size.width()}x{size.height()}, "
            f"device pixel ratio {screen.devicePixelRatio():g}, "
            f"logical DPI {screen.logicalDotsPerInch():.0f}"
        )
    if isinstance(app, QApplication):
        lines.append(f"style: {app.style().name()}")
    font = QGuiApplication.font()
    lines.append(f"font: {font.family()} {font.pointSizeF():g} pt")
    return lines


class DiagnosticsSaver(QObject):
    """The action and what it does; the window puts the action in its Help menu."""

    def __init__(self, window: QMainWindow, diagnostics: DiagnosticsService) -> None:
        super().__init__(window)
        self._window = window
        self._diagnostics = diagnostics
        self.save_action = make_action(
            window,
            self.tr("Save &diagnostics…"),
            "",
            self.tr("Save a zip for a support ticket: versions, checks, logs (no customer data)"),
            self.choose_file,
            object_name="saveDiagnosticsAction",
        )

    def choose_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = self._diagnostics.default_path(Path(folder) if folder else None)
        chosen, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Save diagnostics"), str(suggested), self.tr("Zip files (*.zip)")
        )
        if chosen:
            self.save(Path(chosen))

    def save(self, path: Path) -> None:
        """Write the zip to ``path`` in the background and say where it is."""
        facts = qt_facts()  # read on the GUI thread, where Qt's objects live
        self._window.statusBar().showMessage(self.tr("Saving diagnostics…"), MESSAGE_MS)
        BackgroundOp(self, lambda: self._diagnostics.save(path, qt_facts=facts)).success(
            self._on_saved
        ).failure(self._on_failed).run()

    def _on_saved(self, path: Path) -> None:
        self._window.statusBar().showMessage(
            self.tr("Diagnostics saved to %1").replace("%1", str(path)), MESSAGE_MS
        )

    def _on_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(
            self._window,
            self.tr("Diagnostics not saved"),
            self.tr("The diagnostics could not be saved: %1").replace("%1", error_sentence(exc)),
        )
