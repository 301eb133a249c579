"""A real HTTP receiver on a loopback port for the backend's outbound webhooks (the PBX's
commands, the SMS gateway): it checks each request's signature, records the JSON bodies, and
answers with the statuses a test queues (200 once they run out)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from agentdesk.server.signed_webhook import SIGNATURE_HEADER, signature_valid


class WebhookReceiver:
    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.received: list[dict[str, Any]] = []  # every request's body, answered or not
        self.unsigned = 0  # requests whose signature did not check
        self.answers: list[int] = []  # the next requests' statuses
        self.url = ""
        self._lock = threading.Lock()

    def answer_next(self, *statuses: int) -> None:
        with self._lock:
            self.answers.extend(statuses)

    def take(self, raw: bytes, signature: str | None) -> int:
        with self._lock:
            if not signature_valid(self.secret, raw, signature):
                self.unsigned += 1
                return 401
            self.received.append(json.loads(raw))
            return self.answers.pop(0) if self.answers else 200


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
