"""Settings layering: defaults < system file (IT) < user file < environment < command line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from agentdesk.config import AppPaths, load_settings
from agentdesk.errors import ConfigError


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_agentdesk_home_holds_every_per_user_folder(agentdesk_home: Path) -> None:
    paths = AppPaths.from_environment().ensure()
    assert paths.config_dir == agentdesk_home / "config"
    assert paths.data_dir.is_dir() and paths.log_dir.is_dir()


def test_each_layer_overrides_the_one_before(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = AppPaths.from_environment()
    assert load_settings().language == "en"  # default

    _write(paths.system_config_file, 'language = "zh_CN"\nbackend_url = "https://it.bank/"\n')
    settings = load_settings()
    assert (settings.language, settings.backend_url) == ("zh_CN", "https://it.bank")

    _write(paths.user_config_file, 'backend_url = "https://user.bank"\n')
    settings = load_settings()
    assert (settings.language, settings.backend_url) == ("zh_CN", "https://user.bank")

    monkeypatch.setenv("AGENTDESK_BACKEND_URL", "https://env.bank")
    assert load_settings().backend_url == "https://env.bank"

    assert load_settings(backend_url="https://cli.bank").backend_url == "https://cli.bank"
    assert load_settings(backend_url=None).backend_url == "https://env.bank"


def test_invalid_values_name_the_setting() -> None:
    paths = AppPaths.from_environment()
    _write(paths.user_config_file, "request_timeout_s = -1\n")
    with pytest.raises(ConfigError, match="request_timeout_s"):
        load_settings()


def test_malformed_config_file_is_a_config_error() -> None:
    paths = AppPaths.from_environment()
    _write(paths.system_config_file, "backend_url = \n")
    with pytest.raises(ConfigError, match="cannot read settings"):
        load_settings()


def test_workstation_id_is_made_once_and_kept() -> None:
    paths = AppPaths.from_environment()
    first = paths.workstation_id()
    assert first.startswith("ws-")
    assert AppPaths.from_environment().workstation_id() == first


def test_system_file_is_found_in_any_xdg_config_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ubuntu desktops list /etc/xdg/xdg-ubuntu first; the packaged file lives further on."""
    if not sys.platform.startswith("linux"):
        pytest.skip("XDG_CONFIG_DIRS is a Linux convention")
    first, second = tmp_path / "xdg-ubuntu", tmp_path / "xdg"
    _write(second / "agentdesk" / "agentdesk.toml", 'backend_url = "https://it.bank"\n')
    monkeypatch.delenv("AGENTDESK_SYSTEM_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{first}:{second}")
    paths = AppPaths.from_environment()
    assert paths.system_config_file == second / "agentdesk" / "agentdesk.toml"
    assert load_settings().backend_url == "https://it.bank"
