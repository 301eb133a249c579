"""The processes around a benchmark: a server it starts on a free loopback port, its output
appended to a log file, waited for until it answers and stopped at the end; and the bench's own
process, which SIGTERM unwinds as Ctrl+C does.

A server that exits or does not answer in time is stopped before :class:`ServerDidNotStart` is
raised, so a failed start leaves no process behind; the message names the log to read.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0
POLL_S = 0.2


class ServerDidNotStart(RuntimeError):
    """The server exited before it answered, or did not answer within its time."""


def free_port() -> int:
    """A loopback port free now (the OS picks it; the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def exit_on_sigterm() -> None:
    """SIGTERM (``timeout``'s, a cancelled job's) unwinds the bench as Ctrl+C does: its
    ``finally`` blocks stop the servers and drop the databases."""

    def handler(_signum: int, _frame: object) -> None:
        raise SystemExit(143)

    signal.signal(signal.SIGTERM, handler)


@dataclass
class ServerProcess:
    """A server the bench started, and the log file its output goes to."""

    name: str  # as the errors say it: "the server", "gunicorn"
    process: subprocess.Popen[bytes]
    log_path: Path
    _log: IO[bytes]

    @classmethod
    def start(
        cls,
        name: str,
        command: Sequence[str],
        *,
        log_path: Path,
        ready_url: str,
        headers: Mapping[str, str] | None = None,
        env: Mapping[str, str],
        cwd: Path | None = None,
    ) -> ServerProcess:
        """Start ``command`` and return once a GET of ``ready_url`` (with ``headers``) answers
        200; :class:`ServerDidNotStart` when it exits first or ``STARTUP_TIMEOUT_S`` passes."""
        log = open(log_path, "ab")  # closed in stop()
        try:
            process = subprocess.Popen(
                list(command),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=dict(env),
                cwd=cwd,
            )
        except OSError:
            log.close()
            raise
        server = cls(name, process, log_path, log)
        try:
            server._wait_until_answers(ready_url, headers or {})
        except BaseException:
            server.stop()
            raise
        return server

    @property
    def pid(self) -> int:
        return self.process.pid

    def _wait_until_answers(self, url: str, headers: Mapping[str, str]) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        with httpx.Client(timeout=5.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise ServerDidNotStart(f"{self.name} exited; see {self.log_path}")
                try:
                    if client.get(url, headers=headers).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(POLL_S)
        raise ServerDidNotStart(
            f"{self.name} did not answer within {STARTUP_TIMEOUT_S:.0f} s; see {self.log_path}"
        )

    def stop(self) -> None:
        """Terminate the server (kill it when it has not stopped in ``STOP_TIMEOUT_S``) and
        close its log; safe to call twice."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT_S)
        self._log.close()
