"""The agent's own preferences (language, theme), kept in the user settings file.

``save_preferences`` rewrites ``AppPaths.user_config_file`` with the new values in its
``[desktop]`` section and every other key it already held (it is a layer of
:class:`agentdesk.config.settings.Settings`, so what is saved here is what the next start
reads; flat names of earlier releases move to their sections, where they no longer override the
new values). The file is written to a side file and renamed into place, so a crash never leaves
half a settings file. Values are checked against ``DesktopSettings`` first: a typo cannot make
the next start fail.

Threading: blocking file I/O (small); the UI may call it from a background operation.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.config.settings import nest_flat_names, settings_error
from agentdesk.errors import ConfigError

__all__ = ["LANGUAGES", "THEMES", "load_preferences", "save_preferences"]

LANGUAGES = ("en", "zh_CN")
THEMES = ("light", "dark")


def load_preferences(paths: AppPaths) -> dict[str, Any]:
    """The user file's keys (empty when there is none)."""
    path = paths.user_config_file
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path.name}: {exc}") from exc


def save_preferences(
    paths: AppPaths, *, language: str | None = None, theme: str | None = None
) -> dict[str, Any]:
    """Store the given preferences in the user file; returns what the file now holds. An
    unknown language or theme is a ConfigError and leaves the file as it was."""
    if language is not None and language not in LANGUAGES:
        raise ConfigError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    if theme is not None and theme not in THEMES:
        raise ConfigError(f"unknown theme {theme!r}; known: {', '.join(THEMES)}")
    values = nest_flat_names(load_preferences(paths))
    desktop = dict(values.get("desktop") or {})
    if language is not None:
        desktop["language"] = language
    if theme is not None:
        desktop["theme"] = theme
    try:
        DesktopSettings.model_validate(desktop)
    except ValidationError as exc:  # e.g. a plain http:// backend_url IT has not allowed
        raise settings_error(exc) from exc
    values["desktop"] = desktop
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    target = paths.user_config_file
    side = target.with_suffix(".toml.saving")
    side.write_text(_dumps(values), encoding="utf-8")
    os.replace(side, target)
    return values


# -- a small TOML writer: keys, lists and tables (sections and their sub-sections) ----------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    raise ConfigError(f"cannot write a {type(value).__name__} to the settings file")


def _key(name: str) -> str:
    bare = name.replace("_", "").replace("-", "").isalnum()
    return name if bare else _scalar(name)


def _dumps(values: Mapping[str, Any]) -> str:
    lines = ["# AgentDesk user settings (written by AgentDesk; other keys are kept)."]
    _table(lines, (), values)
    return "\n".join(lines) + "\n"


def _table(lines: list[str], header: tuple[str, ...], values: Mapping[str, Any]) -> None:
    tables = {k: v for k, v in values.items() if isinstance(v, Mapping)}
    if header:
        lines += ["", f"[{'.'.join(map(_key, header))}]"]
    for name, value in values.items():
        if name not in tables:
            lines.append(f"{_key(name)} = {_scalar(value)}")
    for name, table in tables.items():
        _table(lines, (*header, name), table)
