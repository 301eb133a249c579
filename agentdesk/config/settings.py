"""The layered settings of a process, loaded once by the entry point and handed out by part.

Each layer overrides the one before: defaults < system file (IT, e.g.
/etc/xdg/agentdesk/agentdesk.toml) < user file < environment < command line. The file has a
section per part (``[desktop]``, ``[server]``, ``[telephony]``, ``[telephony.simulator]``) and
the environment names a setting by its path (``AGENTDESK_DESKTOP__BACKEND_URL``,
``AGENTDESK_TELEPHONY__SIMULATOR__CALL_RATE``). The flat names of earlier releases
(``backend_url = …`` at the top of the file, ``AGENTDESK_BACKEND_URL``,
``AGENTDESK_TELEPHONY_CALL_RATE``) are still read, at their layer's precedence, so system files
already rolled out keep working.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, Literal, get_origin

from pydantic import BaseModel, Field, ValidationError, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from agentdesk.config.desktop import PLAIN_HTTP_ERROR, DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.config.server import ServerSettings
from agentdesk.config.telephony import SimulatorSettings, TelephonySettings
from agentdesk.errors import ConfigError, PlainHttpRefused

__all__ = ["Settings", "load_settings", "settings_error"]

ENV_PREFIX = "AGENTDESK_"


def _flat_names() -> dict[str, tuple[str, ...]]:
    """Each setting's name in earlier releases' flat model, and its path now."""
    telephony = {name for name in TelephonySettings.model_fields if name != "simulator"}
    return {
        **{name: ("desktop", name) for name in DesktopSettings.model_fields},
        **{name: ("server", name) for name in ServerSettings.model_fields},
        **{f"telephony_{name}": ("telephony", name) for name in telephony},
        **{
            f"telephony_{name}": ("telephony", "simulator", name)
            for name in SimulatorSettings.model_fields
        },
    }


FLAT_NAMES = _flat_names()


def nest_flat_names(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with every flat name moved to its section; a flat value wins over the
    section's, as both came from the same layer and the flat one is the more specific."""
    nested: dict[str, Any] = {key: value for key, value in values.items() if key not in FLAT_NAMES}
    for key, value in values.items():
        path = FLAT_NAMES.get(key)
        if path is None:
            continue
        table = nested
        for section in path[:-1]:
            inner = table.get(section)
            table[section] = inner = dict(inner) if isinstance(inner, Mapping) else {}
            table = inner
        table[path[-1]] = value
    return nested


class Settings(BaseSettings):
    """Everything a process may be told; the desktop reads ``desktop``, the server ``server``
    and ``telephony``. IT sets them in the system file."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="ignore"
    )

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="DEBUG, INFO, WARNING or ERROR (log files and stderr)"
    )
    desktop: DesktopSettings = Field(default_factory=DesktopSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    telephony: TelephonySettings = Field(default_factory=TelephonySettings)

    @model_validator(mode="before")
    @classmethod
    def _nest_given_flat_names(cls, values: Any) -> Any:
        # Only the command line's overrides still hold flat names here: every other source
        # nests its own before the layers are merged.
        return nest_flat_names(values) if isinstance(values, Mapping) else values

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        paths = AppPaths.from_environment()
        return (
            init_settings,
            env_settings,
            _FlatEnvironment(settings_cls),
            _SettingsFile(settings_cls, toml_file=paths.user_config_file),
            _SettingsFile(settings_cls, toml_file=paths.system_config_file),
        )


class _SettingsFile(TomlConfigSettingsSource):
    """A settings file, sections or earlier releases' flat names."""

    def _read_file(self, file_path: Any) -> dict[str, Any]:
        return nest_flat_names(super()._read_file(file_path))


class _FlatEnvironment(PydanticBaseSettingsSource):
    """``AGENTDESK_BACKEND_URL`` and the other flat names of earlier releases, below the
    sectioned names (``AGENTDESK_DESKTOP__BACKEND_URL``) when both are set."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # the values come whole from __call__

    def __call__(self) -> dict[str, Any]:
        environment = {key.upper(): value for key, value in os.environ.items()}
        found: dict[str, Any] = {}
        for name, path in FLAT_NAMES.items():
            raw = environment.get(ENV_PREFIX + name.upper())
            if raw is not None:
                found[name] = _decoded(raw, path)
        return nest_flat_names(found)


def _decoded(raw: str, path: tuple[str, ...]) -> Any:
    """Lists and tables come as JSON in the environment, as for the sectioned names."""
    return json.loads(raw) if get_origin(_field_at(path).annotation) in (list, dict) else raw


def _field_at(path: tuple[str, ...]) -> FieldInfo:
    model: type[BaseModel] = Settings
    for section in path[:-1]:
        annotation = model.model_fields[section].annotation
        assert isinstance(annotation, type) and issubclass(annotation, BaseModel)
        model = annotation
    return model.model_fields[path[-1]]


def load_settings(**overrides: Any) -> Settings:
    """Build the one Settings object of a process; command-line values come in ``overrides``
    (by their flat names: ``backend_url``, ``database_url``, ``telephony_call_rate``…)."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        raise settings_error(exc) from exc
    except (OSError, ValueError) as exc:  # an unreadable or malformed TOML file
        raise ConfigError(f"cannot read settings: {exc}") from exc


def settings_error(exc: ValidationError) -> ConfigError:
    """The ConfigError of settings that do not validate, naming each field and what is wrong."""
    problems = "; ".join(
        f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()
    )
    if any(e["type"] == PLAIN_HTTP_ERROR for e in exc.errors()):
        return PlainHttpRefused(f"invalid settings: {problems}")
    return ConfigError(f"invalid settings: {problems}")
