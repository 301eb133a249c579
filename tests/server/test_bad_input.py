"""Bad input on every route: one table of hostile values, put in every field of every
operation of the app's own OpenAPI (path, query, body, and each field of each kind of pushed
mutation's payload), as the role the route is for, on SQLite and PostgreSQL.

What must hold, always: a 4xx ``application/problem+json`` (never a 5xx, never a traceback,
never the 1 MB value or a password echoed back). What must hold per kind of field, where the
value cannot be what the field's type means (a whole number beyond 64 bits, a NUL, a lone
surrogate, a time that overflows at UTC conversion or has no time zone, NaN): a 422 that names
the field, or for a pushed payload, that mutation ``rejected`` naming the field while the
batch is answered. Right-to-left overrides and combining marks are legitimate in text (names,
notes), so for text fields the rule is only "no 500 and nothing lost": when they are accepted,
what is read back is what was sent (checked on a wrap-up's notes, end to end).

The operations and fields come from ``app.openapi()``; a new route or field is covered without
an edit here. The number of cases and fields is printed (``pytest -s``) and asserted.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from agentdesk.contract.sync import MUTATION_PAYLOADS, TICKET_EDITABLE_FIELDS, MutationKind
from agentdesk.server.telephony import SIGNATURE_HEADER, sign
from tests.server.conftest import Bank, ClientFactory, assert_problem, auth_headers

SECRET = "bad-input-webhook-secret"
ONE_MB = "x" * 1_048_576
URL_PART_MAX = 20_000


@dataclass(frozen=True)
class Bad:
    """A hostile value, and the JSON types it can never be a valid value of."""

    name: str
    value: Any
    refused_by: frozenset[str]


_NOT_NUMBER = frozenset({"integer", "number", "date-time", "date", "boolean"})
BAD_VALUES = [
    Bad("int 2^63", 2**63, frozenset({"integer", "string"})),
    Bad("int -2^63-1", -(2**63) - 1, frozenset({"integer", "string"})),
    Bad("int 10^30", 10**30, frozenset({"integer", "string"})),
    Bad("lone surrogate", "\ud800", frozenset({"string", *_NOT_NUMBER})),
    Bad("NUL", "a\x00b", frozenset({"string", *_NOT_NUMBER})),
    # Legitimate in names and notes: refused only where the field's type is not text.
    Bad("RTL override", "\u202eabc", _NOT_NUMBER),
    Bad("combining marks x1000", "e" + "\u0301" * 1000, _NOT_NUMBER),
    Bad("1 MB string", ONE_MB, _NOT_NUMBER),
    Bad("year 1 at +14:00", "0001-01-01T00:00:00+14:00", frozenset({"date-time", "integer"})),
    Bad("year 9999 at -14:00", "9999-12-31T23:59:59-14:00", frozenset({"date-time", "integer"})),
    Bad("naive date-time", "2025-03-01T09:00:00", frozenset({"date-time", "integer"})),
    Bad("NaN", math.nan, frozenset({"number", "integer", "string", "date-time"})),
    Bad("Infinity", math.inf, frozenset({"number", "integer", "string", "date-time"})),
]

# Operations that are not driven by a value: the event stream answers forever once valid.
STREAMS = {("get", "/events")}


@dataclass
class Tally:
    cases: int = 0
    fields: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)


# -- valid values from a schema ------------------------------------------------------------


class Schemas:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.spec["components"]["schemas"][name]
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = [self.resolve(s) for s in schema[key] if s.get("type") != "null"]
                return options[0] if options else {"type": "null"}
        if "allOf" in schema and len(schema["allOf"]) == 1:
            return self.resolve(schema["allOf"][0])
        return schema

    def kind(self, schema: dict[str, Any]) -> str:
        schema = self.resolve(schema)
        return str(schema.get("format") or schema.get("type") or "object")

    def example(self, schema: dict[str, Any]) -> Any:  # noqa: PLR0911 - one per JSON type
        schema = self.resolve(schema)
        if "enum" in schema:
            return schema["enum"][0]
        if "const" in schema:
            return schema["const"]
        kind = schema.get("type")
        if kind == "object":
            props = schema.get("properties", {})
            return {name: self.example(props[name]) for name in schema.get("required", [])}
        if kind == "array":
            return [self.example(schema.get("items", {}))] * max(schema.get("minItems", 0), 0)
        if kind == "integer":
            return max(int(schema.get("minimum", 1)), 1)
        if kind == "number":
            return 1
        if kind == "boolean":
            return False
        if kind == "string":
            return _example_text(schema)
        return None


def _example_text(schema: dict[str, Any]) -> str:
    fmt = schema.get("format")
    if fmt == "date-time":
        return "2025-03-01T09:00:00Z"
    if fmt == "date":
        return "1990-03-07"
    if schema.get("pattern") == r"^\d{6}$":
        return "123456"
    return "x" * max(int(schema.get("minLength", 1)), 8)


# -- one operation, one field, one value ----------------------------------------------------


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # the template, as in OpenAPI
    where: str  # path | query | body | payload
    name: str  # the field, dotted for a body's nested fields
    kind: str


def _cases(spec: dict[str, Any], schemas: Schemas) -> Iterator[Case]:
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if (method, path) in STREAMS:
                for param in op.get("parameters", []):
                    if param["in"] == "query" and schemas.kind(param["schema"]) == "integer":
                        yield Case(method, path, "query", param["name"], "integer")
                continue
            for param in op.get("parameters", []):
                if param["in"] in ("path", "query"):
                    kind = schemas.kind(param["schema"])
                    yield Case(method, path, param["in"], param["name"], kind)
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                continue
            schema = schemas.resolve(body["schema"])
            for name, prop in schema.get("properties", {}).items():
                yield Case(method, path, "body", name, schemas.kind(prop))
            if path == "/sync/push":
                yield from _push_cases(schemas)


def _mutation_schema(schemas: Schemas) -> dict[str, Any]:
    return schemas.resolve(schemas.spec["components"]["schemas"]["Mutation"])


def _push_cases(schemas: Schemas) -> Iterator[Case]:
    for name, prop in _mutation_schema(schemas)["properties"].items():
        yield Case("post", "/sync/push", "body", f"mutations.0.{name}", schemas.kind(prop))
    for kind, model in MUTATION_PAYLOADS.items():
        props = model.model_json_schema(ref_template="#/components/schemas/{model}")["properties"]
        for name, prop in props.items():
            yield Case("post", "/sync/push", "payload", f"{kind.value}:{name}", _kind_of(prop))
    for name in TICKET_EDITABLE_FIELDS:
        yield Case("post", "/sync/push", "payload", f"ticket.update:changes.{name}", "string")


def _kind_of(prop: dict[str, Any]) -> str:
    for option in prop.get("anyOf", [prop]):
        if option.get("type") != "null":
            return str(option.get("format") or option.get("type") or "object")
    return "null"


class Caller:
    """Sends one case as the role the route is for, with a valid rest of the request."""

    def __init__(self, client: TestClient, bank: Bank, spec: dict[str, Any]) -> None:
        self.client = client
        self.bank = bank
        self.spec = spec
        self.schemas = Schemas(spec)
        self.agent = auth_headers(client, "agent01", "ws-bad-1")
        self.admin = auth_headers(client, "admin01", "ws-bad-2")

    def path_value(self, name: str) -> Any:
        return {"customer_id": self.bank.zhang, "ticket_id": self.bank.open_ticket}.get(
            name, "call-1"
        )

    def send(self, case: Case, value: Any) -> httpx.Response:
        op = self.spec["paths"][case.path][case.method]
        headers = dict(self.admin if case.path.startswith("/admin") else self.agent)
        path_values = {
            p["name"]: self.path_value(p["name"])
            for p in op.get("parameters", [])
            if p["in"] == "path"
        }
        query: dict[str, Any] = {}
        if case.where == "path":
            path_values[case.name] = value
        elif case.where == "query":
            query[case.name] = value
        url = case.path.format(**{k: _quoted(v) for k, v in path_values.items()})
        if query:
            url += "?" + "&".join(f"{k}={_quoted(v)}" for k, v in query.items())
        body: Any = None
        body_schema = op.get("requestBody", {}).get("content", {}).get("application/json")
        if body_schema is not None:
            body = self.schemas.example(body_schema["schema"])
            if case.path == "/sync/push":
                body = self._push_body(case, value)
            elif case.where == "body":
                body[case.name] = value
        if case.method == "patch":
            headers["If-Match"] = "*"
        content = None
        if body is not None:
            content = json.dumps(body).encode()  # NaN and Infinity as JS spells them
            headers["Content-Type"] = "application/json"
            if case.path == "/telephony/events":
                headers[SIGNATURE_HEADER] = sign(SECRET, content)
                headers.pop("Authorization")
        response: httpx.Response = self.client.request(
            case.method.upper(), url, content=content, headers=headers
        )
        return response

    def _push_body(self, case: Case, value: Any) -> dict[str, Any]:
        kind = MutationKind.INTERACTION_CREATE
        payload_field = None
        if case.where == "payload":
            kind_name, payload_field = case.name.split(":", 1)
            kind = MutationKind(kind_name)
        payload = self.schemas.example(
            MUTATION_PAYLOADS[kind].model_json_schema(ref_template="#/components/schemas/{model}")
        )
        if "customer_id" in payload:
            payload["customer_id"] = self.bank.zhang
        if payload.get("phone_e164"):
            # A number the rest of the request is valid with (a provisional contact's, a
            # linked phone's): the case's own field is what gets refused.
            payload["phone_e164"] = "+8613700003333"
        if kind is MutationKind.TICKET_UPDATE:
            payload["changes"] = {}
        if payload_field is not None:
            if payload_field.startswith("changes."):
                payload["changes"][payload_field.removeprefix("changes.")] = value
            else:
                payload[payload_field] = value
        mutation: dict[str, Any] = {
            "seq": 1,
            "idempotency_key": uuid.uuid4().hex,
            "kind": kind.value,
            "entity_id": str(self.bank.open_ticket)
            if kind is MutationKind.TICKET_UPDATE
            else uuid.uuid4().hex,
            "payload": payload,
            "made_at": "2025-03-01T09:00:00Z",
        }
        body = {"workstation_id": "ws-bad-1", "mutations": [mutation]}
        if case.where == "body" and case.name.startswith("mutations.0."):
            mutation[case.name.removeprefix("mutations.0.")] = value
        elif case.where == "body":
            body[case.name] = value
        return body


def _quoted(value: Any) -> str:
    """``value`` as a URL part; a lone surrogate goes as the bytes UTF-8 would give it."""
    text = value if isinstance(value, str) else json.dumps(value)
    # No client sends a 1 MB URL (httpx stops at 64 KiB, servers sooner): the longest it may.
    text = text[:URL_PART_MAX]
    return quote(text, safe="", errors="surrogatepass")


def _refused_fields(response: httpx.Response) -> list[str]:
    body = response.json()
    return [e["field"] for e in body.get("errors") or []]


def _check(case: Case, bad: Bad, response: httpx.Response) -> str | None:
    """What is wrong with the answer to ``case`` with ``bad``, or None."""
    status = response.status_code
    if status >= 500:
        return f"{status}"
    text = response.text
    if "Traceback" in text or ONE_MB[:4096] in text or "correct horse" in text:
        return "echoes a traceback, the 1 MB value or a password"
    must_refuse = case.kind in bad.refused_by
    if case.where in ("path", "query") and case.kind == "string":
        # In a URL every value is text: digits or "NaN" are fine there; a NUL never is.
        must_refuse = bad.name == "NUL"
    if case.where == "payload":
        if status == 413 and bad.value is ONE_MB:
            return None  # the batch's size decides first: the body limit is 1 MiB
        if status != 200:
            return f"push answered {status}, not one result per mutation"
        (result,) = response.json()["results"]
        if must_refuse and result["status"] != "rejected":
            return f"mutation {result['status']}, not rejected"
        if result["status"] == "rejected":
            fields = [e["field"] for e in (result["problem"] or {}).get("errors") or []]
            leaf = case.name.split(":", 1)[1]
            if fields and not any(f == leaf or f.startswith(leaf + ".") for f in fields):
                return f"rejected naming {fields}, not {leaf}"
        return None
    if status < 400:
        return f"{status} accepted" if must_refuse else None
    if not response.headers.get("content-type", "").startswith("application/problem+json"):
        return f"{status} is not problem+json"
    if must_refuse and status == 422 and response.json().get("code") == "validation_failed":
        named = _refused_fields(response)
        if not any(f == case.name or f.startswith(case.name + ".") for f in named):
            return f"422 naming {named}, not {case.name}"
    return None


@pytest.fixture
def caller(make_client: ClientFactory, bank: Bank) -> Caller:
    client = make_client(telephony_webhook_secret=SECRET)
    return Caller(client, bank, client.app.openapi())  # type: ignore[attr-defined]


def test_every_field_of_every_route_refuses_bad_values_without_a_server_error(
    caller: Caller,
) -> None:
    tally = Tally()
    for case in _cases(caller.spec, caller.schemas):
        tally.fields.add(f"{case.method.upper()} {case.path} {case.where}:{case.name}")
        for bad in BAD_VALUES:
            tally.cases += 1
            response = caller.send(case, bad.value)
            problem = _check(case, bad, response)
            if problem is not None:
                tally.failures.append(
                    f"{case.method.upper()} {case.path} {case.where}:{case.name} "
                    f"= {bad.name}: {problem}"
                )
    print(f"\nbad input: {tally.cases} cases over {len(tally.fields)} fields")
    assert not tally.failures, "\n".join(tally.failures)
    assert len(tally.fields) >= 60 and tally.cases == len(tally.fields) * len(BAD_VALUES)


# -- the review's findings, one by one (issue 13, points 3, 4 and 5) ------------------------


def _wrap_up(seq: int, **payload: Any) -> dict[str, Any]:
    return {
        "seq": seq,
        "idempotency_key": uuid.uuid4().hex,
        "kind": "interaction.create",
        "entity_id": uuid.uuid4().hex,
        "payload": {
            "channel": "phone_in",
            "started_at": "2025-03-01T09:00:00+08:00",
            "wrap_up_code": "resolved",
        }
        | payload,
        "made_at": "2025-03-01T09:10:00+08:00",
    }


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"/sync/changes?since={2**63}", "since"),
        (f"/customers/{2**63}", "customer_id"),
        (f"/tickets/{2**63}", "ticket_id"),
        (f"/customers/{2**63}/verification", "customer_id"),
        (f"/events?last_event_id={2**63}", "last_event_id"),
    ],
)
def test_integers_beyond_64_bits_in_paths_and_queries_are_422_naming_the_field(
    client: TestClient, url: str, field: str
) -> None:
    body = assert_problem(client.get(url, headers=auth_headers(client)), 422, "validation_failed")
    assert [e["field"] for e in body["errors"]] == [field]


def test_integers_beyond_64_bits_in_a_push_envelope_are_422_naming_the_field(
    client: TestClient,
) -> None:
    headers = auth_headers(client, workstation_id="ws-bad-1")
    for name in ("seq", "base_version"):
        mutation = _wrap_up(1) | {name: 2**63}
        response = client.post(
            "/sync/push",
            json={"workstation_id": "ws-bad-1", "mutations": [mutation]},
            headers=headers,
        )
        body = assert_problem(response, 422, "validation_failed")
        assert [e["field"] for e in body["errors"]] == [f"mutations.0.{name}"]


def _transcript(
    *, abandon_reason: str = "", step_at: str = "2026-12-01T09:00:00Z"
) -> dict[str, Any]:
    """An abandoned run's transcript of the SMS alerts flow, one step in."""
    return {
        "run_id": "run-bad-input",
        "flow_id": "sms_alerts",
        "version": 1,
        "agent": "agent01",
        "language": "en",
        "started_at": "2026-12-01T09:00:00Z",
        "finished_at": "2026-12-01T09:01:00Z",
        "outcome": "abandoned",
        "abandon_reason": abandon_reason,
        "steps": [{"node": "start", "kind": "say", "at": step_at}],
    }


def test_a_poison_mutation_is_rejected_alone_naming_its_field_and_the_rest_is_applied(
    client: TestClient, bank: Bank
) -> None:
    poisons: dict[str, dict[str, Any]] = {
        "customer_id": {"customer_id": 2**63},
        "ticket_id": {"ticket_id": 10**30},
        "notes": {"notes": "lone \ud800 surrogate"},
        "reason": {"reason": "NUL \x00 byte"},
        "started_at": {"started_at": "0001-01-01T00:00:00+14:00"},
        "ended_at": {"ended_at": "9999-12-31T23:59:59-14:00"},
        # A scripted flow's transcript is part of the wrap-up: its texts, too.
        "flows.0.abandon_reason": {"flows": [_transcript(abandon_reason="NUL \x00 byte")]},
        "flows.0.steps.0.at": {"flows": [_transcript(step_at="0001-01-01T00:00:00+14:00")]},
    }
    mutations = [_wrap_up(1, customer_id=bank.zhang, notes="before")]
    mutations += [_wrap_up(2 + n, **bad) for n, bad in enumerate(poisons.values())]
    mutations.append(_wrap_up(len(mutations) + 1, customer_id=bank.zhang, notes="after"))
    response = client.post(
        "/sync/push",
        content=json.dumps({"workstation_id": "ws-bad-1", "mutations": mutations}),
        headers=auth_headers(client, workstation_id="ws-bad-1")
        | {"Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["applied", *["rejected"] * len(poisons), "applied"]
    for field_name, result in zip(poisons, results[1:-1], strict=True):
        assert [e["field"] for e in result["problem"]["errors"]] == [field_name]
    assert response.json()["last_applied_seq"] == len(mutations)


@pytest.mark.parametrize("username", ["agent01\x00", "\x00", "agent\ud80001"])
def test_a_nul_or_broken_unicode_in_the_username_is_422_on_both_databases(
    client: TestClient, username: str
) -> None:
    response = client.post(
        "/auth/login",
        content=json.dumps({"username": username, "password": "x", "workstation_id": "ws-1"}),
        headers={"Content-Type": "application/json"},
    )
    body = assert_problem(response, 422, "validation_failed")
    assert [e["field"] for e in body["errors"]] == ["username"]


@pytest.mark.parametrize("field_name", ["summary", "description"])
def test_a_nul_in_a_ticket_edit_is_422_naming_the_field(
    client: TestClient, bank: Bank, field_name: str
) -> None:
    response = client.patch(
        f"/tickets/{bank.open_ticket}",
        json={"changes": {field_name: "fee \x00 twice"}},
        headers=auth_headers(client) | {"If-Match": "*"},
    )
    body = assert_problem(response, 422, "validation_failed")
    assert [e["field"] for e in body["errors"]] == [f"changes.{field_name}"]


def test_legitimate_rtl_and_combining_text_in_notes_is_kept_as_sent(
    client: TestClient, bank: Bank
) -> None:
    notes = "مرحبا \u202etxet\u202c Zalgo: e" + "\u0301" * 300
    headers = auth_headers(client, workstation_id="ws-bad-1")
    pushed = client.post(
        "/sync/push",
        json={
            "workstation_id": "ws-bad-1",
            "mutations": [
                _wrap_up(
                    1,
                    customer_id=bank.zhang,
                    notes=notes,
                    started_at="2026-01-01T09:00:00+08:00",  # the newest: first on the 360
                )
            ],
        },
        headers=headers,
    )
    (result,) = pushed.json()["results"]
    assert result["status"] == "applied"
    profile = client.get(f"/customers/{bank.zhang}", headers=headers).json()
    assert notes in [i["notes"] for i in profile["recent_interactions"]]
