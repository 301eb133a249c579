"""The fault proxy itself does what the fault tests rely on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.faults.tcp_proxy import FaultProxy

BODY = b"x" * 50_000


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[FaultProxy]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with FaultProxy(server.server_address[1]) as fault_proxy:
        yield fault_proxy
    server.shutdown()
    server.server_close()


def _get(proxy: FaultProxy, timeout: float = 2.0) -> httpx.Response:
    return httpx.get(proxy.url + "/", timeout=timeout)


def test_pass_forwards_the_whole_response(proxy: FaultProxy) -> None:
    assert _get(proxy).content == BODY


def test_refuse_resets_the_connection(proxy: FaultProxy) -> None:
    proxy.mode = "refuse"
    with pytest.raises(httpx.TransportError):
        _get(proxy)


def test_blackhole_never_answers(proxy: FaultProxy) -> None:
    proxy.mode = "blackhole"
    with pytest.raises(httpx.ReadTimeout):
        _get(proxy, timeout=0.5)


def test_reset_mid_response_cuts_the_body(proxy: FaultProxy) -> None:
    proxy.mode = "reset_mid_response"
    proxy.reset_after_bytes = 200
    with pytest.raises(httpx.TransportError):
        _get(proxy)


def test_delay_slows_but_delivers(proxy: FaultProxy) -> None:
    proxy.mode = "delay"
    proxy.delay_s = 0.05
    assert _get(proxy).content == BODY
