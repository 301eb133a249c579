"""A fault-injecting TCP proxy on loopback, for tests that put a bad network between the
desktop and the backend.

Modes (switchable while connections are open; new behaviour applies to new data):

- ``pass``: forward both ways.
- ``refuse``: accept and reset at once (the client sees a connection reset).
- ``blackhole``: accept and swallow everything; never answer (a half-open peer).
- ``delay``: forward, holding each chunk back ``delay_s`` seconds.
- ``reset_mid_response``: forward the request; forward ``reset_after_bytes`` of the response,
  then reset both sides (a response cut in the middle).

Only loopback addresses are used; every socket is closed by ``stop()``.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from typing import Literal

Mode = Literal["pass", "refuse", "blackhole", "delay", "reset_mid_response"]

_CHUNK = 65536


def _reset(sock: socket.socket) -> None:
    """Close with SO_LINGER 0, so the peer gets a TCP RST rather than a clean FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class FaultProxy:
    def __init__(self, upstream_port: int, *, upstream_host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.mode: Mode = "pass"
        self.delay_s = 0.5
        self.reset_after_bytes = 64
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self._listener.close()
        self.cut_all()

    def cut_all(self) -> None:
        """Reset every open connection (what a crashing router does)."""
        with self._lock:
            sockets, self._sockets = list(self._sockets), set()
        for sock in sockets:
            _reset(sock)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- internals -------------------------------------------------------------------------

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            mode = self.mode
            if mode == "refuse":
                _reset(client)
                continue
            self._track(client)
            if mode == "blackhole":
                threading.Thread(target=self._swallow, args=(client,), daemon=True).start()
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            self._track(upstream)
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True), daemon=True).start()

    def _swallow(self, client: socket.socket) -> None:
        while not self._stopped.is_set():
            try:
                if not client.recv(_CHUNK):
                    return
            except OSError:
                return

    def _pump(self, source: socket.socket, target: socket.socket, is_response: bool) -> None:
        sent = 0
        try:
            while True:
                data = source.recv(_CHUNK)
                if not data:
                    target.shutdown(socket.SHUT_WR)
                    return
                if self.mode == "delay":
                    time.sleep(self.delay_s)
                if is_response and self.mode == "reset_mid_response":
                    allowed = max(self.reset_after_bytes - sent, 0)
                    if allowed:
                        target.sendall(data[:allowed])
                    _reset(target)
                    _reset(source)
                    return
                if self.mode == "blackhole":
                    continue  # a peer that went silent mid-connection
                target.sendall(data)
                sent += len(data)
        except OSError:
            _reset(target)
            _reset(source)
