"""The agent's own preferences (language, theme), kept in the user settings file.

``save_preferences`` rewrites ``AppPaths.user_config_file`` with the new values and every other
key it already held (it is a layer of :class:`agentdesk.config.Settings`, so what is saved here
is what the next start reads). The file is written to a side file and renamed into place, so a
crash never leaves half a settings file. Values are checked against ``Settings`` first: a typo
cannot make the next start fail.

Threading: blocking file I/O (small); the UI may call it from a background operation.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from typing import Any, Literal

from agentdesk.config import AppPaths, Settings
from agentdesk.errors import ConfigError

__all__ = ["LANGUAGES", "THEMES", "load_preferences", "save_preferences"]

LANGUAGES = ("en", "zh_CN")
THEMES = ("light", "dark")

Language = Literal["en", "zh_CN"]
Theme = Literal["light", "dark"]


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
    paths: AppPaths, *, language: Language | None = None, theme: Theme | None = None
) -> dict[str, Any]:
    """Store the given preferences in the user file; returns what the file now holds."""
    if language is not None and language not in LANGUAGES:
        raise ConfigError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    if theme is not None and theme not in THEMES:
        raise ConfigError(f"unknown theme {theme!r}; known: {', '.join(THEMES)}")
    values = load_preferences(paths)
    if language is not None:
        values["language"] = language
    if theme is not None:
        values["theme"] = theme
    Settings.model_validate({k: v for k, v in values.items() if k in Settings.model_fields})
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    target = paths.user_config_file
    side = target.with_suffix(".toml.saving")
    side.write_text(_dumps(values), encoding="utf-8")
    os.replace(side, target)
    return values


# -- a small TOML writer: the settings are flat keys, lists and one level of tables ----------


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
    tables = {k: v for k, v in values.items() if isinstance(v, Mapping)}
    for name, value in values.items():
        if name not in tables:
            lines.append(f"{_key(name)} = {_scalar(value)}")
    for name, table in tables.items():
        lines.append("")
        lines.append(f"[{_key(name)}]")
        for key, value in table.items():
            lines.append(f"{_key(key)} = {_scalar(value)}")
    return "\n".join(lines) + "\n"
