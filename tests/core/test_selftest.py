"""``agentdesk self-test``: one tagged line per check, exit 1 exactly when a check fails.

The command runs as a subprocess (``python -m agentdesk self-test``), so its Qt check happens in
that process with QT_QPA_PLATFORM=offscreen and this test process never imports Qt.
"""

from __future__ import annotations

import importlib
import io
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from agentdesk import selftest
from agentdesk.config.desktop import DesktopSettings
from agentdesk.sync import bulk_pages

TAGS = ("[ok] ", "[warn] ", "[FAIL] ")


def _self_test(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentdesk", "self-test", *args],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _check_lines(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    assert lines[-1].startswith("self-test: ")
    for line in lines[:-1]:
        assert line.startswith(TAGS), line
    return lines[:-1]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _HealthHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the name http.server dispatches to
        if self.path != "/health":
            self.send_error(404)
            return
        body = json.dumps({"status": "ok", "version": "test", "database": "sqlite"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HealthHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_self_test_passes_offscreen_with_no_backend_configured() -> None:
    result = _self_test()

    assert result.returncode == 0, result.stdout + result.stderr
    lines = _check_lines(result.stdout)
    assert "[ok] backend: not configured" in lines
    assert any(line.startswith("[ok] sqlcipher: cipher_version") for line in lines)
    assert any(line.startswith("[ok] resources: ") for line in lines)
    assert any(line.startswith("[ok] tls roots: ") for line in lines)
    assert any(line.startswith("[ok] sync workers: a spawned worker prepared") for line in lines)
    assert any(line.startswith(("[ok] keyring: ", "[warn] keyring: ")) for line in lines)
    qt = [line for line in lines if line.startswith("[ok] qt: ")]
    assert any("platform 'offscreen'" in line for line in qt), lines
    assert any("SVG" in line for line in qt), lines


def test_self_test_fails_when_the_backend_does_not_answer() -> None:
    url = f"http://127.0.0.1:{_closed_port()}"

    result = _self_test("--backend-url", url)

    assert result.returncode == 1
    lines = _check_lines(result.stdout)
    assert [line for line in lines if line.startswith("[FAIL] ")] == [
        line for line in lines if line.startswith(f"[FAIL] backend: {url}/health does not answer")
    ]


def test_self_test_passes_against_a_backend_that_answers_health(health_server: str) -> None:
    result = _self_test("--backend-url", health_server)

    assert result.returncode == 0, result.stdout + result.stderr
    lines = _check_lines(result.stdout)
    assert f"[ok] backend: {health_server}/health answered 200 " in " ".join(lines) + " "
    assert not any(line.startswith("[FAIL] ") for line in lines)


def test_self_test_fails_on_an_unreadable_ca_bundle(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-ca.pem"

    result = _self_test(AGENTDESK_CA_BUNDLE=str(missing))

    assert result.returncode == 1
    assert any(
        line.startswith(f"[FAIL] ca_bundle: cannot load {missing}")
        for line in _check_lines(result.stdout)
    )


def test_missing_desktop_is_a_warning_for_server_only_hosts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_pyside(name: str) -> object:
        raise ModuleNotFoundError("No module named 'PySide6'", name="PySide6")

    monkeypatch.setattr(importlib, "import_module", no_pyside)

    results = selftest._check_qt()

    assert [r.level for r in results] == ["warn"]
    assert "desktop not installed" in results[0].line()


def test_a_crashing_check_is_reported_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom() -> list[selftest.CheckResult]:
        raise RuntimeError("boom")

    monkeypatch.setattr(selftest, "_check_sqlcipher", boom)
    monkeypatch.setattr(selftest, "_check_qt", lambda: [])
    out = io.StringIO()

    code = selftest.run_self_test(DesktopSettings(), out=out)

    assert code == 1
    lines = out.getvalue().splitlines()
    assert "[FAIL] self-test: check crashed: RuntimeError('boom')" in lines
    assert "[ok] backend: not configured" in lines


def _die_at_start() -> None:
    os._exit(3)


def test_sync_workers_that_cannot_start_are_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def dying_pool(workers: int) -> ProcessPoolExecutor:
        spawn = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(workers, mp_context=spawn, initializer=_die_at_start)

    monkeypatch.setattr(bulk_pages, "start_pool", dying_pool)

    results = selftest._check_sync_workers()

    assert [r.level for r in results] == ["warn"]
    assert (
        "initial sync then prepares its pages on the thread that writes them" in results[0].line()
    )
