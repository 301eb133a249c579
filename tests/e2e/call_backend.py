"""A demo backend of their own for the call tests: fixed port (it can be stopped and started
again at the same address), no random simulator calls, and the telephony webhook enabled so a
test offers a call from the caller it chooses (the simulator draws callers at random).

Import ``call_backend`` into a test module to use the fixture.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from agentdesk.config.paths import AppPaths
from agentdesk.demo.launcher import DemoBackend

if TYPE_CHECKING:
    from agentdesk.services import AppServices
    from ui.shell.main_window import MainWindow

SECRET = "call-tests-secret"
QUEUE = "general"
SERVER_ENV = {
    "AGENTDESK_TELEPHONY__WEBHOOK_SECRET": SECRET,
    "AGENTDESK_TELEPHONY__SIMULATOR__CALL_RATE": "0",
}


@contextmanager
def _server_env() -> Iterator[None]:
    """The server process reads these when it starts (tests clear AGENTDESK_* around them)."""
    saved = {name: os.environ.get(name) for name in SERVER_ENV}
    os.environ.update(SERVER_ENV)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass
class CallBackend:
    backend: DemoBackend

    @property
    def url(self) -> str:
        return self.backend.url

    def stop(self) -> None:
        self.backend.stop()

    def start(self) -> None:
        """Start again at the same address (the desktop keeps its server URL)."""
        with _server_env():
            self.backend.start()

    def query(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        path = self.backend.database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as db:
            return list(db.execute(sql, args))

    def offer(self, phone: str, queue: str = QUEUE) -> str:
        """The PBX says a caller reached ``queue`` (signed like a real webhook delivery)."""
        call_id = f"test-{uuid.uuid4().hex[:10]}"
        body = json.dumps(
            {"type": "call.offered", "call_id": call_id, "caller": phone, "queue": queue}
        ).encode()
        signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        reply = httpx.post(
            f"{self.url}/telephony/events",
            content=body,
            headers={"Content-Type": "application/json", "X-AgentDesk-Signature": signature},
            timeout=10,
        )
        reply.raise_for_status()
        return call_id

    def wait_for(self, sql: str, *args: Any, timeout: float = 30.0) -> list[tuple[Any, ...]]:
        """Poll the server's database until ``sql`` returns rows (what the desktop sent)."""
        deadline = time.monotonic() + timeout
        while True:
            rows = self.query(sql, *args)
            if rows or time.monotonic() > deadline:
                return rows
            time.sleep(0.2)

    def single_customer(self) -> tuple[int, str, str]:
        """(id, name, E.164) of a seeded customer whose number is theirs alone."""
        rows = self.query(
            "select c.id, c.name, p.e164 from customers c join customer_phones p "
            "on p.customer_id = c.id where p.e164 in "
            "(select e164 from customer_phones group by e164 having count(*) = 1) "
            "order by c.id limit 1"
        )
        return rows[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def call_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CallBackend]:
    root = tmp_path_factory.mktemp("call-backend")
    paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
    backend = CallBackend(DemoBackend(paths, customers=40, port=_free_port()))
    backend.start()
    try:
        yield backend
    finally:
        backend.stop()


# -- driving the window with the keyboard ----------------------------------------------------

TIMEOUT_MS = 20_000


def press(qtbot: Any, key: Any, modifier: Any = None) -> None:
    """One key, to whatever has the focus now (as a person's keyboard would)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier or Qt.KeyboardModifier.NoModifier)


def type_text(qtbot: Any, text: str) -> None:
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClicks(target, text)


def activate(qtbot: Any, window: Any) -> None:
    """Shortcuts fire only in the active window, offscreen too."""
    with qtbot.waitActive(window, timeout=5_000):
        window.activateWindow()


def ringing_call(qtbot: Any, backend: CallBackend, window: Any, phone: str) -> None:
    """Make the agent ready with F9 and let the PBX offer a call from ``phone``."""
    from PySide6.QtCore import Qt

    from agentdesk.domain.presence import AgentState

    softphone = window.softphone
    qtbot.waitUntil(lambda: softphone.agent_state is not None, timeout=TIMEOUT_MS)
    if softphone.ready_action.isEnabled():
        press(qtbot, Qt.Key.Key_F9)
    qtbot.waitUntil(
        lambda: softphone.presence_state is AgentState.READY,
        timeout=TIMEOUT_MS,
    )
    backend.offer(phone)
    qtbot.waitUntil(lambda: softphone.answer_action.isEnabled(), timeout=TIMEOUT_MS)


def hang_up_and_wrap_up(qtbot: Any, window: Any, code: str = "Res") -> None:
    """Hang up (F8) and wrap the call up with the code whose name starts with ``code``, so the
    agent is free for the next test's call."""
    from PySide6.QtCore import Qt

    from agentdesk.domain.presence import AgentState

    desk = window.call_desk
    activate(qtbot, window)
    press(qtbot, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: desk.wrap_up_dialog is not None, timeout=TIMEOUT_MS)
    wrap_up = desk.wrap_up_dialog
    assert wrap_up is not None
    qtbot.waitUntil(wrap_up.isActiveWindow, timeout=5_000)
    type_text(qtbot, code)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.wrap_up_dialog is None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: window.softphone.presence_state is not AgentState.WRAP_UP, timeout=TIMEOUT_MS
    )


def signed_in_window(
    qtbot: Any,
    backend: CallBackend,
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> tuple[AppServices, MainWindow]:
    """The demo agent's services signed in to ``backend`` and their main window, active."""
    services = make_services(backend_url=backend.url)
    user = backend.backend
    services.session.login(backend.url, user.username, user.password)
    window = make_main_window(services)
    activate(qtbot, window)
    return services, window
