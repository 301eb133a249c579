"""The root-cause taxonomy a ticket closes with is one list: the reference file the desk shows
and the enum the server accepts."""

from __future__ import annotations

import yaml

from agentdesk.contract.reference import RootCauseList
from agentdesk.contract.tickets import RootCause
from agentdesk.resources import resource_path


def load() -> RootCauseList:
    path = resource_path("reference", "complaint_root_causes.yaml")
    return RootCauseList.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_the_reference_file_lists_every_root_cause_once_in_the_enums_order() -> None:
    assert [c.code for c in load().root_causes] == list(RootCause)


def test_every_root_cause_has_distinct_labels_in_both_languages() -> None:
    causes = load().root_causes
    assert len({c.label_zh for c in causes}) == len({c.label_en for c in causes}) == len(causes)
