"""The flow validator: each kind of mistake in a flow file is found, and named by file, line
and node; the shipped library has none (``agentdesk flows validate`` exits 0 over it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentdesk.cli import main
from agentdesk.flow_library import check_files, library_dir

FIXTURES = Path(__file__).parent / "flow_fixtures"

# fixture file → (line, node, what the finding says): one fixture per kind of mistake
CASES = {
    "unknown_target": (6, "hello", "leads to an unknown node 'nowhere'"),
    "unreachable": (10, "orphan", "cannot be reached from the start"),
    "loop_without_exit": (12, "ping", "is in a loop without an exit (ping, pong)"),
    "never_ends": (12, "trap", "no path from here reaches an end"),
    "undefined_variable": (19, "tell", "uses answers.amount, which no earlier step defines"),
    "condition_type_error": (6, "check", "cannot order a text against a number"),
    "missing_translation": (6, "hello", "a text has no en translation"),
    "sale_without_gate": (18, "sale", "the sale can be reached without passing its gate gate"),
    "unsuitable_reaches_sale": (16, "sale", "can be reached from gate's unsuitable branch"),
    "fee_not_announced": (16, "subscribe", "can be reached without passing fee"),
    "unknown_wrap_up": (6, "done", "unknown wrap-up code 'made_up_code'"),
    "bad_template": (6, "hello", "uses customer.nickname, which no earlier step defines"),
    "wrong_schema": (7, "hello", "Input tag 'whisper'"),
    "malformed": (4, "", "not valid YAML (column 6)"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_kind_of_mistake_is_named_with_its_file_line_and_node(name: str) -> None:
    line, node, says = CASES[name]
    path = FIXTURES / f"{name}.yaml"

    issues = check_files([path]).issues

    matching = [i for i in issues if says in i.message]
    assert matching, f"{name}: no finding says {says!r}; got {[str(i) for i in issues]}"
    assert (matching[0].file, matching[0].line, matching[0].node) == (str(path), line, node)
    assert str(matching[0]).startswith(f"{path}:{line}:")


def test_every_fixture_has_its_case() -> None:
    assert {p.stem for p in FIXTURES.glob("*.yaml")} == set(CASES)


def test_a_broken_template_is_reported_not_raised() -> None:
    issues = check_files([FIXTURES / "bad_template.yaml"]).issues
    assert any("not a valid template" in i.message for i in issues)


def test_the_command_prints_each_finding_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["flows", "validate", str(FIXTURES / "unreachable.yaml")])

    out = capsys.readouterr().out
    assert status == 1
    assert f"{FIXTURES / 'unreachable.yaml'}:10: [orphan] cannot be reached" in out
    assert "1 flow checked, 1 problem(s)" in out


def test_the_shipped_library_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    report = check_files([library_dir()])

    assert [str(i) for i in report.issues] == []
    assert {s.definition.id for s in report.sources} >= {
        "lost_card",
        "transaction_dispute",
        "complaint_intake",
        "sms_alerts",
        "fund_offer",
        "contact_change",
        "care_fund_loss",
        "risk_reassessment",
    }
    assert main(["flows", "validate"]) == 0
    assert "0 problem(s)" in capsys.readouterr().out


def test_a_file_that_cannot_be_read_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9".encode("latin-1"))

    issues = check_files([path]).issues

    assert len(issues) == 1 and "cannot be read" in issues[0].message
