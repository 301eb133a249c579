"""Settings layering: defaults < system file (IT) < user file < environment < command line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from agentdesk.config.paths import AppPaths
from agentdesk.config.settings import load_settings
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
    assert load_settings().desktop.language == "en"  # default

    _write(
        paths.system_config_file,
        '[desktop]\nlanguage = "zh_CN"\nbackend_url = "https://it.bank/"\n',
    )
    desktop = load_settings().desktop
    assert (desktop.language, desktop.backend_url) == ("zh_CN", "https://it.bank")

    _write(paths.user_config_file, '[desktop]\nbackend_url = "https://user.bank"\n')
    desktop = load_settings().desktop
    assert (desktop.language, desktop.backend_url) == ("zh_CN", "https://user.bank")

    monkeypatch.setenv("AGENTDESK_DESKTOP__BACKEND_URL", "https://env.bank")
    assert load_settings().desktop.backend_url == "https://env.bank"

    assert load_settings(backend_url="https://cli.bank").desktop.backend_url == "https://cli.bank"
    assert load_settings(backend_url=None).desktop.backend_url == "https://env.bank"


def test_each_part_has_its_section_and_environment_names(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = AppPaths.from_environment()
    _write(
        paths.system_config_file,
        'log_level = "WARNING"\n'
        '[server]\ndatabase_url = "postgresql://db.bank/agentdesk"\n'
        '[telephony]\nqueues = ["general", "vip"]\n'
        "[telephony.simulator]\ncall_rate = 2.5\n",
    )
    monkeypatch.setenv("AGENTDESK_SERVER__ACCESS_TOKEN_MINUTES", "5")
    monkeypatch.setenv("AGENTDESK_TELEPHONY__TEAM_SKILLS", '{"vip": ["vip"]}')
    settings = load_settings()
    assert settings.log_level == "WARNING"
    assert settings.server.database_url == "postgresql://db.bank/agentdesk"
    assert settings.server.access_token_minutes == 5
    assert settings.telephony.queues == ["general", "vip"]
    assert settings.telephony.team_skills == {"vip": ["vip"]}
    assert settings.telephony.simulator.call_rate == 2.5


def test_the_flat_names_of_earlier_releases_are_still_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """System files already rolled out to desktops keep working after the upgrade."""
    paths = AppPaths.from_environment()
    _write(
        paths.system_config_file,
        'backend_url = "https://it.bank"\nlanguage = "zh_CN"\ntelephony_call_rate = 3.0\n'
        'telephony_queues = ["general"]\nsse_ping_seconds = 7.0\n',
    )
    settings = load_settings()
    assert (settings.desktop.backend_url, settings.desktop.language) == ("https://it.bank", "zh_CN")
    assert settings.telephony.simulator.call_rate == 3.0
    assert settings.telephony.queues == ["general"]
    assert settings.server.sse_ping_seconds == 7.0

    # A flat name keeps its layer's rank: the user file's section beats the system's flat name…
    _write(paths.user_config_file, '[desktop]\nlanguage = "en"\n')
    assert load_settings().desktop.language == "en"
    # …and the environment's flat name beats both files, below the environment's section name.
    monkeypatch.setenv("AGENTDESK_BACKEND_URL", "https://flat-env.bank")
    monkeypatch.setenv("AGENTDESK_TELEPHONY_TEAM_SKILLS", '{"retail": ["general"]}')
    settings = load_settings()
    assert settings.desktop.backend_url == "https://flat-env.bank"
    assert settings.telephony.team_skills == {"retail": ["general"]}
    monkeypatch.setenv("AGENTDESK_DESKTOP__BACKEND_URL", "https://section-env.bank")
    assert load_settings().desktop.backend_url == "https://section-env.bank"


def test_invalid_values_name_the_setting() -> None:
    paths = AppPaths.from_environment()
    _write(paths.user_config_file, "[desktop]\nrequest_timeout_s = -1\n")
    with pytest.raises(ConfigError, match="desktop.request_timeout_s"):
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
    assert load_settings().desktop.backend_url == "https://it.bank"
