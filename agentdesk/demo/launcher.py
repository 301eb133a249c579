"""The embedded demo backend: a seeded SQLite database and ``agentdesk server`` as a subprocess.

``agentdesk demo`` and the tests' ``live_backend`` fixture use :class:`DemoBackend`::

    with DemoBackend(paths, customers=2000) as backend:
        ...  # backend.url, backend.username, backend.password

The database lives at ``<data_dir>/demo/server.db``. It is seeded when it is missing or has no
customers, or when ``reset`` asks for a fresh one. Seeding writes to a side file that is renamed
into place only when complete, so an interrupted seed never leaves a half-filled demo database
that would later be taken for a good one.

The server runs in its own process (as in production, and so that a crash in the server shows as
a failed health check rather than taking the desktop down). Its output goes to
``<log_dir>/demo-server.log``, not to the terminal; when it does not come up, the error carries
the tail of that file. This module starts processes and may import the server, but never Qt.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO

import httpx

from agentdesk.config.paths import AppPaths
from agentdesk.demo.generator import DEMO_PASSWORD
from agentdesk.errors import AgentDeskError

__all__ = ["DEMO_SUPERVISOR", "DEMO_USERNAME", "DemoBackend", "DemoBackendFailed"]

DEMO_USERNAME = "agent01"
DEMO_SUPERVISOR = "sup01"  # ``agentdesk demo --as supervisor``: the retail team's console
DEMO_ADMIN = "admin"  # ``agentdesk demo --as admin``: the admin console
STARTUP_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
_LOG_TAIL_LINES = 30


class DemoBackendFailed(AgentDeskError):
    """The demo server did not start (it exited, or never answered /health)."""

    code = "demo.backend_failed"


def _free_port() -> int:
    # The OS picks a free port; there is a short race until the server binds it, acceptable for
    # a single-user demo and for tests.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _has_customers(database: Path) -> bool:
    """True if ``database`` exists and holds at least one customer (read-only peek)."""
    if not database.exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT 1 FROM customers LIMIT 1").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:  # no customers table yet, or not a database at all
        return False


def _remove_database(database: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def _server_command(port: int, database_url: str) -> list[str]:
    arguments = ["server", "--host", "127.0.0.1", "--port", str(port)]
    arguments += ["--database-url", database_url, "--demo", "--exit-with-parent"]
    if getattr(sys, "frozen", False):
        # A PyInstaller bundle: the executable is the agentdesk entry point itself.
        return [sys.executable, *arguments]
    return [sys.executable, "-m", "agentdesk", *arguments]


def _tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no server output)"
    return "\n".join(text.splitlines()[-lines:]) or "(no server output)"


class DemoBackend:
    """A seeded demo database and a running ``agentdesk server --demo`` on loopback."""

    def __init__(
        self, paths: AppPaths, *, customers: int = 2000, port: int = 0, reset: bool = False
    ) -> None:
        self.paths = paths
        self.customers = customers
        self.port = port
        self.reset = reset
        self.database = paths.data_dir / "demo" / "server.db"
        self.database_url = f"sqlite:///{self.database}"
        self.log_file = paths.log_dir / "demo-server.log"
        self.username = DEMO_USERNAME
        self.password = DEMO_PASSWORD  # demo only
        self.url = ""
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    # -- context manager ---------------------------------------------------------------------

    def __enter__(self) -> DemoBackend:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        self.ensure_database()
        port = self.port or _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.paths.log_dir.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_file, "ab")  # closed in stop()
        self.process = subprocess.Popen(
            _server_command(port, self.database_url),
            # Held open, never written: it closes when this process ends, however it ends,
            # and the server stops with it (server --exit-with-parent).
            stdin=subprocess.PIPE,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=dict(os.environ),
        )
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise

    def ensure_database(self) -> None:
        """Seed the demo database if it is missing, empty, or a reset was asked for."""
        if self.reset:
            _remove_database(self.database)
        if _has_customers(self.database):
            return
        from agentdesk.demo.seed import seed_database  # the seeder pulls in the server models

        self.database.parent.mkdir(parents=True, exist_ok=True)
        _remove_database(self.database)  # an empty or unreadable leftover
        partial = self.database.with_name(self.database.name + ".partial")
        _remove_database(partial)
        print(
            f"agentdesk: seeding the demo database with {self.customers:,} customers",
            file=sys.stderr,
        )
        seed_database(f"sqlite:///{partial}", customers=self.customers, progress=True)
        os.replace(partial, self.database)

    def _wait_until_healthy(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        last_error = "no answer yet"
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                code = self.process.poll()
                if code is not None:
                    raise DemoBackendFailed(
                        f"the demo server exited with code {code} before answering; "
                        f"its last output ({self.log_file}):\n{_tail(self.log_file)}"
                    )
                try:
                    response = client.get(f"{self.url}/health")
                    if response.status_code == 200:
                        return
                    last_error = f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    last_error = type(exc).__name__
                time.sleep(0.1)
        raise DemoBackendFailed(
            f"the demo server did not answer {self.url}/health within {STARTUP_TIMEOUT_S:.0f} s "
            f"({last_error}); its last output ({self.log_file}):\n{_tail(self.log_file)}"
        )

    def stop(self) -> None:
        """Terminate the server (kill it if it does not stop in time); safe to call twice."""
        process = self.process  # kept after exit, so callers can read its returncode
        if process is not None and process.poll() is None:
            if process.stdin is not None:
                process.stdin.close()
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT_S)
        if self._log is not None:
            self._log.close()
            self._log = None
