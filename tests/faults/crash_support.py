"""What the randomized crash tests share: the seed, the kill points, a private PostgreSQL, the
backend on it, and the checker that compares what the desk saw saved with what the server has.

The seed: ``AGENTDESK_CRASH_SEED`` (an integer replays a run; ``random`` explores with a new
one); unset, a fixed seed, so CI is deterministic in what it aims at. Every failure message
starts with the seed and the kill points.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from agentdesk.config.paths import AppPaths
from agentdesk.demo.launcher import DemoBackend
from agentdesk.server.db import normalize_url

DEFAULT_SEED = 19_2026
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def crash_seed() -> int:
    value = os.environ.get("AGENTDESK_CRASH_SEED", "").strip()
    if not value:
        return DEFAULT_SEED
    if value == "random":
        return random.SystemRandom().randrange(1, 2**31)
    return int(value)


@dataclass
class KillLog:
    """The seed and where each kill landed, for the failure message (and the replay)."""

    what: str
    seed: int
    points: list[str] = field(default_factory=list)

    def add(self, point: str) -> None:
        self.points.append(point)

    def header(self) -> str:
        return (
            f"{self.what}: seed {self.seed} (replay: AGENTDESK_CRASH_SEED={self.seed}); "
            f"{len(self.points)} kills:\n  " + "\n  ".join(self.points)
        )


def server_rows(database_url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    engine = create_engine(normalize_url(database_url))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def doubled(values: list[str]) -> dict[str, int]:
    return {value: count for value, count in Counter(values).items() if count > 1}


# -- a private PostgreSQL -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivatePostgres:
    """A throwaway PostgreSQL 15 cluster (trust auth, a free loopback port, its socket in its
    own folder), never the machine's shared one: the tests restart it at will."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="agentdesk-crash-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/agentdesk"

    def _as_postgres(self, *args: str) -> None:
        command = ["runuser", "-u", "postgres", "--", *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args)}: {done.returncode}\n{done.stdout}{done.stderr}")

    def start(self) -> None:
        self.root.chmod(0o755)
        shutil.chown(self.root, "postgres")
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "--no-sync", "-E", "UTF8",
        )  # fmt: skip
        self._ctl("start", *self._options())
        self._as_postgres(
            str(PG_BIN / "createdb"), "-h", str(self.root), "-p", str(self.port), "agentdesk"
        )

    def _options(self) -> tuple[str, ...]:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        return ("-w", "-o", options, "-l", str(self.root / "server.log"))

    def _ctl(self, *args: str) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args)

    def restart_immediately(self) -> None:
        """As after a crash of the database: no checkpoint, recovery from the WAL."""
        self._ctl("restart", "-m", "immediate", *self._options())

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._ctl("stop", "-m", "immediate", "-w")
            except RuntimeError:
                pass  # gone already; the folder goes anyway
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


class Backend(DemoBackend):
    """``agentdesk server --demo`` on a database seeded beforehand (here: PostgreSQL), started
    and stopped as the demo's own."""

    def __init__(self, paths: AppPaths, database_url: str, *, port: int = 0) -> None:
        super().__init__(paths, port=port)
        self.database_url = database_url

    def ensure_database(self) -> None:
        pass  # seeded by the test


class ServerForks:
    """The fork server of server_fork.py: starts ``agentdesk server`` processes."""

    def __init__(self, cwd: Path) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.server_fork"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        self._lock = threading.Lock()

    def ask(self, line: str) -> str:
        assert self._process.stdin is not None and self._process.stdout is not None
        with self._lock:
            self._process.stdin.write(line + "\n")
            self._process.stdin.flush()
            return self._process.stdout.readline().strip()

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)


class ForkedBackend:
    """``agentdesk server --demo`` on ``database_url`` and ``port``, started by ``forks``;
    killed with SIGKILL, and started again as a new process on the same database and port."""

    def __init__(self, forks: ServerForks, database_url: str, port: int, log: Path) -> None:
        self.forks = forks
        self.database_url = database_url
        self.url = f"http://127.0.0.1:{port}"
        self.port = port
        self.log = log
        self.pid = 0
        self.running = False
        self._lock = threading.Lock()  # a kill from a timer thread and one from the test

    def start(self) -> None:
        """Start it and wait until it answers; a start that fails (the killed server's port
        not yet free) is tried again for a while."""
        deadline = time.monotonic() + 30
        arguments = f"server --host 127.0.0.1 --port {self.port} --demo"
        while True:
            answer = self.forks.ask(
                f"start {self.log} {arguments} --database-url {self.database_url}"
            )
            self.pid = int(answer.split()[1])
            self.running = True
            if self._healthy(deadline):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the server did not start again; see {self.log}")
            time.sleep(0.2)

    def _healthy(self, deadline: float) -> bool:
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.forks.ask(f"poll {self.pid}").startswith("exited"):
                    self.running = False
                    return False
                try:
                    if client.get(f"{self.url}/health").status_code == 200:
                        return True
                except httpx.HTTPError:
                    pass
                time.sleep(0.05)
        return False

    def kill(self) -> None:
        """SIGKILL, as a crash; safe to call when it is dead already."""
        with self._lock:
            if self.running:
                os.kill(self.pid, signal.SIGKILL)
                self.forks.ask(f"reap {self.pid}")
                self.running = False
