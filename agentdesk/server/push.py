"""``POST /sync/push``: a workstation's outbox, applied in order and exactly once.

This module is the protocol (order, idempotency keys, the workstation's sequence, results);
what each kind of mutation does is its own module's: wrap-ups in ``interactions.py`` (with the
one-INSERT path for a batch's plain wrap-ups), tasks in ``tasks.py``, ticket creates and edits
in ``tickets.py``, provisional contacts and pending phones in ``contacts.py``, views of a
cached 360 in ``cached_views.py``.

A batch is one transaction holding every effect, every ``sync_mutations`` row (idempotency
key, payload hash, first result) and the workstation's ``last_applied_seq``: a crash loses
nothing and applies nothing twice.

The change lock (``sequence.lock``, which every record writer on every worker waits for) is
held only for what needs it. Before it: the payload hashes, the keys applied before (with
their first results), and the batch's wrap-ups checked and made into rows, with the reads that
cannot turn false meanwhile (``interactions.prepare_in_bulk``). Under it: every read an effect
depends on that another writer could change (a caller's customer by number, a ticket's
version, ...), the writes, their change sequences and the commit. A key or client id that a
racing push (a retry racing its own first attempt) commits between the two is refused by the
key's primary key or the client id's unique index when the batch writes it: the batch rolls
back whole and goes again one mutation at a time, each finding under the lock what committed.
A batch of replays only (every key applied before) writes nothing and takes no lock.

Keys and client ids belong to one agent at one workstation: a key is stored as a hash of the
user, the workstation and the key (:func:`scoped_key`), so another agent's key is simply a new
key for this one and finds nothing of theirs (client ids are per creator, ``effects.py``).

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
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agentdesk.contract.sync import (
    Mutation,
    MutationKind,
    MutationResult,
    PushRequest,
    PushResponse,
    ResultStatus,
    SyncEntity,
)
from agentdesk.domain.errors import InvalidValue
from agentdesk.server import (
    cached_views,
    contacts,
    events,
    interactions,
    models,
    sequence,
    service_requests,
    tasks,
    tickets,
)
from agentdesk.server.actor import Actor
from agentdesk.server.effects import Effect
from agentdesk.server.problem_details import problem_of

__all__ = ["KeyReused", "Purger", "payload_hash", "push", "scoped_key"]

_ATTEMPTS = 3


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
    # surrogatepass: a lone surrogate (which the payload's model refuses, per mutation) must
    # not fail the whole push here; any valid text hashes as it always did.
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def scoped_key(actor: Actor, workstation_id: str, key: str) -> str:
    """How ``key`` is stored: a hash of who sent it, from where, and the key (64 hex digits,
    the column's width)."""
    scope = json.dumps([actor.user_id, actor.username, workstation_id, key])
    return hashlib.sha256(scope.encode()).hexdigest()


def push(session: Session, request: PushRequest, *, actor: Actor, now: datetime) -> PushResponse:
    """Apply ``request``'s mutations in order; raises :class:`KeyReused` before applying any
    when a key is reused with another payload."""
    digests = [payload_hash(m) for m in request.mutations]
    scoped = [
        scoped_key(actor, request.workstation_id, m.idempotency_key) for m in request.mutations
    ]
    known = _stored_keys(session, request.mutations, digests, scoped)
    fresh = [m for m, key in zip(request.mutations, scoped, strict=True) if key not in known]
    bulk = interactions.prepare_in_bulk(session, fresh, actor)
    session.rollback()  # end the reads: the lock is waited for in a transaction of its own
    last_applied: int | None = None
    if not fresh:
        # Every key was applied before (a desk sending again a batch whose answer it lost):
        # the first results are stored and stay so; nothing to write, no lock to wait for.
        results = [_replayed(known[key].result) for key in scoped]
    else:
        try:
            results, last_applied = _apply_batch(
                session, request, digests, scoped, known, bulk, actor=actor, now=now
            )
        except IntegrityError:
            # A concurrent push (a retry racing its own first attempt) committed one of these
            # keys or client ids first: go again one mutation at a time, each seeing what
            # committed.
            session.rollback()
            results = [
                _apply_one(
                    session, request.workstation_id, mutation, digest, key, actor=actor, now=now
                )
                for mutation, digest, key in zip(request.mutations, digests, scoped, strict=True)
            ]
    if last_applied is None:
        progress = session.get(models.WorkstationSync, request.workstation_id)
        session.rollback()  # end the read
        last_applied = progress.last_applied_seq if progress else 0
    return PushResponse(results=results, last_applied_seq=last_applied)


def _stored_keys(
    session: Session, mutations: list[Mutation], digests: list[str], scoped: list[str]
) -> dict[str, _Stored]:
    """The keys of ``mutations`` applied before, with their first results; raises
    :class:`KeyReused` for a key stored, or repeated in the batch, with another payload."""
    wanted: dict[str, str] = {}
    client_key: dict[str, str] = {}
    for mutation, digest, key in zip(mutations, digests, scoped, strict=True):
        client_key[key] = mutation.idempotency_key
        if wanted.setdefault(key, digest) != digest:
            raise KeyReused(mutation.idempotency_key)
    known: dict[str, _Stored] = {}
    for key, digest, result in session.execute(
        select(
            models.SyncMutation.idempotency_key,
            models.SyncMutation.payload_hash,
            models.SyncMutation.result,
        ).where(models.SyncMutation.idempotency_key.in_(list(wanted)))
    ):
        if wanted[key] != digest:
            session.rollback()
            raise KeyReused(client_key[key])
        known[key] = _Stored(digest, result)
    return known


def _apply_batch(
    session: Session,
    request: PushRequest,
    digests: list[str],
    scoped: list[str],
    known: dict[str, _Stored],
    bulk: interactions.BulkWrapUps,
    *,
    actor: Actor,
    now: datetime,
) -> tuple[list[MutationResult], int | None]:
    """The whole batch in one transaction: every effect, every key with its first result and
    the workstation's last applied sequence commit together (a crash loses the batch whole,
    and the client sends it again). A savepoint per mutation lets a rejected one roll back
    alone; one commit per batch instead of per mutation is what makes a long offline queue
    drain in seconds. ``known`` (the keys applied before) and ``bulk`` (the wrap-ups ready
    for one INSERT) were read and made before the lock; ``known`` gains the batch's keys.
    Returns the results and the workstation's last applied sequence as committed (None when
    the batch stored no key: only replays)."""
    sequence.lock(session)
    session.expire_all()  # under the lock: what is committed now
    new_keys: list[dict[str, Any]] = []
    bulk_effects = interactions.insert_in_bulk(session, bulk)
    results: list[MutationResult] = []
    for m, digest, key in zip(request.mutations, digests, scoped, strict=True):
        stored = known.get(key)
        if stored is not None:
            results.append(_replayed(stored.result))
            continue
        effect = bulk_effects.get(m.idempotency_key)
        if effect is not None:
            result = _result(m, effect)
            known[key] = _key_row(new_keys, request.workstation_id, m, key, digest, result, now)
            results.append(result)
            continue
        savepoint = session.begin_nested()
        try:
            result = _effect(session, m, actor=actor, now=now)
            savepoint.commit()
        except InvalidValue as exc:
            savepoint.rollback()  # whatever the effect wrote before it found the fault
            result = _rejected(m, exc)
        known[key] = _key_row(new_keys, request.workstation_id, m, key, digest, result, now)
        results.append(result)
    last_applied = _store_keys(session, request.workstation_id, new_keys)
    session.commit()
    return results, last_applied


def _apply_one(
    session: Session,
    workstation_id: str,
    m: Mutation,
    digest: str,
    key: str,
    *,
    actor: Actor,
    now: datetime,
) -> MutationResult:
    for attempt in range(_ATTEMPTS):
        try:
            sequence.lock(session)
            # Under the lock, read what is committed now, not what this session saw before.
            session.expire_all()
            stored = session.get(models.SyncMutation, key)
            if stored is not None:
                session.rollback()
                if stored.payload_hash != digest:
                    raise KeyReused(m.idempotency_key)
                return _replayed(stored.result)
            try:
                result = _effect(session, m, actor=actor, now=now)
            except InvalidValue as exc:
                session.rollback()  # whatever the effect wrote before it found the fault
                sequence.lock(session)
                result = _rejected(m, exc)
            new_keys: list[dict[str, Any]] = []
            _key_row(new_keys, workstation_id, m, key, digest, result, now)
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
    key: str,
    digest: str,
    result: MutationResult,
    now: datetime,
) -> _Stored:
    """Append the ``sync_mutations`` row of ``m`` (its key stored as ``key``, scoped) to
    ``rows`` (stored with the batch by :func:`_store_keys`)."""
    stored = _Stored(digest, result.model_dump(mode="json"))
    rows.append(
        {
            "idempotency_key": key,
            "workstation_id": workstation_id,
            "seq": m.seq,
            "payload_hash": digest,
            "result": stored.result,
            "applied_at": now,
        }
    )
    return stored


def _store_keys(session: Session, workstation_id: str, rows: list[dict[str, Any]]) -> int | None:
    """The batch's keys in one executemany, and the workstation's last applied sequence once
    (a flush per mutation was a third of a push's time); returns that sequence (None: no
    rows, nothing stored)."""
    if not rows:
        return None
    # Core's executemany: the ORM's bulk insert made each row again, a fifth of this.
    session.execute(insert(models.table_of(models.SyncMutation)), rows)
    last = int(max(row["seq"] for row in rows))
    progress = session.get(models.WorkstationSync, workstation_id)
    if progress is None:
        session.add(models.WorkstationSync(workstation_id=workstation_id, last_applied_seq=last))
        return last
    progress.last_applied_seq = max(progress.last_applied_seq, last)
    return int(progress.last_applied_seq)


_ENTITIES = {
    MutationKind.INTERACTION_CREATE: SyncEntity.INTERACTION,
    MutationKind.TICKET_CREATE: SyncEntity.TICKET,
    MutationKind.TICKET_UPDATE: SyncEntity.TICKET,
    MutationKind.TASK_CREATE: SyncEntity.TASK,
    MutationKind.TASK_UPDATE: SyncEntity.TASK,
    MutationKind.SERVICE_REQUEST_CREATE: SyncEntity.SERVICE_REQUEST,
    MutationKind.CONTACT_CREATE: SyncEntity.CUSTOMER,
    MutationKind.PHONE_LINK: SyncEntity.CUSTOMER,
    MutationKind.CUSTOMER_VIEW: SyncEntity.CUSTOMER,
}


def _result(m: Mutation, effect: Effect, problem: InvalidValue | None = None) -> MutationResult:
    return MutationResult(
        seq=m.seq,
        idempotency_key=m.idempotency_key,
        status=effect.status,
        entity=_ENTITIES[m.kind],
        entity_id=effect.entity_id,
        version=effect.version,
        record=effect.record,
        problem=problem_of(problem) if problem is not None else None,
        conflicts=effect.conflicts,
    )


def _rejected(m: Mutation, problem: InvalidValue) -> MutationResult:
    return _result(m, Effect(ResultStatus.REJECTED), problem)


_HANDLERS: dict[MutationKind, Callable[[Session, Mutation, Actor, datetime], Effect]] = {
    MutationKind.INTERACTION_CREATE: interactions.create_interaction,
    MutationKind.TICKET_CREATE: tickets.create_pushed,
    MutationKind.TICKET_UPDATE: tickets.update_pushed,
    MutationKind.TASK_CREATE: tasks.create_task,
    MutationKind.TASK_UPDATE: tasks.update_task,
    MutationKind.SERVICE_REQUEST_CREATE: service_requests.create_service_request,
    MutationKind.CONTACT_CREATE: contacts.create_contact,
    MutationKind.PHONE_LINK: contacts.link_phone,
    MutationKind.CUSTOMER_VIEW: cached_views.record_view,
}


def _effect(session: Session, m: Mutation, *, actor: Actor, now: datetime) -> MutationResult:
    effect = _HANDLERS[m.kind](session, m, actor, now)
    return _result(m, effect)


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
