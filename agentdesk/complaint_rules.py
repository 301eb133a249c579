"""The complaint regimes' rule packs on disk: ``resources/complaint_rules/*.yaml``, checked.

The file reading for :mod:`agentdesk.domain.complaints` (which does no I/O). A pack with an
error fails at load with the file, the line and the reason, located in the YAML the way flow
files are (:func:`agentdesk.flows.source.line_at`). The category codes a pack maps to its types
are checked against the taxonomy here (the pure rules do not know the contract's enums).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from agentdesk.contract.tickets import ComplaintCategory
from agentdesk.domain.complaints.rules import RulePack
from agentdesk.flows.source import line_at
from agentdesk.resources import resource_path
from agentdesk.yaml_source import read_mapping, validated

__all__ = [
    "covered_regions",
    "RulePackError",
    "load_dir",
    "load_file",
    "load_pack",
    "load_packs",
    "parse_pack",
    "regimes",
    "rules_dir",
]


class RulePackError(ValueError):
    """A rule pack that cannot be used: ``file:line: reason`` for each problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def rules_dir() -> Path:
    return resource_path("complaint_rules")


def regimes() -> list[str]:
    return sorted(path.stem for path in rules_dir().glob("*.yaml"))


def parse_pack(text: str, file: str) -> RulePack:
    """Parse one pack's text (``file`` only names it in the problems)."""
    data, tree = read_mapping(text, file, "a rule pack holds one mapping", RulePackError)
    pack = validated(RulePack, data, tree, file, "pack", RulePackError)
    known = {c.value for c in ComplaintCategory}
    unknown = [
        f"{file}:{line_at(tree, ['category_types', code])}: category_types.{code}: "
        f"no complaint category {code!r}; known: {', '.join(c.value for c in ComplaintCategory)}"
        for code in pack.category_types
        if code not in known
    ]
    if unknown:
        raise RulePackError(unknown)
    return pack


def load_file(path: Path) -> RulePack:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RulePackError([f"{path}:1: cannot be read: {err}"]) from None
    pack = parse_pack(text, str(path))
    if pack.regime != path.stem:
        raise RulePackError([f"{path}:1: regime {pack.regime!r} in a file named {path.name}"])
    return pack


@cache
def load_pack(regime: str) -> RulePack:
    """The shipped pack of ``regime`` (``cn``, ``uk``, ``us``)."""
    known = regimes()
    if regime not in known:
        raise RulePackError([f"no rule pack for regime {regime!r}; known: {', '.join(known)}"])
    return load_file(rules_dir() / f"{regime}.yaml")


def load_dir(directory: Path) -> dict[str, RulePack]:
    """Every pack in ``directory`` by regime. A jurisdiction claimed by two packs is refused:
    a customer's complaint could then follow either."""
    paths = sorted(directory.glob("*.yaml"))
    packs = {path.stem: load_file(path) for path in paths}
    claimed: dict[str, str] = {}
    problems = []
    for path in paths:
        for code in packs[path.stem].jurisdictions:
            if code in claimed:
                tree = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
                line = line_at(tree, ["jurisdictions"]) if tree is not None else 1
                problems.append(
                    f"{path}:{line}: jurisdictions: {code} is also claimed by {claimed[code]}.yaml"
                )
            claimed.setdefault(code, path.stem)
    if problems:
        raise RulePackError(problems)
    return packs


@cache
def load_packs() -> dict[str, RulePack]:
    """Every shipped pack by regime: what
    :func:`agentdesk.domain.complaints.regime.choose_regime` chooses among."""
    return load_dir(rules_dir())


def covered_regions() -> frozenset[str]:
    """The jurisdictions the shipped packs cover (ISO 3166-1 alpha-2)."""
    return frozenset(code for pack in load_packs().values() for code in pack.jurisdictions)
