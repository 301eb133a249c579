"""Where AgentDesk keeps its files: the per-user folders and the IT-managed settings file.

``AGENTDESK_HOME`` puts every per-user folder under one directory (tests and portable
installs); ``AGENTDESK_SYSTEM_CONFIG`` names the system file.
"""

from __future__ import annotations

import os
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "CONFIG_FILE", "AppPaths"]

APP_NAME = "agentdesk"
CONFIG_FILE = "agentdesk.toml"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    log_dir: Path
    system_config_file: Path

    @classmethod
    def from_environment(cls) -> AppPaths:
        system_file = os.environ.get("AGENTDESK_SYSTEM_CONFIG")
        system = Path(system_file) if system_file else _system_config_file()
        home = os.environ.get("AGENTDESK_HOME")
        if home:
            root = Path(home)
            return cls(root / "config", root / "data", root / "logs", system)
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            system,
        )

    @property
    def user_config_file(self) -> Path:
        return self.config_dir / CONFIG_FILE

    def ensure(self) -> AppPaths:
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    def workstation_id(self) -> str:
        """A stable id for this desktop, made once; it names the workstation in audit and sync."""
        path = self.data_dir / "workstation-id"
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        self.ensure()
        value = f"ws-{uuid.uuid4().hex[:12]}"
        path.write_text(value, encoding="utf-8")
        return value


def _system_config_file() -> Path:
    """The IT-managed file: the first that exists among the system config folders.

    On Linux every ``XDG_CONFIG_DIRS`` entry is searched and ``/etc/xdg`` always is (Ubuntu
    desktops put ``/etc/xdg/xdg-ubuntu`` first, where no package installs our file); on Windows
    it is ``%ProgramData%\\agentdesk``, on macOS ``/Library/Application Support/agentdesk``.
    """
    folders = platformdirs.site_config_dir(APP_NAME, appauthor=False, multipath=True)
    candidates = [Path(folder) / CONFIG_FILE for folder in folders.split(os.pathsep) if folder]
    if sys.platform.startswith("linux"):
        candidates.append(Path("/etc/xdg") / APP_NAME / CONFIG_FILE)
    return next((path for path in candidates if path.is_file()), candidates[-1])
