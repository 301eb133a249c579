"""The README's table of every setting, made from the settings models themselves, so that IT's
reference cannot drift from what the program reads (a test compares the two).

    python -m agentdesk.config.reference_table            # print the tables
    python -m agentdesk.config.reference_table --write    # replace them in README.md
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen
from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.server import ServerSettings
from agentdesk.config.settings import ENV_PREFIX, Settings
from agentdesk.config.telephony import TelephonySettings

__all__ = ["BEGIN", "END", "settings_tables", "replace_in"]

BEGIN = "<!-- settings table: made by `python -m agentdesk.config.reference_table --write` -->"
END = "<!-- end of the settings table -->"
SECTIONS: tuple[tuple[str, type[BaseModel], str], ...] = (
    ("desktop", DesktopSettings, "the agent's workstation (system file, user file)"),
    ("server", ServerSettings, "the backend"),
    ("telephony", TelephonySettings, "the ACD, its figures and the demo's callers (the backend)"),
)
_BOUNDS = ((Gt, ">", "gt"), (Ge, "≥", "ge"), (Lt, "<", "lt"), (Le, "≤", "le"))


def settings_tables() -> str:
    """Markdown: one table per section, a row per setting (nested sections by their path)."""
    parts = [_table("", "every process", _own_fields(Settings))]
    for section, model, who in SECTIONS:
        parts.append(_table(section, who, _fields(model, (section,))))
    return "\n\n".join(parts)


def replace_in(text: str) -> str:
    """``text`` (the README) with the part between the markers made anew."""
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    if not rest or not tail and END not in rest:
        raise ValueError("the README has no settings table markers")
    return f"{head}{BEGIN}\n{settings_tables()}\n{END}{tail}"


def _own_fields(model: type[BaseModel]) -> Iterator[tuple[tuple[str, ...], FieldInfo]]:
    sections = {name for name, _, _ in SECTIONS}
    for name, info in model.model_fields.items():
        if name not in sections:
            yield (name,), info


def _fields(
    model: type[BaseModel], path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], FieldInfo]]:
    for name, info in model.model_fields.items():
        nested = info.annotation
        if isinstance(nested, type) and issubclass(nested, BaseModel):
            yield from _fields(nested, (*path, name))
        else:
            yield (*path, name), info


def _table(section: str, who: str, fields: Iterator[tuple[tuple[str, ...], FieldInfo]]) -> str:
    title = f"`[{section}]`" if section else "top level"
    lines = [
        f"**{title}**: {who}",
        "",
        "| setting | default | environment | what it is |",
        "| --- | --- | --- | --- |",
    ]
    for path, info in fields:
        key = ".".join(path[1:]) if section else path[0]
        where = f"[{'.'.join(path[:-1])}] " if len(path) > 2 else ""
        env = ENV_PREFIX + "__".join(path).upper()
        lines.append(
            f"| {where}`{path[-1] if where else key}` | {_default(info)} | `{env}` | "
            f"{_description(info)} |"
        )
    return "\n".join(lines)


def _default(info: FieldInfo) -> str:
    value: Any = info.default
    if value is PydanticUndefined and info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]  # the factories take nothing
    if isinstance(value, SecretStr):
        return "(secret, empty)" if not value.get_secret_value() else "(secret)"
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    text = json.dumps(value, ensure_ascii=False)
    return f"`{text}`".replace("|", "\\|")


def _description(info: FieldInfo) -> str:
    words = [info.description or ""]
    bounds = [
        f"{sign} {getattr(m, attr)}"
        for m in info.metadata
        for kind, sign, attr in _BOUNDS
        if isinstance(m, kind)
    ]
    lengths = [f"length ≥ {m.min_length}" for m in info.metadata if isinstance(m, MinLen)]
    lengths += [f"length ≤ {m.max_length}" for m in info.metadata if isinstance(m, MaxLen)]
    if bounds or lengths:
        words.append(f"({', '.join(bounds + lengths)})")
    return " ".join(w for w in words if w).replace("|", "\\|") or "–"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the tables in README.md")
    args = parser.parse_args(argv)
    if not args.write:
        print(settings_tables())
        return 0
    readme = Path(__file__).parents[2] / "README.md"
    readme.write_text(replace_in(readme.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
