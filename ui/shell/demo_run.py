"""``agentdesk demo``: sign in as the demo agent without a dialog, optionally take a screenshot.

Screenshot mode signs in, simulates a call through the window's own action, waits until the
outcome of the pop is on screen, saves ``window.grab()`` and quits. Every failure becomes a
readable sentence (a message box, and stderr for unattended runs), never a traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox

from agentdesk.errors import AgentDeskError
from agentdesk.services import AppServices, Role, UserInfo
from ui.kit.error_text import error_sentence
from ui.kit.workers import BackgroundOp
from ui.shell.app_controller import AppController

__all__ = ["DemoRun"]

log = logging.getLogger(__name__)

# Let layouts settle and the last paint happen before grabbing.
SETTLE_MS = 400
# An unattended screenshot run must end even if the backend never answers.
SCREENSHOT_TIMEOUT_MS = 60_000


class DemoRun(QObject):
    def __init__(
        self,
        services: AppServices,
        controller: AppController,
        *,
        username: str,
        password: str,
        quit_app: Callable[[int], None],
        screenshot: str | None = None,
        exit_after: float | None = None,
    ) -> None:
        super().__init__()
        self._services = services
        self._controller = controller
        self._username = username
        self._password = password
        self._quit_app = quit_app
        self._screenshot = Path(screenshot) if screenshot else None
        self._exit_after = exit_after
        self._window: QMainWindow | None = None
        self._grabbed = False
        self.message_box: QMessageBox | None = None

    def _quit(self, code: int) -> None:
        # A failure box left open would stay the application's modal window after the run.
        box, self.message_box = self.message_box, None
        if box is not None:
            box.finished.disconnect()
            box.close()
            box.deleteLater()
        self._quit_app(code)

    @property
    def unattended(self) -> bool:
        return self._screenshot is not None or self._exit_after is not None

    def start(self) -> None:
        if self._exit_after is not None:
            QTimer.singleShot(int(self._exit_after * 1000), lambda: self._quit(0))
        if self._screenshot is not None:
            QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, self._on_screenshot_timed_out)
        session = self._services.session
        url = self._services.settings.backend_url
        username, password = self._username, self._password
        calls = self._services.calls

        def sign_in() -> UserInfo:
            user = session.login(url, username, password)
            if user.role == Role.AGENT:
                # The demo's agent starts ready: the simulator's first call reaches them
                # without hunting for the presence control.
                try:
                    calls.set_ready()
                except AgentDeskError as exc:
                    log.warning("the demo agent could not be set ready: %s", exc.code)
            return user

        BackgroundOp(self, sign_in).success(self._on_sign_in_succeeded).failure(
            self._on_sign_in_failed
        ).run()

    # -- slots ---------------------------------------------------------------------------

    def _on_sign_in_succeeded(self, _user: UserInfo) -> None:
        window = self._controller.show_window_for_role()
        self._window = window
        if self._screenshot is None:
            return
        # Loaded by now: the controller imported the window's module to show it.
        from ui.shell.admin_window import AdminWindow
        from ui.shell.console_window import ConsoleWindow

        if isinstance(window, ConsoleWindow):
            # The supervisor's console: shoot once the team's snapshot is on screen.
            window.console.snapshot_loaded.connect(
                lambda _snapshot: QTimer.singleShot(SETTLE_MS, self._grab)
            )
            return
        if isinstance(window, AdminWindow):
            # The admin console opens on the staff list: shoot once it is read.
            window.users_page.loaded.connect(lambda: QTimer.singleShot(SETTLE_MS, self._grab))
            return
        window.customer_page.pop_finished.connect(self._on_page_pop_finished)
        window.simulate_call_failed.connect(self._on_window_simulate_call_failed)
        window.simulate_call_action.trigger()

    def _on_sign_in_failed(self, exc: BaseException) -> None:
        sentence = error_sentence(exc)
        self._fail(self.tr("The demo agent could not sign in."), sentence)

    def _on_page_pop_finished(self, state: str) -> None:
        log.info("demo screen-pop shown: %s", state)
        QTimer.singleShot(SETTLE_MS, self._grab)

    def _on_window_simulate_call_failed(self, sentence: str) -> None:
        self._fail(self.tr("The demo call could not be simulated."), sentence)

    def _on_screenshot_timed_out(self) -> None:
        if not self._grabbed:
            log.error("no screen-pop within %s s; saving the window as it is", 60)
            self._grab(exit_code=1)

    # -- internals -----------------------------------------------------------------------

    def _grab(self, exit_code: int = 0) -> None:
        if self._grabbed or self._screenshot is None or self._window is None:
            if self._window is None and self._screenshot is not None:
                self._quit(1)
            return
        self._grabbed = True
        self._screenshot.parent.mkdir(parents=True, exist_ok=True)
        if not self._window.grab().save(str(self._screenshot)):
            print(f"agentdesk: cannot write {self._screenshot}", file=sys.stderr)
            exit_code = 1
        self._quit(exit_code)

    def _fail(self, title: str, sentence: str) -> None:
        print(f"agentdesk: {title} {sentence}", file=sys.stderr)
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("AgentDesk demo"), title)
        box.setInformativeText(sentence)
        box.finished.connect(lambda _result: self._quit(1))
        self.message_box = box
        box.open()
        if self._screenshot is not None:
            # Nobody is there to read it: leave after a moment with a failure code.
            QTimer.singleShot(SETTLE_MS, lambda: self._quit(1))
