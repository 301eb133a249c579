"""API fuzzing of the whole OpenAPI, as an agent, a supervisor and an administrator.

Schemathesis reads the app's own ``/openapi.json`` and generates requests for every operation,
valid and invalid ones, against the real app (ASGI, with its lifespan) over a real migrated
database; the callers sign in through the real ``/auth`` routes. Each response must be no
server error, a status code the operation documents, a content type it documents and a body
that matches the documented schema. The figures per role (operations, cases, failures) are
printed; run with ``-s`` to see them.

Bounded: ``EXAMPLES`` generated cases per operation, mode and role, and a time budget per role
after which no further case is sent (the figures say how many operations it cut short; no
test asserts on time). The seed is fixed (``DEFAULT_SEED``) so CI runs the same cases each
time; ``AGENTDESK_FUZZ_SEED=random`` (or a number) explores others locally and prints the seed
used, to replay a failure with ``AGENTDESK_FUZZ_SEED=<seed>``.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.server.actors import ACTORS, bearer, seed_actors, sign_in
from tests.server.conftest import Bank, server_app

DEFAULT_SEED = 20251205
# Read when the module loads: tests/conftest.py clears every AGENTDESK_* variable per test.
_SEED_SETTING = os.environ.get("AGENTDESK_FUZZ_SEED", "")
EXAMPLES = int(os.environ.get("AGENTDESK_FUZZ_EXAMPLES", "10"))
ROLE_BUDGET_S = float(os.environ.get("AGENTDESK_FUZZ_BUDGET_S", "50"))
ROLES = ("agent", "supervisor", "admin")
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Event streams answer 200 and never end (the live feed): each case reads the events sent
# within this many seconds, checks each against the documented event schema, and hangs up.
# As each valid case waits out its read, streams get the coverage phase's cases only.
STREAM_READ_S = {"GET /events": 0.5}


def fuzz_seed() -> int:
    if _SEED_SETTING == "random":
        return random.SystemRandom().randrange(2**32)
    return int(_SEED_SETTING) if _SEED_SETTING else DEFAULT_SEED


@dataclass
class Figures:
    role: str
    operations: int = 0
    cases: int = 0
    cut_short: int = 0
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        cut = f", {self.cut_short} cut short by the time budget" if self.cut_short else ""
        return (
            f"fuzz {self.role:<10} operations {self.operations:>3}  cases {self.cases:>5}  "
            f"failures {len(self.failures)}{cut}"
        )


def _failure_text(label: str, case: Any, exc: BaseException) -> str:
    failures = exc.exceptions if isinstance(exc, FailureGroup) else [exc]
    titles = "; ".join(getattr(f, "title", type(f).__name__) for f in failures)
    return f"{label}: {titles}\n    {case.as_curl_command()}"


def _fuzz_as(schema: Any, role: str, token: str, seed: int) -> Figures:
    figures = Figures(role)
    deadline = time.monotonic() + ROLE_BUDGET_S
    for result in schema.get_all_operations():
        figures.operations += 1
        _fuzz_operation(schema, result.ok(), bearer(token), seed, figures, deadline)
    return figures


def _fuzz_operation(
    schema: Any,
    operation: Any,
    headers: dict[str, str],
    seed: int,
    figures: Figures,
    deadline: float,
) -> None:
    label = f"{operation.method.upper()} {operation.path}"
    stream_read_s = STREAM_READ_S.get(label)
    call_options: dict[str, Any] = {} if stream_read_s is None else {"timeout": stream_read_s}
    failed: list[str] = []
    cut_short = False

    def send(case: Any) -> None:
        nonlocal cut_short
        if time.monotonic() > deadline:
            cut_short = True
            return
        figures.cases += 1
        response = case.call(headers=headers, **call_options)
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, FailureGroup) as exc:
            if len(failed) < 3:  # a few per operation say enough
                failed.append(_failure_text(label, case, exc))

    # Schemathesis' coverage phase first: the boundaries of each declared type (the largest
    # integers, empty and overlong strings, missing and extra fields, other methods).
    generation = schema.config.generation_for(operation=operation, phase="coverage")
    for case in schema.iter_coverage_cases(
        operation, generation_modes=MODES, generation_config=generation
    ):
        send(case)

    # Then random cases, valid and invalid.
    @hypothesis_seed(seed)
    @settings(
        max_examples=2 * EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in MODES)))
    def run(case: Any) -> None:
        send(case)

    if stream_read_s is None:
        run()
    figures.cut_short += cut_short
    figures.failures.extend(failed)


@pytest.fixture
def fuzzed_app(bank: Bank, migrated_url: str) -> Iterator[FastAPI]:
    seed_actors(migrated_url)
    # The PBX webhook on (it answers 503 while it has no secret), so its checks are fuzzed.
    # Schemathesis runs the app's lifespan (ACD, event broker) and ends it here.
    yield server_app(migrated_url, telephony_webhook_secret="fuzz-webhook-secret")
    shutdown_lifespans()


def test_fuzzing_every_operation_as_each_role_finds_nothing(fuzzed_app: FastAPI) -> None:
    seed = fuzz_seed()
    print(f"\nfuzz seed {seed} (replay: AGENTDESK_FUZZ_SEED={seed})")
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    client = TestClient(fuzzed_app)  # sign-in needs no lifespan
    tokens = {
        caller.key: sign_in(client, caller.username, caller.workstation_id)
        for caller in ACTORS
        if caller.key in ROLES and caller.username
    }
    all_figures = [_fuzz_as(schema, role, tokens[role], seed) for role in ROLES]
    for figures in all_figures:
        print(figures.line())
    failures = [f for figures in all_figures for f in figures.failures]
    assert not failures, f"{len(failures)} fuzz failures (seed {seed}):\n" + "\n".join(failures)
