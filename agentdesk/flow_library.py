"""The bank's flow library on disk: ``resources/flows/*.yaml``, read and validated.

The file reading for :mod:`agentdesk.flows` (which does no I/O): ``agentdesk flows validate``,
the tests and the server's seeding of published versions all come through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from agentdesk.contract.reference import WrapUpCodeList
from agentdesk.flows.source import FlowFileError, FlowIssue, FlowSource, parse_flow
from agentdesk.flows.validate import validate_library
from agentdesk.resources import resource_path

__all__ = ["LibraryReport", "check_files", "flow_files", "library_dir", "wrap_up_codes"]


def library_dir() -> Path:
    return resource_path("flows")


def wrap_up_codes() -> frozenset[str]:
    path = resource_path("reference", "wrap_up_codes.yaml")
    codes = WrapUpCodeList.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    return frozenset(code.code for code in codes.codes)


def flow_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named, folders expanded (sorted, so findings come in a stable order)."""
    found: list[Path] = []
    for path in paths:
        found += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return found


@dataclass(frozen=True)
class LibraryReport:
    sources: list[FlowSource]
    issues: list[FlowIssue]


def check_files(paths: Iterable[Path]) -> LibraryReport:
    """Parse and validate flow files: every finding of every file, and the flows that parsed."""
    sources: list[FlowSource] = []
    issues: list[FlowIssue] = []
    for path in flow_files(paths):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            issues.append(FlowIssue(str(path), 1, "", f"cannot be read: {err}"))
            continue
        try:
            sources.append(parse_flow(text, str(path)))
        except FlowFileError as err:
            issues += err.issues
    issues += validate_library(sources, wrap_up_codes=wrap_up_codes())
    return LibraryReport(sources, issues)
