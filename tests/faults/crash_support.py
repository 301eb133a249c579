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
import socket
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivatePostgres:
    """A throwaway PostgreSQL 15 cluster (trust auth, a free loopback port, its socket in its
    own folder), never the machine's shared one: the tests restart it at will."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="agentdesk-crash-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
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


def restart(backend: DemoBackend) -> DemoBackend:
    """The same database on the same port, as after a crash and a restart by the operator."""
    port = int(backend.url.rsplit(":", 1)[1])
    if isinstance(backend, Backend):
        again: DemoBackend = Backend(backend.paths, backend.database_url, port=port)
    else:
        again = DemoBackend(backend.paths, customers=backend.customers, port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            again.start()
            return again
        except Exception:
            if time.monotonic() > deadline:  # the port still held by the killed process
                raise
            time.sleep(0.2)
