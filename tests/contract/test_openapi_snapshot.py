"""The published OpenAPI document is the contract other systems build on: changes to it are
deliberate, reviewed in the diff of docs/openapi.json."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from agentdesk.server.openapi import render

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
REGENERATE = ".venv/bin/python -m agentdesk.server.openapi > docs/openapi.json"


def test_openapi_matches_the_committed_snapshot() -> None:
    current = render()
    committed = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    if current != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                current.splitlines(keepends=True),
                "docs/openapi.json (committed)",
                "openapi (from the code)",
                n=2,
            )
        )
        raise AssertionError(
            "The API changed but docs/openapi.json did not. If the change is meant, regenerate "
            f"the snapshot and commit it:\n    {REGENERATE}\n\nFirst differences:\n" + diff[:4000]
        )


def test_every_error_response_is_documented_as_problem_json() -> None:
    document = json.loads(render())
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            errors = {s: r for s, r in operation["responses"].items() if s[0] in "45"}
            assert errors, f"{method.upper()} {path} documents no error responses"
            for status, response in errors.items():
                assert list(response["content"]) == ["application/problem+json"], (
                    f"{method.upper()} {path} {status}"
                )
