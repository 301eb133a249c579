"""A desk that saves a stream of changes through the real services and drains them, to be killed.

Run by tests/faults/test_crash_random.py as a fork server::

    python -m tests.faults.crash_desk ROOT SERVER_URL CACHE_KEY_HEX

It imports everything once, then for each ``go`` line on stdin forks one incarnation of the
desk (a fresh process: it opens the cache, signs in, drains, then saves and pushes changes
until it is killed) and, when that incarnation has died, writes ``exited <pid> <status>``.
``quit`` ends it. Forking spares the ~2 s of imports per restart that 100 restarts cannot afford
on a 2-core machine; each incarnation still opens the cache file and the backend afresh, as a
desktop restarted after a crash does.

What the desk does, per change ``n`` (the next after the last one it ever began):

- ``log``: ``intent <n> <kind>`` before the local write, ``saved <n> <kind> <client id>`` once
  the service returned (what the agent sees as saved). One ``os.write`` per line on an
  O_APPEND file: a SIGKILL never leaves half a line.
- stdout: ``M <pid> <marker>`` markers the test waits for to aim its kills: ``commit`` (the
  local write begins), ``saved``, ``push`` (a ``/sync/push`` request leaves), ``pushed`` (its
  answer came back; the desk has not recorded it yet), ``drained``.

The kinds cycle through the offline writes the services make: a wrap-up, a callback (task
create), a complaint (ticket create), and closing an earlier callback (task update).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import keyring

from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.sync import Task
from agentdesk.contract.tickets import ComplaintCategory, Severity
from agentdesk.credentials import SERVICE
from agentdesk.services import AppServices
from agentdesk.services.complaints import NewComplaint
from agentdesk.services.wiring import build_app_services
from tests.keyring_backend import MemoryKeyring

LOG_NAME = "desk.log"
WORKSTATION = "ws-crash-desk"
KINDS = ("wrap_up", "callback", "complaint", "close_callback")
CUSTOMERS = 30  # the demo backend is seeded with more; these ids exist
NOW = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


def tag(n: int) -> str:
    """The content that marks change ``n`` on both sides (notes, summary, outcome)."""
    return f"crash-{n:05d}"


def kind_of(n: int) -> str:
    return KINDS[random.Random(n).randrange(len(KINDS))]


def _emit(marker: str) -> None:
    os.write(1, f"M {os.getpid()} {marker}\n".encode())


class _MarkedTransport(httpx.HTTPTransport):
    """The real transport, saying when a push leaves and when its answer is back."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        pushing = request.url.path == "/sync/push"
        if pushing:
            _emit("push")
        response = super().handle_request(request)
        if pushing:
            response.read()
            _emit("pushed")
        return response


class _KeptKeyring(MemoryKeyring):
    """The workstation's keyring across restarts (the cache key, the refresh token): a file
    replaced whole on each change, so a kill leaves the old or the new one."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        if path.exists():
            self.secrets = {(s, u): p for s, u, p in json.loads(path.read_text())}

    def set_password(self, service: str, username: str, password: str) -> None:
        super().set_password(service, username, password)
        self._save()

    def delete_password(self, service: str, username: str) -> None:
        super().delete_password(service, username)
        self._save()

    def _save(self) -> None:
        partial = self._path.with_suffix(".partial")
        partial.write_text(json.dumps([[s, u, p] for (s, u), p in self.secrets.items()]))
        os.replace(partial, self._path)


def _next_number(log: Path) -> int:
    if not log.exists():
        return 0
    begun = [int(line.split()[1]) for line in log.read_text().splitlines() if line]
    return max(begun, default=-1) + 1


def desk(root: Path, url: str, key_hex: str) -> None:
    """One incarnation: runs until killed."""
    vault = _KeptKeyring(root / "keyring.json")
    if not vault.get_password(SERVICE, f"cache-key:{WORKSTATION}"):
        vault.set_password(SERVICE, f"cache-key:{WORKSTATION}", key_hex)
    keyring.set_keyring(vault)
    paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
    services = build_app_services(
        DesktopSettings(backend_url=url, request_timeout_s=5.0, cache_scope="all"),
        paths,
        transport=_MarkedTransport(),
        clock=lambda: NOW,
        listen=False,
        sync_autostart=False,
    )
    # As the desktop starts again: the refresh token kept in the keyring, else the password
    # (a kill between the server's token rotation and the keyring's write ends the family).
    if services.session.resume() is None:
        services.session.login(url, "agent01", "demo")
    services.sync.sync_now()  # what the last incarnation left in the outbox goes first
    _emit("drained")
    log_path = root / LOG_NAME
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    n = _next_number(log_path)
    while True:
        kind = kind_of(n)
        os.write(log, f"intent {n} {kind}\n".encode())
        _emit("commit")
        kind, name = _save(services, n, kind)
        os.write(log, f"saved {n} {kind} {name}\n".encode())
        _emit("saved")
        services.sync.sync_now()
        _emit("drained")
        n += 1


def _save(services: AppServices, n: int, kind: str) -> tuple[str, str]:
    """Change ``n`` through the service the desk uses for it; returns its kind and what names
    it (the client id, or for a closed callback the client id of the task it closed)."""
    customer = 1 + n % CUSTOMERS
    if kind == "wrap_up":
        return kind, services.interactions.record_wrap_up(
            wrap_up_code="resolved", started_at=NOW, ended_at=NOW, customer_id=customer,
            queue="general", reason="balance_enquiry", notes=tag(n),
        )  # fmt: skip
    if kind == "callback" or kind == "close_callback" and not _open_callbacks(services):
        due = NOW + timedelta(days=1, minutes=n)
        return "callback", services.tasks.schedule_callback(customer, due, note=tag(n))
    if kind == "complaint":
        form = NewComplaint(
            customer_id=customer,
            category=ComplaintCategory.FEES,
            severity=Severity.LOW,
            summary=tag(n),
        )
        return kind, str(services.complaints.open_complaint(form).client_id)
    # Close the oldest open callback this desk made (one saved earlier, maybe not yet sent).
    task = min(_open_callbacks(services), key=lambda t: t.note)
    services.tasks.update(task.id, "done", outcome=tag(n))
    return kind, str(task.client_id)


def _open_callbacks(services: AppServices) -> list[Task]:
    return [t for t in services.tasks.my_tasks() if t.note.startswith("crash-")]


def main() -> None:
    root, url, key_hex = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    for line in sys.stdin:
        if line.strip() != "go":
            break
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                desk(root, url, key_hex)
            except BaseException as exc:  # noqa: BLE001 - said on stdout, then a hard exit
                os.write(1, f"E {os.getpid()} {type(exc).__name__}: {exc}\n".encode())
            finally:
                os._exit(3)
        os.write(1, f"started {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(1, f"exited {pid} {status}\n".encode())


if __name__ == "__main__":
    main()
