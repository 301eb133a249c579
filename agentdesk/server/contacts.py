"""The unknown caller's contact: ``contact.create`` (a provisional contact) and ``phone.link``
(the caller's number becomes a pending phone of a customer).

A provisional contact is a customer row flagged ``provisional``, with the caller's phone (so
the next call from it pops the contact), name, language and note, and the wrap-ups that had
only the number. When a real customer has that phone, at once or later (:func:`merge_matches`,
run by the care scan), the contact is merged: ``merged_into`` names the customer, its contacts
move to them, and its phone leaves the lookup; the feed carries both records, so the desk can
show the merge.

A pending phone is never used to pop or verify a caller until it is verified (it is not in
``customer_phones``, which the lookup reads).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.customers import PhoneLink, ProvisionalContactCreate
from agentdesk.contract.sync import CustomerRecord, Mutation, ResultStatus
from agentdesk.domain.errors import FieldIssue, InvalidValue
from agentdesk.domain.phones import InvalidPhoneNumber, normalize_phone
from agentdesk.server import customers, models
from agentdesk.server.actor import Actor
from agentdesk.server.effects import Effect, payload

__all__ = ["create_contact", "link_phone", "merge_matches"]

# What a provisional contact does not know yet: no birth date, no risk assessment (which
# reads as long expired, so no wealth offer is ever suitable for one).
_UNKNOWN_DAY = date(1900, 1, 1)


def _phone(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except InvalidPhoneNumber as exc:
        message = f"not a phone number: {exc}"
        raise InvalidValue(
            "invalid_phone", message, fields=[FieldIssue("phone_e164", message)]
        ) from exc


def _cif(actor: Actor, client_id: str) -> str:
    """The contact's CIF: the creator's client id, hashed (a retry finds the same row)."""
    digest = hashlib.sha256(f"{actor.username}\0{client_id}".encode()).hexdigest()
    return "P" + digest[:19]


def record_of(session: Session, customer: models.Customer) -> dict[str, Any]:
    holdings = customers.holdings_fields(session, [customer.id])[customer.id]
    fields = customers.customer_record_fields(
        customer,
        phones=customers.phones_of(session, [customer.id])[customer.id],
        holdings=holdings,
        has_open_ticket=bool(customers.open_ticket_customers(session, [customer.id])),
    )
    return CustomerRecord.model_validate(fields).model_dump(mode="json")


def _real_customer_with(session: Session, phone: str, other_than: int) -> int | None:
    """The lowest id of a real (not provisional, not merged) customer with ``phone``."""
    return session.scalar(
        select(models.Customer.id)
        .join(models.CustomerPhone, models.CustomerPhone.customer_id == models.Customer.id)
        .where(
            models.CustomerPhone.e164 == phone,
            models.Customer.id != other_than,
            models.Customer.provisional.is_(False),
            models.Customer.merged_into.is_(None),
        )
        .order_by(models.Customer.id)
        .limit(1)
    )


def create_contact(session: Session, m: Mutation, actor: Actor, now: datetime) -> Effect:
    """A provisional contact for an unknown caller (``duplicate`` for its client id again),
    merged at once into the real customer who has the number, if there is one."""
    body = payload(ProvisionalContactCreate, m.payload)
    phone = _phone(body.phone_e164)
    cif = _cif(actor, m.entity_id)
    existing = session.scalar(select(models.Customer).where(models.Customer.cif == cif))
    if existing is not None:
        return Effect(
            ResultStatus.DUPLICATE,
            existing.id,
            existing.version,
            record=record_of(session, existing),
        )
    contact = models.Customer(
        cif=cif,
        name=body.name.strip(),
        language=body.language,
        birth_date=_UNKNOWN_DAY,
        id_number="",
        email="",
        tier="mass",
        segments=[],
        aum=Decimal(0),
        yearly_revenue=Decimal(0),
        risk_profile="C1",
        risk_assessed_on=_UNKNOWN_DAY,
        marketing_consent=False,
        do_not_call=False,
        alerts=[],
        relationship_manager="",
        provisional=True,
        contact_note=body.note,
        updated_at=now,
        version=1,
    )
    session.add(contact)
    session.flush()
    session.add(models.CustomerPhone(customer_id=contact.id, e164=phone, kind="mobile"))
    # The caller's contacts that had only the number are this contact's now.
    for interaction in session.scalars(
        select(models.Interaction).where(
            models.Interaction.customer_id.is_(None), models.Interaction.phone_e164 == phone
        )
    ):
        interaction.customer_id = contact.id
    session.flush()
    into = _real_customer_with(session, phone, contact.id)
    if into is not None:
        _merge_orm(session, contact, into, now)
    session.flush()
    return Effect(
        ResultStatus.APPLIED, contact.id, contact.version, record=record_of(session, contact)
    )


def _merge_orm(session: Session, contact: models.Customer, into: int, now: datetime) -> None:
    """Merge ``contact`` into customer ``into``: its contacts move (each a new feed entry),
    its phone leaves the lookup, and it names whom it was merged into."""
    for interaction in session.scalars(
        select(models.Interaction).where(models.Interaction.customer_id == contact.id)
    ):
        interaction.customer_id = into
    for phone in session.scalars(
        select(models.CustomerPhone).where(models.CustomerPhone.customer_id == contact.id)
    ):
        session.delete(phone)
    contact.merged_into = into
    contact.version += 1
    contact.updated_at = now


def merge_matches(session: Session, now: datetime) -> int:
    """Merge every provisional contact whose phone a real customer has now; how many. In the
    caller's transaction (which holds the change lock)."""
    merged = 0
    contacts = session.scalars(
        select(models.Customer).where(
            models.Customer.provisional.is_(True), models.Customer.merged_into.is_(None)
        )
    ).all()
    for contact in contacts:
        for phone in customers.phones_of(session, [contact.id])[contact.id]:
            into = _real_customer_with(session, phone, contact.id)
            if into is not None:
                _merge_orm(session, contact, into, now)
                merged += 1
                break
    session.flush()
    return merged


def link_phone(session: Session, m: Mutation, actor: Actor, now: datetime) -> Effect:
    """``phone.link``: the number becomes a pending phone of the customer (``duplicate`` when
    it is one of their phones or pending ones already)."""
    body = payload(PhoneLink, m.payload)
    phone = _phone(body.phone_e164)
    customer = session.get(models.Customer, body.customer_id)
    if customer is None or customer.merged_into is not None:
        raise InvalidValue("sync.customer_not_found", f"no customer {body.customer_id}")
    known = set(customers.phones_of(session, [customer.id])[customer.id])
    if phone in known or phone in (customer.pending_phones or []):
        return Effect(
            ResultStatus.DUPLICATE,
            customer.id,
            customer.version,
            record=record_of(session, customer),
        )
    customer.pending_phones = [*(customer.pending_phones or []), phone]
    customer.version += 1
    customer.updated_at = now
    session.flush()
    return Effect(
        ResultStatus.APPLIED, customer.id, customer.version, record=record_of(session, customer)
    )
