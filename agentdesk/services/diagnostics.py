"""The diagnostics bundle IT attaches to a support ticket: ``agentdesk diagnostics`` and the
desk's Help → Save diagnostics….

A zip of what a support engineer asks first, and nothing of the bank's customers:

``versions.txt``   AgentDesk, Python, the platform, the libraries that matter (Qt, SQLCipher…)
``self-test.txt``  the self-test's lines, as ``agentdesk self-test`` prints them
``settings.json``  the desktop's settings in force and where they came from; secrets and
                   passwords in URLs replaced by ``[secret]``
``environment.txt`` the ``AGENTDESK_*`` and ``QT_*`` variables (values of secret ones hidden)
``sync.json``      the cache's size, the pull cursor, the last event id, changes waiting, and the
                   problems of refused changes by kind, code and field name (never their values)
``qt.txt``         screens, scale, style and fonts when a desktop is running (Help → Save…)
``logs/``          the last lines of each log file, masked once more as the logger masks them

Customer data never enters: no payload of a change, no record of the cache, and log lines pass
the same personal-data filter again (a line written by an older version is masked too).
"""

from __future__ import annotations

import io
import json
import os
import platform
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from agentdesk import __version__
from agentdesk.cache import outbox, sync_state
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.logging_setup import mask_personal_data
from agentdesk.selftest import run_self_test
from agentdesk.services.local_cache import LocalCache

__all__ = ["DiagnosticsService", "SyncFacts", "diagnostics_file_name"]

SECRET = "[secret]"
LOG_LINES = 2000  # per log file: a day's warnings, not a month of chatter
LIBRARIES = (
    "PySide6-Essentials",
    "pyqtgraph",
    "sqlcipher3",
    "SQLAlchemy",
    "httpx",
    "keyring",
    "pydantic",
    "fastapi",
    "uvicorn",
)
_SECRET_NAME = re.compile(r"password|secret|token|private|api_key", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s]+):[^@/\s]+@")
_LAST_EVENT_ID = "events.last_id"


@dataclass(frozen=True)
class SyncFacts:
    """What the sync is doing, without a record's content."""

    cache_bytes: int
    cursor: int
    last_event_id: str | None
    changes_waiting: int
    problems: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "cache_bytes": self.cache_bytes,
            "cursor": self.cursor,
            "last_event_id": self.last_event_id,
            "changes_waiting": self.changes_waiting,
            "problems": self.problems,
            "note": self.note,
        }


def diagnostics_file_name(now: datetime) -> str:
    return f"agentdesk-diagnostics-{now:%Y%m%d-%H%M%S}.zip"


class DiagnosticsService:
    """Writes the diagnostics zip (see the module's docstring)."""

    def __init__(
        self,
        settings: DesktopSettings,
        paths: AppPaths,
        cache: LocalCache | None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._settings = settings
        self._paths = paths
        self._cache = cache
        self._clock = clock

    def default_path(self, folder: Path | None = None) -> Path:
        return (folder or Path.home()) / diagnostics_file_name(self._clock())

    def save(self, path: Path, *, qt_facts: Iterable[str] = ()) -> Path:
        """Write the zip to ``path`` (its folder is made); returns the path. Blocking: runs the
        self-test, which asks the backend for its health."""
        files = {
            "versions.txt": _versions(self._clock()),
            "self-test.txt": self._self_test(),
            "settings.json": json.dumps(self._settings_facts(), indent=2, ensure_ascii=False),
            "environment.txt": _environment(os.environ),
            "sync.json": json.dumps(self._sync_facts().as_dict(), indent=2, default=str),
            "qt.txt": "\n".join(qt_facts)
            or "no desktop running: see the Qt lines of the self-test",
        }
        files.update(_log_tails(self._paths.log_dir))
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for name, text in files.items():
                bundle.writestr(name, text if text.endswith("\n") else text + "\n")
        return path

    # -- the parts ---------------------------------------------------------------------------

    def _self_test(self) -> str:
        out = io.StringIO()
        try:
            run_self_test(self._settings, out=out)
        except Exception as exc:  # the bundle is most wanted when things are broken
            out.write(f"self-test crashed: {exc!r}\n")
        return out.getvalue()

    def _settings_facts(self) -> dict[str, Any]:
        paths = self._paths
        return {
            "files": {
                "system": _file_fact(paths.system_config_file),
                "user": _file_fact(paths.user_config_file),
            },
            "folders": {
                "config": str(paths.config_dir),
                "data": str(paths.data_dir),
                "logs": str(paths.log_dir),
            },
            "settings": redact(self._settings.model_dump(mode="json")),
        }

    def _sync_facts(self) -> SyncFacts:
        cache = self._cache
        if cache is None or not cache.path.exists():
            return SyncFacts(0, 0, None, 0, note="no cache on this desktop yet")
        size = cache.path.stat().st_size
        try:
            return cache.peek(lambda conn: _read_sync_facts(conn, size))
        except Exception as exc:  # a cache the keyring cannot open: say so, keep the rest
            return SyncFacts(size, 0, None, 0, note=f"cache not readable: {type(exc).__name__}")


def _read_sync_facts(conn: Connection, size: int) -> SyncFacts:
    problems = [
        {
            "kind": str(problem.kind),
            "status": str(problem.status),
            "code": problem.problem_code,
            "fields": list(problem.fields) or [c.field for c in problem.conflicts],
            "made_at": problem.made_at.isoformat(),
        }
        for problem in outbox.needing_attention(conn)
    ]
    return SyncFacts(
        cache_bytes=size,
        cursor=sync_state.get_cursor(conn),
        last_event_id=sync_state.get_value(conn, _LAST_EVENT_ID),
        changes_waiting=outbox.waiting_count(conn),
        problems=problems,
    )


def redact(value: Any, name: str = "") -> Any:
    """``value`` with secrets replaced: by the name of their setting, or a URL's password."""
    if isinstance(value, Mapping):
        return {key: redact(item, str(key)) for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item, name) for item in value]
    if isinstance(value, str):
        if value and _SECRET_NAME.search(name):
            return SECRET
        return _URL_PASSWORD.sub(rf"\g<scheme>\g<user>:{SECRET}@", value)
    return value


def _file_fact(path: Path) -> dict[str, Any]:
    return {"path": str(path), "exists": path.is_file()}


def _versions(now: datetime) -> str:
    lines = [
        f"AgentDesk {__version__}",
        f"made {now.isoformat()}",
        f"Python {platform.python_version()} ({sys.executable})",
        f"frozen bundle: {bool(getattr(sys, 'frozen', False))}",
        f"platform: {platform.platform()} ({platform.machine()})",
        f"locale: {os.environ.get('LANG', '')}",
    ]
    for name in LIBRARIES:
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name}: not installed")
    return "\n".join(lines)


def _environment(environ: Mapping[str, str]) -> str:
    names = sorted(n for n in environ if n.startswith(("AGENTDESK_", "QT_", "SSL_", "REQUESTS_")))
    return "\n".join(f"{n}={redact(environ[n], n)}" for n in names) or "(none set)"


def _log_tails(log_dir: Path) -> dict[str, str]:
    if not log_dir.is_dir():
        return {"logs/README.txt": f"no log folder at {log_dir}"}
    tails = {}
    for path in sorted(log_dir.glob("*.log*")):
        with path.open(encoding="utf-8", errors="replace") as lines:
            last = list(lines)[-LOG_LINES:]
        tails[f"logs/{path.name}"] = "".join(mask_personal_data(line) for line in last)
    return tails
