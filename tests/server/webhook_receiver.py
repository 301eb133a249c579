"""A real HTTP receiver on a loopback port for the backend's outbound webhooks (the PBX's
commands, the SMS gateway): it checks each request's signature, records the JSON bodies, and
answers with the statuses a test queues (200 once they run out). A test may hold a request
unanswered until it releases it (a slow PBX), and wait until some requests have come."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from agentdesk.server.signed_webhook import SIGNATURE_HEADER, signature_valid

HOLD_LIMIT_S = 30.0  # a held request is answered by then even if the test never released it


@dataclass
class Held:
    """The first request of ``command`` for ``agent``, kept unanswered: ``arrived`` is set
    when it came, and it is answered once ``release`` is set."""

    command: str
    agent: str
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


class WebhookReceiver:
    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.received: list[dict[str, Any]] = []  # every request's body, answered or not
        self.unsigned = 0  # requests whose signature did not check
        self.answers: list[int] = []  # the next requests' statuses
        self.url = ""
        self._holds: list[Held] = []
        self._lock = threading.Condition()

    def answer_next(self, *statuses: int) -> None:
        with self._lock:
            self.answers.extend(statuses)

    def hold(self, command: str, agent: str) -> Held:
        """Keep the next ``command`` for ``agent`` unanswered until the test releases it."""
        held = Held(command, agent)
        with self._lock:
            self._holds.append(held)
        return held

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The bodies received, once there are at least ``count`` (requests sent by a thread
        of the backend that no response waits for)."""
        with self._lock:
            came = self._lock.wait_for(lambda: len(self.received) >= count, timeout)
            assert came, f"{len(self.received)} request(s) came, not {count}"
            return list(self.received)

    def take(self, raw: bytes, signature: str | None) -> int:
        with self._lock:
            if not signature_valid(self.secret, raw, signature):
                self.unsigned += 1
                return 401
            body = json.loads(raw)
            self.received.append(body)
            self._lock.notify_all()
            status = self.answers.pop(0) if self.answers else 200
            held = next(
                (
                    h
                    for h in self._holds
                    if (h.command, h.agent) == (body["command"], body.get("agent"))
                    and not h.arrived.is_set()
                ),
                None,
            )
            if held is not None:
                held.arrived.set()
        if held is not None:
            held.release.wait(HOLD_LIMIT_S)  # this request's own thread: the others go on
        return status


@contextmanager
def webhook_receiver(secret: str) -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver(secret)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = receiver.take(raw, self.headers.get(SIGNATURE_HEADER))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # quiet: the test reads what was received

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def closed_port_url() -> str:
    """A loopback URL where nothing listens (connections are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"
