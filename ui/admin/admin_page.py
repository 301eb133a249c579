"""What every page of the admin console shares: its signals, the line that says a read failed,
and reading the server in the background, where a read that a later one superseded is dropped
(F5 twice, or a page reloaded after a change while the first read is on its way).

Threading: GUI thread only; ``_read``'s function runs in a background operation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from agentdesk.services import AdminService, ReferenceService
from ui.kit.error_text import error_sentence
from ui.kit.naming import named
from ui.kit.workers import BackgroundOp

__all__ = ["AdminPage"]

T = TypeVar("T")


class AdminPage(QWidget):
    # A sentence for the window's status bar: done, refused or failed.
    message_posted = Signal(str)
    # A read finished and the page shows what it read.
    loaded = Signal()
    # Each dialog the page opens, right after open() (tests and the shell find it).
    dialog_opened = Signal(object)

    def __init__(
        self,
        admin: AdminService,
        parent: QWidget | None,
        *,
        reference: ReferenceService | None,
        object_name: str,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._admin = admin
        self._reference = reference
        self._generation = 0
        self.reading = False  # a read is on its way
        self.error_label = named(QLabel(), "errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

    def load(self) -> None:
        """Read the page's records from the server and show them (the window calls it when the
        page is first shown and on F5)."""
        raise NotImplementedError

    def _read(self, fn: Callable[[], T], show: Callable[[T], None], failed_text: str) -> None:
        """Run ``fn`` in the background; ``show`` its result unless a later read began since.
        A failure is said on the page (``failed_text`` with %1 the reason) and in the status bar."""
        self._generation += 1
        generation = self._generation
        self.reading = True
        on_read = partial(self._on_read, generation, show)
        on_failed = partial(self._on_read_failed, generation, failed_text)
        BackgroundOp(self, fn).success(on_read).failure(on_failed).run()

    def _on_read(self, generation: int, show: Callable[[T], None], result: T) -> None:
        if generation != self._generation:
            return  # a later read is on its way
        self.reading = False
        self.error_label.hide()
        show(result)
        self.loaded.emit()

    def _on_read_failed(self, generation: int, failed_text: str, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.reading = False
        sentence = error_sentence(exc)
        self.error_label.setText(failed_text.replace("%1", sentence))
        self.error_label.show()
        self._read_failed()
        self.message_posted.emit(sentence)

    def _read_failed(self) -> None:
        """What else a page undoes when its read failed (nothing by default)."""
