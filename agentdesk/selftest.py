"""``agentdesk self-test``: checks that this installation can run, one line per check.

    [ok] …     works
    [warn] …   works in a reduced way, or is not needed on this kind of host (with how to fix)
    [FAIL] …   broken; the exit status is 1 when any check fails

It needs no login and writes nothing outside a temporary folder. The Qt checks live in
``ui.shell.self_check``, loaded by name: the core never imports Qt, and a server-only host (no
``gui`` extra) gets a warning. The Qt check runs last because a broken Qt installation can still
abort the process; every other line has been printed (and flushed) by then.
"""

from __future__ import annotations

import importlib
import platform
import secrets
import ssl
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

from agentdesk import __version__
from agentdesk.config.desktop import DesktopSettings

__all__ = ["CheckResult", "run_self_test"]

Level = Literal["ok", "warn", "fail"]
HEALTH_TIMEOUT_S = 5.0
WORKER_TIMEOUT_S = 60.0  # a cold start of a worker on a slow desktop, virus scan included
_TAGS: dict[Level, str] = {"ok": "[ok]", "warn": "[warn]", "fail": "[FAIL]"}


@dataclass(frozen=True)
class CheckResult:
    level: Level
    name: str
    detail: str

    def line(self) -> str:
        return f"{_TAGS[self.level]} {self.name}: {self.detail}"


def _check_install() -> list[CheckResult]:
    frozen = getattr(sys, "frozen", False)
    where = f"bundle at {Path(sys.executable).parent}" if frozen else f"Python at {sys.prefix}"
    detail = f"agentdesk {__version__}, Python {platform.python_version()}, {where}"
    return [CheckResult("ok", "install", detail)]


def _check_resources() -> list[CheckResult]:
    from agentdesk.resources import ResourceNotFound, resources_root

    try:
        root = resources_root()
    except ResourceNotFound as exc:
        return [CheckResult("fail", "resources", str(exc))]
    folders = sorted(p.name for p in root.iterdir() if p.is_dir())
    return [CheckResult("ok", "resources", f"{root} ({', '.join(folders) or 'empty'})")]


def _check_sqlcipher() -> list[CheckResult]:
    try:
        import sqlcipher3
    except ImportError as exc:
        return [CheckResult("fail", "sqlcipher", f"sqlcipher3 does not import: {exc}")]
    key = secrets.token_hex(32)
    with tempfile.TemporaryDirectory(prefix="agentdesk-selftest-") as folder:
        path = Path(folder) / "check.db"
        try:
            conn = sqlcipher3.connect(str(path))
            try:
                conn.execute(f"PRAGMA key = \"x'{key}'\"")
                conn.execute("CREATE TABLE t (v TEXT)")
                conn.execute("INSERT INTO t VALUES ('agentdesk')")
                conn.commit()
                value = conn.execute("SELECT v FROM t").fetchone()[0]
                row = conn.execute("PRAGMA cipher_version").fetchone()
            finally:
                conn.close()
        except sqlcipher3.Error as exc:
            return [CheckResult("fail", "sqlcipher", f"encrypted database does not work: {exc}")]
        if value != "agentdesk":
            return [CheckResult("fail", "sqlcipher", "read back a different value than written")]
        if not row or not row[0]:
            return [CheckResult("fail", "sqlcipher", "sqlcipher3 is linked to plain SQLite")]
        if path.read_bytes()[:16] == b"SQLite format 3\x00":
            return [CheckResult("fail", "sqlcipher", "the database file was written unencrypted")]
    return [CheckResult("ok", "sqlcipher", f"cipher_version {row[0]}, raw key, write and read")]


def _check_sync_workers() -> list[CheckResult]:
    """An initial sync prepares its pages on spawned worker processes (sync/bulk_pages.py); a
    bundle starts its own executable again for each, which only works when it was built
    right, so one worker prepares one page here."""
    from agentdesk.contract.sync import ChangesPage
    from agentdesk.sync import bulk_pages

    body = ChangesPage(cursor=7, high_water=7, has_more=False).model_dump_json().encode()
    pool = bulk_pages.start_pool(1)
    try:
        prepared = pool.submit(bulk_pages.prepare, body).result(timeout=WORKER_TIMEOUT_S)
    except Exception as exc:  # noqa: BLE001 - whatever stops the worker is the finding
        pool.shutdown(wait=False, cancel_futures=True)
        detail = (
            f"a worker process does not start or answer ({type(exc).__name__}: {exc}); an "
            "initial sync then prepares its pages on the thread that writes them, slower"
        )
        return [CheckResult("warn", "sync workers", detail)]
    pool.shutdown(wait=True)
    if prepared.page.cursor != 7:
        return [CheckResult("fail", "sync workers", "a worker prepared a different page")]
    workers = bulk_pages.default_workers()
    detail = f"a spawned worker prepared a page; an initial sync uses {workers}"
    return [CheckResult("ok", "sync workers", detail)]


def _check_keyring() -> list[CheckResult]:
    try:
        import keyring

        from agentdesk.credentials import keyring_backend_problem

        backend = keyring.get_keyring()
        problem = keyring_backend_problem(backend)
    except Exception as exc:  # a broken backend (e.g. D-Bus errors) is itself the finding
        return [CheckResult("warn", "keyring", f"cannot query the keyring: {exc}")]
    if problem:
        # Not a failure: CI and server hosts have no keyring daemon; the desktop refuses to
        # store secrets there and says so at sign-in.
        return [CheckResult("warn", "keyring", f"{problem} (sign-in will not be remembered)")]
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    return [CheckResult("ok", "keyring", f"secure backend {name}")]


def _check_tls(settings: DesktopSettings) -> list[CheckResult]:
    results: list[CheckResult] = []
    context = ssl.create_default_context()
    system = context.cert_store_stats().get("x509_ca", 0)
    try:
        import certifi

        bundle = Path(certifi.where())
    except ImportError:
        bundle = None
    sources = []
    if system:
        sources.append(f"{system} system CA certificates")
    if bundle is not None and bundle.is_file():
        sources.append(f"certifi bundle {bundle}")
    if sources:
        results.append(CheckResult("ok", "tls roots", "; ".join(sources)))
    else:
        paths = ssl.get_default_verify_paths()
        results.append(
            CheckResult(
                "fail",
                "tls roots",
                f"no CA certificates (looked in {paths.cafile} and {paths.capath}, no certifi); "
                "set ca_bundle to a PEM file of the CAs that sign the backend",
            )
        )
    if settings.ca_bundle:
        try:
            custom = ssl.create_default_context(cafile=settings.ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            results.append(
                CheckResult("fail", "ca_bundle", f"cannot load {settings.ca_bundle}: {exc}")
            )
        else:
            count = len(custom.get_ca_certs())
            results.append(
                CheckResult("ok", "ca_bundle", f"{settings.ca_bundle} ({count} CA certificates)")
            )
    return results


def _check_backend(settings: DesktopSettings) -> list[CheckResult]:
    if not settings.backend_url:
        return [CheckResult("ok", "backend", "not configured")]
    import httpx

    url = f"{settings.backend_url}/health"
    verify: ssl.SSLContext | bool = True
    if settings.ca_bundle:
        try:
            verify = ssl.create_default_context(cafile=settings.ca_bundle)
        except (OSError, ssl.SSLError):
            return [CheckResult("fail", "backend", f"{url} not checked: ca_bundle does not load")]
    try:
        response = httpx.get(url, timeout=HEALTH_TIMEOUT_S, verify=verify)
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        return [CheckResult("fail", "backend", f"{url} does not answer: {reason}")]
    if response.status_code != 200:
        return [CheckResult("fail", "backend", f"{url} answered HTTP {response.status_code}")]
    detail = f"{url} answered 200"
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        facts = [f"{k} {body[k]}" for k in ("status", "version", "database") if k in body]
        if facts:
            detail += f" ({', '.join(facts)})"
    return [CheckResult("ok", "backend", detail)]


def _check_qt() -> list[CheckResult]:
    try:
        module = importlib.import_module("ui.shell.self_check")
    except ImportError as exc:
        if exc.name and exc.name.split(".")[0] in {"PySide6", "shiboken6", "ui"}:
            return [
                CheckResult(
                    "warn",
                    "qt",
                    "desktop not installed (no PySide6): fine on a server-only host; "
                    "install agentdesk[gui] for the desktop",
                )
            ]
        # PySide6 is there but a system library it links against is not (e.g. libGL).
        return [CheckResult("fail", "qt", f"Qt does not load: {exc}")]
    levels: dict[str, Level] = {"ok": "ok", "warn": "warn", "fail": "fail"}
    return [
        CheckResult(levels.get(level, "fail"), "qt", text) for level, text in module.run_checks()
    ]


def run_self_test(settings: DesktopSettings, out: TextIO) -> int:
    """Run every check, print one line each to ``out``; 0 when nothing failed, else 1."""
    checks: list[Callable[[], list[CheckResult]]] = [
        _check_install,
        _check_resources,
        _check_sqlcipher,
        _check_sync_workers,
        _check_keyring,
        lambda: _check_tls(settings),
        lambda: _check_backend(settings),
        _check_qt,
    ]
    failed = 0
    for check in checks:
        try:
            results = check()
        except Exception as exc:  # a crashing check is a failed check, and the rest still run
            results = [CheckResult("fail", "self-test", f"check crashed: {exc!r}")]
        for result in results:
            print(result.line(), file=out, flush=True)
            failed += result.level == "fail"
    summary = f"{failed} check(s) failed" if failed else "all checks passed"
    print(f"self-test: {summary}", file=out, flush=True)
    return 1 if failed else 0
