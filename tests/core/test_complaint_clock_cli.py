"""``agentdesk complaints clock``, run as a user runs it (``python -m agentdesk …``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _clock(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentdesk", "complaints", "clock", *args],
        env={**os.environ, "AGENTDESK_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_text_output_gives_each_step_its_date_and_rule_in_words(tmp_path: Path) -> None:
    result = _clock(
        tmp_path, "--regime", "uk", "--type", "payment-services", "--received", "2026-03-30"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # 3 and 15 business days over Easter 2026 (Good Friday 3 Apr, Easter Monday 6 Apr)
    assert any(line.strip().startswith("summary-resolution: due 2026-04-02") for line in lines)
    final = next(line for line in lines if "final-response" in line)
    assert "due 2026-04-22" in final and "15 business days after receipt" in final


def test_json_output(tmp_path: Path) -> None:
    result = _clock(
        tmp_path,
        "--regime",
        "cn",
        "--type",
        "standard",
        "--received",
        "2026-02-01",
        "--event",
        "extended=2026-02-05",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    # 1 Feb + 30 days = Tue 3 Mar 2026
    assert body["steps"] == [
        {
            "step": "decision",
            "due_date": "2026-03-03",
            "rule": "cn.standard.decision.extended",
            "text": body["steps"][0]["text"],
            "paused_days": 0,
            "extensions": ["extended"],
        }
    ]
    assert "30" in body["steps"][0]["text"]["zh_CN"] and body["provisional"] is False


def test_help_lists_the_types_and_event_kinds(tmp_path: Path) -> None:
    result = _clock(tmp_path, "--help")
    assert result.returncode == 0
    for words in (
        "cn standard",
        "uk payment-services",
        "us reg-e",
        "us reg-z",
        "us cfpb",
        "provisional-credit",
        "further-extended",
        "new-facts",
        "in-progress",
    ):
        assert words in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--regime", "fr", "--type", "standard"], "invalid choice: 'fr'"),
        (["--regime", "us", "--type", "mortgage"], "no complaint type 'mortgage' in us"),
        (
            ["--regime", "us", "--type", "reg-e", "--event", "refunded=2026-03-05"],
            "unknown event kind 'refunded'",
        ),
        (["--regime", "us", "--type", "reg-e", "--event", "paused"], "KIND=YYYY-MM-DD"),
        (
            ["--regime", "us", "--type", "reg-e", "--event", "paused=tomorrow"],
            "'tomorrow' is not a date",
        ),
        (
            ["--regime", "cn", "--type", "standard", "--event", "new-facts=2026-02-27"],
            "new-facts on 2026-02-27 is before receipt on 2026-03-01",
        ),
        (
            [
                "--regime",
                "cn",
                "--type",
                "standard",
                "--event",
                "extended=2026-03-02",
                "--event",
                "extended=2026-03-03",
            ],
            "past the maximum of 30",
        ),
    ],
)
def test_bad_input_is_one_clear_message_and_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    if "--received" not in args:
        args = [*args, "--received", "2026-03-01"]
    result = _clock(tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
