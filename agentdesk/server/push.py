"""``POST /sync/push``: a workstation's outbox, applied in order and exactly once.

A batch is one transaction holding every effect, every ``sync_mutations`` row (idempotency
key, payload hash, first result) and the workstation's ``last_applied_seq``: a crash loses
nothing and applies nothing twice. The transaction takes the change lock first
(``changes.lock``), so the key check, the reads the effect depends on and the writes are not
interleaved with another writer (a retry racing its own first attempt finds the key, or hits
the primary key and is retried once it has committed).

Replays: a known key with the same payload hash gets the stored first result, ``applied``
turned into ``duplicate`` (``rejected`` and ``conflict`` replay as they were); a known key with
another payload makes the whole push a 422 (checked before anything is applied). Creates are
idempotent by record too: a second create with a client id that exists returns that record as
``duplicate``. A mutation whose sequence is not above the workstation's last applied one but
whose key is unknown is applied all the same: keys, not sequences, decide what is a replay
(a key may have expired, or a rebuilt cache may number again from 1).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agentdesk.contract.interactions import Interaction
from agentdesk.contract.problem import FieldProblem
from agentdesk.contract.sync import (
    InteractionCreate,
    Mutation,
    MutationKind,
    MutationResult,
    PushRequest,
    PushResponse,
    ResultStatus,
    SyncEntity,
    Task,
    TaskCreate,
    TicketCreate,
    TicketPatch,
)
from agentdesk.domain.phones import InvalidPhoneNumber, normalize_phone
from agentdesk.server import changes, customers, events, models, tickets
from agentdesk.server.problems import Invalid
from agentdesk.server.sync_feed import task_fields

__all__ = ["KeyReused", "Purger", "payload_hash", "push"]

_ATTEMPTS = 3
M = TypeVar("M", bound=BaseModel)


class KeyReused(Exception):  # noqa: N818 - the problem code says it: sync.key_reused
    """An idempotency key already used for a different payload."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def payload_hash(mutation: Mutation) -> str:
    """What makes a mutation the same mutation: its kind, target and payload (not its time or
    sequence, which a client may renumber)."""
    canonical = json.dumps(
        {
            "kind": mutation.kind.value,
            "entity_id": mutation.entity_id,
            "base_version": mutation.base_version,
            "payload": mutation.payload,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def push(
    session: Session, request: PushRequest, *, actor: tickets.Actor, now: datetime
) -> PushResponse:
    """Apply ``request``'s mutations in order; raises :class:`KeyReused` before applying any
    when a key is reused with another payload."""
    digests = [payload_hash(m) for m in request.mutations]
    _check_keys(session, request.mutations, digests)
    try:
        results = _apply_batch(session, request, digests, actor=actor, now=now)
    except IntegrityError:
        # A concurrent push (a retry racing its own first attempt) committed one of these keys
        # or client ids first: go again one mutation at a time, each seeing what committed.
        session.rollback()
        results = [
            _apply_one(session, request.workstation_id, mutation, digest, actor=actor, now=now)
            for mutation, digest in zip(request.mutations, digests, strict=True)
        ]
    progress = session.get(models.WorkstationSync, request.workstation_id)
    session.rollback()  # end the read
    return PushResponse(
        results=results, last_applied_seq=progress.last_applied_seq if progress else 0
    )


def _check_keys(session: Session, mutations: list[Mutation], digests: list[str]) -> None:
    wanted: dict[str, str] = {}
    for mutation, digest in zip(mutations, digests, strict=True):
        if wanted.setdefault(mutation.idempotency_key, digest) != digest:
            raise KeyReused(mutation.idempotency_key)
    stored = session.execute(
        select(models.SyncMutation.idempotency_key, models.SyncMutation.payload_hash).where(
            models.SyncMutation.idempotency_key.in_(list(wanted))
        )
    )
    for key, digest in stored:
        if wanted[key] != digest:
            raise KeyReused(key)
    session.rollback()


def _apply_batch(
    session: Session,
    request: PushRequest,
    digests: list[str],
    *,
    actor: tickets.Actor,
    now: datetime,
) -> list[MutationResult]:
    """The whole batch in one transaction: every effect, every key with its first result and
    the workstation's last applied sequence commit together (a crash loses the batch whole,
    and the client sends it again). A savepoint per mutation lets a rejected one roll back
    alone; one commit per batch instead of per mutation is what makes a long offline queue
    drain in seconds."""
    changes.lock(session)
    session.expire_all()  # under the lock: what is committed now
    keys = [m.idempotency_key for m in request.mutations]
    known: dict[str, _Stored] = {
        row.idempotency_key: _Stored(row.payload_hash, row.result)
        for row in session.scalars(
            select(models.SyncMutation).where(models.SyncMutation.idempotency_key.in_(keys))
        )
    }
    new_keys: list[dict[str, Any]] = []
    for m, digest in zip(request.mutations, digests, strict=True):
        stored = known.get(m.idempotency_key)
        if stored is not None and stored.payload_hash != digest:
            session.rollback()
            raise KeyReused(m.idempotency_key)
    bulk = _create_interactions_in_bulk(
        session, [m for m in request.mutations if m.idempotency_key not in known], actor, now
    )
    results: list[MutationResult] = []
    for m, digest in zip(request.mutations, digests, strict=True):
        stored = known.get(m.idempotency_key)
        if stored is not None:
            results.append(_replayed(stored.result))
            continue
        result = bulk.get(m.idempotency_key)
        if result is not None:
            known[m.idempotency_key] = _key_row(
                new_keys, request.workstation_id, m, digest, result, now
            )
            results.append(result)
            continue
        savepoint = session.begin_nested()
        try:
            result = _effect(session, m, actor=actor, now=now)
            savepoint.commit()
        except Invalid as exc:
            savepoint.rollback()  # whatever the effect wrote before it found the fault
            result = _result(m, ResultStatus.REJECTED, problem=exc)
        known[m.idempotency_key] = _key_row(
            new_keys, request.workstation_id, m, digest, result, now
        )
        results.append(result)
    _store_keys(session, request.workstation_id, new_keys)
    session.commit()
    return results


def _create_interactions_in_bulk(
    session: Session, mutations: list[Mutation], actor: tickets.Actor, now: datetime
) -> dict[str, MutationResult]:
    """Apply the plain wrap-ups of a batch with a few statements instead of a few per
    mutation: new ``interaction.create``s whose customer (and ticket) exist, each with a
    client id seen once. Anything else (an unknown caller to link, a client id already
    stored, an invalid payload) is left to the one-at-a-time path, which says why.
    Interactions are append-only and depend on no other mutation, so applying them ahead
    of the rest of the batch changes no outcome."""
    candidates: dict[str, tuple[Mutation, InteractionCreate]] = {}
    seen: set[str] = set()
    for m in mutations:
        if m.kind is not MutationKind.INTERACTION_CREATE or m.entity_id in seen:
            seen.add(m.entity_id)
            continue
        seen.add(m.entity_id)
        try:
            body = InteractionCreate.model_validate(m.payload)
        except ValidationError:
            continue
        if body.customer_id is not None and body.phone_e164 is None:
            candidates[m.entity_id] = (m, body)
    if not candidates:
        return {}
    stored = set(
        session.scalars(
            select(models.Interaction.client_id).where(
                models.Interaction.client_id.in_(list(candidates))
            )
        )
    )
    customer_ids = {body.customer_id for _, body in candidates.values()}
    present = set(
        session.scalars(select(models.Customer.id).where(models.Customer.id.in_(customer_ids)))
    )
    ticket_ids = {body.ticket_id for _, body in candidates.values() if body.ticket_id}
    tickets_present = set(
        session.scalars(select(models.Ticket.id).where(models.Ticket.id.in_(ticket_ids)))
    )
    chosen = [
        (m, body)
        for client_id, (m, body) in candidates.items()
        if client_id not in stored
        and body.customer_id in present
        and (body.ticket_id is None or body.ticket_id in tickets_present)
    ]
    if not chosen:
        return {}
    first = changes.reserve(session, len(chosen))
    rows = [
        {
            "customer_id": body.customer_id,
            "channel": body.channel.value,
            "started_at": body.started_at,
            "ended_at": body.ended_at,
            "agent": actor.username,
            "queue": body.queue,
            "reason": body.reason,
            "wrap_up_code": body.wrap_up_code,
            "notes": body.notes,
            "ticket_id": body.ticket_id,
            "phone_e164": None,
            "call_id": body.call_id,
            "client_id": m.entity_id,
            "change_seq": first + offset,
        }
        for offset, (m, body) in enumerate(chosen)
    ]
    table = models.Interaction.__table__
    # Matched back by their change sequence, each row's own: asking for the ids in the rows'
    # order instead makes SQLAlchemy insert one row per statement on SQLite.
    inserted = session.execute(table.insert().returning(table.c.id, table.c.change_seq), rows)
    id_of_seq = {seq: new_id for new_id, seq in inserted}
    results: dict[str, MutationResult] = {}
    for (m, _body), row in zip(chosen, rows, strict=True):
        new_id = id_of_seq[row["change_seq"]]
        record = Interaction.model_validate(row | {"id": new_id}).model_dump(mode="json")
        results[m.idempotency_key] = _result(
            m, ResultStatus.APPLIED, entity_id=new_id, record=record
        )
    return results


def _apply_one(
    session: Session,
    workstation_id: str,
    m: Mutation,
    digest: str,
    *,
    actor: tickets.Actor,
    now: datetime,
) -> MutationResult:
    for attempt in range(_ATTEMPTS):
        try:
            changes.lock(session)
            # Under the lock, read what is committed now, not what this session saw before.
            session.expire_all()
            stored = session.get(models.SyncMutation, m.idempotency_key)
            if stored is not None:
                session.rollback()
                if stored.payload_hash != digest:
                    raise KeyReused(m.idempotency_key)
                return _replayed(stored.result)
            try:
                result = _effect(session, m, actor=actor, now=now)
            except Invalid as exc:
                session.rollback()  # whatever the effect wrote before it found the fault
                changes.lock(session)
                result = _result(m, ResultStatus.REJECTED, problem=exc)
            new_keys: list[dict[str, Any]] = []
            _key_row(new_keys, workstation_id, m, digest, result, now)
            _store_keys(session, workstation_id, new_keys)
            session.commit()
            return result
        except IntegrityError:
            # A concurrent push committed the same key or client id first: look again.
            session.rollback()
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _replayed(stored: dict[str, Any]) -> MutationResult:
    result = MutationResult.model_validate(stored)
    if result.status is ResultStatus.APPLIED:
        result.status = ResultStatus.DUPLICATE
    return result


@dataclass(frozen=True)
class _Stored:
    """A key's payload hash and first result, stored or about to be."""

    payload_hash: str
    result: dict[str, Any]


def _key_row(
    rows: list[dict[str, Any]],
    workstation_id: str,
    m: Mutation,
    digest: str,
    result: MutationResult,
    now: datetime,
) -> _Stored:
    """Append the ``sync_mutations`` row of ``m`` to ``rows`` (stored with the batch by
    :func:`_store_keys`)."""
    stored = _Stored(digest, result.model_dump(mode="json"))
    rows.append(
        {
            "idempotency_key": m.idempotency_key,
            "workstation_id": workstation_id,
            "seq": m.seq,
            "payload_hash": digest,
            "result": stored.result,
            "applied_at": now,
        }
    )
    return stored


def _store_keys(session: Session, workstation_id: str, rows: list[dict[str, Any]]) -> None:
    """The batch's keys in one executemany, and the workstation's last applied sequence once
    (a flush per mutation was a third of a push's time)."""
    if not rows:
        return
    session.execute(insert(models.SyncMutation), rows)
    last = max(row["seq"] for row in rows)
    progress = session.get(models.WorkstationSync, workstation_id)
    if progress is None:
        session.add(models.WorkstationSync(workstation_id=workstation_id, last_applied_seq=last))
    else:
        progress.last_applied_seq = max(progress.last_applied_seq, last)


_ENTITIES = {
    MutationKind.INTERACTION_CREATE: SyncEntity.INTERACTION,
    MutationKind.TICKET_CREATE: SyncEntity.TICKET,
    MutationKind.TICKET_UPDATE: SyncEntity.TICKET,
    MutationKind.TASK_CREATE: SyncEntity.TASK,
}


def _result(
    m: Mutation,
    status: ResultStatus,
    *,
    entity_id: int | None = None,
    version: int | None = None,
    record: dict[str, Any] | None = None,
    problem: Invalid | None = None,
    **extra: Any,
) -> MutationResult:
    return MutationResult(
        seq=m.seq,
        idempotency_key=m.idempotency_key,
        status=status,
        entity=_ENTITIES[m.kind],
        entity_id=entity_id,
        version=version,
        record=record,
        problem=problem.problem() if problem is not None else None,
        **extra,
    )


def _payload(model: type[M], payload: dict[str, Any]) -> M:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise Invalid(
            "validation_failed",
            "the mutation's payload is not valid",
            errors=[
                FieldProblem(field=".".join(map(str, e["loc"])) or "payload", message=e["msg"])
                for e in exc.errors()
            ],
        ) from exc


def _require_customer(session: Session, customer_id: int) -> None:
    if session.get(models.Customer, customer_id) is None:
        raise Invalid("sync.customer_not_found", f"no customer {customer_id}")


def _by_client_id(session: Session, model: Any, client_id: str) -> Any:
    return session.scalars(select(model).where(model.client_id == client_id)).first()


def _effect(
    session: Session, m: Mutation, *, actor: tickets.Actor, now: datetime
) -> MutationResult:
    handler = _HANDLERS[m.kind]
    return handler(session, m, actor, now)


def _interaction_record(row: models.Interaction) -> dict[str, Any]:
    return Interaction.model_validate(customers.interaction_fields(row)).model_dump(mode="json")


def _ticket_record(row: models.Ticket) -> dict[str, Any]:
    return tickets.ticket_record(row).model_dump(mode="json")


def _task_record(row: models.Task) -> dict[str, Any]:
    return Task.model_validate(task_fields(row)).model_dump(mode="json")


def _create_interaction(
    session: Session, m: Mutation, actor: tickets.Actor, now: datetime
) -> MutationResult:
    body = _payload(InteractionCreate, m.payload)
    existing = _by_client_id(session, models.Interaction, m.entity_id)
    if existing is not None:
        return _result(
            m, ResultStatus.DUPLICATE, entity_id=existing.id, record=_interaction_record(existing)
        )
    phone = None
    if body.phone_e164:
        try:
            phone = normalize_phone(body.phone_e164)
        except InvalidPhoneNumber as exc:
            raise Invalid("invalid_phone", f"phone_e164: {exc}") from exc
    customer_id = body.customer_id
    if customer_id is not None:
        _require_customer(session, customer_id)
    elif phone is not None:
        # A caller the workstation did not know: link only when exactly one customer has the
        # number (a number a family shares is left for the agent to resolve, never guessed).
        matches = session.scalars(
            select(models.CustomerPhone.customer_id)
            .where(models.CustomerPhone.e164 == phone)
            .distinct()
            .limit(2)
        ).all()
        if len(matches) == 1:
            customer_id = matches[0]
    if body.ticket_id is not None and session.get(models.Ticket, body.ticket_id) is None:
        raise Invalid("sync.ticket_not_found", f"no ticket {body.ticket_id}")
    row = models.Interaction(
        customer_id=customer_id,
        channel=body.channel.value,
        started_at=body.started_at,
        ended_at=body.ended_at,
        agent=actor.username,
        queue=body.queue,
        reason=body.reason,
        wrap_up_code=body.wrap_up_code,
        notes=body.notes,
        ticket_id=body.ticket_id,
        phone_e164=phone,
        call_id=body.call_id,
        client_id=m.entity_id,
    )
    session.add(row)
    session.flush()
    return _result(m, ResultStatus.APPLIED, entity_id=row.id, record=_interaction_record(row))


def _create_ticket(
    session: Session, m: Mutation, actor: tickets.Actor, now: datetime
) -> MutationResult:
    body = _payload(TicketCreate, m.payload)
    existing = _by_client_id(session, models.Ticket, m.entity_id)
    if existing is not None:
        return _result(
            m,
            ResultStatus.DUPLICATE,
            entity_id=existing.id,
            version=existing.version,
            record=_ticket_record(existing),
        )
    _require_customer(session, body.customer_id)
    row = tickets.create_ticket(session, body, client_id=m.entity_id, now=now)
    return _result(
        m, ResultStatus.APPLIED, entity_id=row.id, version=row.version, record=_ticket_record(row)
    )


def _update_ticket(
    session: Session, m: Mutation, actor: tickets.Actor, now: datetime
) -> MutationResult:
    patch = _payload(TicketPatch, m.payload)
    ticket = tickets.find_ticket(session, m.entity_id)
    if ticket is None:
        raise Invalid("sync.ticket_not_found", f"no ticket {m.entity_id}")
    values, conflicts = tickets.merge(ticket, patch, m.base_version)
    if conflicts:
        return _result(
            m,
            ResultStatus.CONFLICT,
            entity_id=ticket.id,
            version=ticket.version,
            record=_ticket_record(ticket),
            conflicts=conflicts,
        )
    tickets.apply_changes(session, ticket, values, now=now, actor=actor)
    return _result(
        m,
        ResultStatus.APPLIED,
        entity_id=ticket.id,
        version=ticket.version,
        record=_ticket_record(ticket),
    )


def _create_task(
    session: Session, m: Mutation, actor: tickets.Actor, now: datetime
) -> MutationResult:
    body = _payload(TaskCreate, m.payload)
    existing = _by_client_id(session, models.Task, m.entity_id)
    if existing is not None:
        return _result(
            m,
            ResultStatus.DUPLICATE,
            entity_id=existing.id,
            version=existing.version,
            record=_task_record(existing),
        )
    _require_customer(session, body.customer_id)
    row = models.Task(
        customer_id=body.customer_id,
        kind=body.kind,
        due_at=body.due_at,
        owner=actor.username,
        note=body.note,
        done=False,
        client_id=m.entity_id,
        version=1,
    )
    session.add(row)
    session.flush()
    return _result(
        m, ResultStatus.APPLIED, entity_id=row.id, version=row.version, record=_task_record(row)
    )


_HANDLERS: dict[
    MutationKind, Callable[[Session, Mutation, tickets.Actor, datetime], MutationResult]
] = {
    MutationKind.INTERACTION_CREATE: _create_interaction,
    MutationKind.TICKET_CREATE: _create_ticket,
    MutationKind.TICKET_UPDATE: _update_ticket,
    MutationKind.TASK_CREATE: _create_task,
}


class Purger:
    """Forgets expired idempotency keys and old events, at most once per ``every``.

    Opportunistic (run after a push) rather than scheduled: every worker may do it, and a
    worker that never gets a push has nothing to purge that another will not.
    """

    def __init__(self, every: timedelta = timedelta(hours=1)) -> None:
        self.every = every
        self._next: datetime | None = None
        self._lock = threading.Lock()

    def due(self, now: datetime) -> bool:
        with self._lock:
            if self._next is not None and now < self._next:
                return False
            self._next = now + self.every
            return True

    @staticmethod
    def purge(
        session: Session, *, now: datetime, idempotency_days: int, event_retention_hours: int
    ) -> None:
        session.execute(
            delete(models.SyncMutation).where(
                models.SyncMutation.applied_at < now - timedelta(days=idempotency_days)
            )
        )
        events.purge(session, now - timedelta(hours=event_retention_hours))
        session.commit()
