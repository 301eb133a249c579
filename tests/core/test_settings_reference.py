"""The README's table of every setting is the one the settings models make: a setting added,
renamed or given another default cannot leave IT's reference behind."""

from __future__ import annotations

from pathlib import Path

from agentdesk.config.reference_table import BEGIN, END, replace_in, settings_tables
from agentdesk.config.settings import Settings

README = Path(__file__).parents[2] / "README.md"


def test_the_readme_lists_every_setting_as_the_models_define_it() -> None:
    text = README.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    assert replace_in(text) == text, (
        "the README's settings table is stale: run "
        "`python -m agentdesk.config.reference_table --write`"
    )


def test_every_setting_has_a_row_with_its_environment_name_and_a_description() -> None:
    tables = settings_tables()
    for section in ("desktop", "server", "telephony"):
        model = type(getattr(Settings(), section))
        for name in model.model_fields:
            if name == "simulator":
                continue
            env = f"`AGENTDESK_{section.upper()}__{name.upper()}`"
            row = next(line for line in tables.splitlines() if env in line)
            assert not row.endswith("| – |"), f"{section}.{name} has no description"
