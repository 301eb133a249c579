"""Reading customers for the desktop: lookup by phone (screen-pop) and the customer 360.

Everything personal leaves here masked with the domain's masking rules: a card shows its last
4 digits, an account number its last 4, phones, ID number and email their edges only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.customers import (
    AlertKind,
    CustomerAlert,
    CustomerProfile,
    CustomerSummary,
)
from agentdesk.contract.interactions import Interaction
from agentdesk.contract.tickets import TicketStatus, TicketSummary
from agentdesk.domain.access import Person, TicketHolders, may_see_ticket
from agentdesk.domain.masking import (
    mask_account_number,
    mask_email,
    mask_id_number,
    mask_pan,
    mask_phone,
)
from agentdesk.server import models

__all__ = [
    "RECENT_INTERACTIONS",
    "alert_fields",
    "customer_record_fields",
    "customers_by_phone",
    "exposed_values",
    "holdings_fields",
    "interaction_fields",
    "open_ticket_customers",
    "phones_of",
    "profile",
]

log = logging.getLogger(__name__)

RECENT_INTERACTIONS = 20
CLOSED_STATUSES = (TicketStatus.RESOLVED.value, TicketStatus.CLOSED.value)
_KNOWN_ALERTS = {kind.value for kind in AlertKind}


def _open_ticket_customers(session: models.Bind, customer_ids: Iterable[int]) -> set[int]:
    ids = list(customer_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            select(models.Ticket.customer_id)
            .where(
                models.Ticket.customer_id.in_(ids),
                models.Ticket.status.not_in(CLOSED_STATUSES),
            )
            .distinct()
        )
    )


def alert_fields(
    customer_id: int, raw_alerts: Iterable[dict[str, Any]] | None, has_open_ticket: bool
) -> list[dict[str, str]]:
    """A customer's alerts as the contract has them (the kinds this version knows), plus the
    open-complaint alert when a complaint is open."""
    alerts: list[dict[str, str]] = []
    for raw in raw_alerts or []:
        kind = raw.get("kind", "")
        if kind not in _KNOWN_ALERTS:
            # An alert kind this version does not know is dropped, not a failed screen-pop.
            log.warning("customer %s: unknown alert kind %r dropped", customer_id, kind)
            continue
        alerts.append({"kind": kind, "note": str(raw.get("note", ""))})
    if has_open_ticket and all(a["kind"] != AlertKind.OPEN_COMPLAINT for a in alerts):
        alerts.append({"kind": AlertKind.OPEN_COMPLAINT.value, "note": ""})
    return alerts


def _alerts(customer: models.Customer, has_open_ticket: bool) -> list[CustomerAlert]:
    return [
        CustomerAlert.model_validate(a)
        for a in alert_fields(customer.id, customer.alerts, has_open_ticket)
    ]


def _summary_fields(
    customer: models.Customer, phone_e164: str | None, has_open_ticket: bool
) -> dict[str, object]:
    phone = phone_e164 or (customer.phones[0].e164 if customer.phones else "")
    return {
        "id": customer.id,
        "cif": customer.cif,
        "name": customer.name,
        "name_pinyin": customer.name_pinyin,
        "tier": customer.tier,
        "risk_profile": customer.risk_profile,
        "risk_assessed_on": customer.risk_assessed_on,
        "phone_masked": mask_phone(phone) if phone else "",
        "alerts": _alerts(customer, has_open_ticket),
    }


def customers_by_phone(session: Session, e164: str) -> list[CustomerSummary]:
    """Every customer with ``e164`` among their phones (a family may share one), by id."""
    customers = session.scalars(
        select(models.Customer)
        .where(
            models.Customer.id.in_(
                select(models.CustomerPhone.customer_id).where(models.CustomerPhone.e164 == e164)
            )
        )
        .order_by(models.Customer.id)
    ).all()
    with_tickets = _open_ticket_customers(session, (c.id for c in customers))
    return [
        CustomerSummary.model_validate(_summary_fields(c, e164, c.id in with_tickets))
        for c in customers
    ]


# -- holdings: one mapping for the customer 360 and the sync feed ----------------------------
# Rows may be ORM objects or Core rows (both have the columns as attributes); the feed maps
# thousands of customers per page, so it reads Core rows and serialises these dicts directly.


def account_fields(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "kind": a.kind,
        "number_masked": mask_account_number(a.number),
        "currency": a.currency,
        "balance": a.balance,
    }


def card_fields(c: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "product": c.product,
        "pan_masked": mask_pan(c.pan),
        "status": c.status,
        "credit_limit": c.credit_limit,
    }


def loan_fields(loan: Any) -> dict[str, Any]:
    return {
        "id": loan.id,
        "kind": loan.kind,
        "principal": loan.principal,
        "outstanding": loan.outstanding,
        "rate_pct": loan.rate_pct,
        "matures_on": loan.matures_on,
    }


def wealth_fields(w: Any) -> dict[str, Any]:
    return {
        "id": w.id,
        "product_code": w.product_code,
        "product_name": w.product_name,
        "risk_level": w.risk_level,
        "market_value": w.market_value,
        "unrealized_pnl": w.unrealized_pnl,
    }


_HOLDINGS: tuple[tuple[str, Any, Callable[[Any], dict[str, Any]]], ...] = (
    ("accounts", models.Account.__table__, account_fields),
    ("cards", models.Card.__table__, card_fields),
    ("loans", models.Loan.__table__, loan_fields),
    ("wealth", models.WealthHolding.__table__, wealth_fields),
)


def holdings_fields(
    session: models.Bind, customer_ids: Sequence[int]
) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """The masked holdings of many customers, one query per kind of holding."""
    found: dict[int, dict[str, list[dict[str, Any]]]] = {
        cid: {"accounts": [], "cards": [], "loans": [], "wealth": []} for cid in customer_ids
    }
    if not customer_ids:
        return found
    for key, table, fields in _HOLDINGS:
        rows = session.execute(
            select(table)
            .where(table.c.customer_id.in_(customer_ids))
            .order_by(table.c.customer_id, table.c.id)
        )
        for row in rows:
            found[row.customer_id][key].append(fields(row))
    return found


def phones_of(session: models.Bind, customer_ids: Sequence[int]) -> dict[int, list[str]]:
    """Every customer's phones (E.164), in the order they were added."""
    found: dict[int, list[str]] = {cid: [] for cid in customer_ids}
    if not customer_ids:
        return found
    table = models.CustomerPhone.__table__
    rows = session.execute(
        select(table.c.customer_id, table.c.e164)
        .where(table.c.customer_id.in_(customer_ids))
        .order_by(table.c.customer_id, table.c.id)
    )
    for customer_id, e164 in rows:
        found[customer_id].append(e164)
    return found


def open_ticket_customers(session: models.Bind, customer_ids: Iterable[int]) -> set[int]:
    return _open_ticket_customers(session, customer_ids)


def interaction_fields(i: Any) -> dict[str, Any]:
    return {
        "id": i.id,
        "customer_id": i.customer_id,
        "channel": i.channel,
        "started_at": i.started_at,
        "ended_at": i.ended_at,
        "agent": i.agent,
        "queue": i.queue,
        "reason": i.reason,
        "wrap_up_code": i.wrap_up_code,
        "notes": i.notes,
        "ticket_id": i.ticket_id,
        "phone_e164": i.phone_e164,
        "client_id": i.client_id,
        "call_id": i.call_id,
        "offers": i.offers,
    }


def customer_record_fields(
    c: Any,
    *,
    phones: list[str],
    holdings: dict[str, list[dict[str, Any]]],
    has_open_ticket: bool,
) -> dict[str, Any]:
    """A customer as the workstation's cache keeps it (``CustomerRecord``): phones in full,
    everything else masked as in the customer 360."""
    return {
        "id": c.id,
        "cif": c.cif,
        "name": c.name,
        "name_pinyin": c.name_pinyin,
        "name_initials": c.name_initials,
        "language": c.language,
        # A provisional contact's birth date is a placeholder: no year to show.
        "birth_year": 0 if c.provisional else c.birth_date.year,
        "id_number_masked": mask_id_number(c.id_number),
        "id_last4": c.id_number[-4:],
        "email_masked": mask_email(c.email) if c.email else "",
        "phones": phones,
        "tier": c.tier,
        "tier_reason": c.tier_reason,
        "segments": list(c.segments or []),
        "segment_details": list(c.segment_details or []),
        "pending_phones": list(c.pending_phones or []),
        "provisional": c.provisional,
        "merged_into": c.merged_into,
        "aum": c.aum,
        "yearly_revenue": c.yearly_revenue,
        "risk_profile": c.risk_profile,
        "risk_assessed_on": c.risk_assessed_on,
        "marketing_consent": c.marketing_consent,
        "do_not_call": c.do_not_call,
        "alerts": alert_fields(c.id, c.alerts, has_open_ticket),
        "relationship_manager": c.relationship_manager,
        "holdings": holdings,
        "version": c.version,
        "updated_at": c.updated_at,
    }


def _recent_interactions(session: Session, customer_id: int) -> list[Interaction]:
    rows = session.scalars(
        select(models.Interaction)
        .where(models.Interaction.customer_id == customer_id)
        .order_by(models.Interaction.started_at.desc(), models.Interaction.id.desc())
        .limit(RECENT_INTERACTIONS)
    )
    return [Interaction.model_validate(interaction_fields(i)) for i in rows]


def _open_tickets(session: Session, customer_id: int, person: Person) -> list[TicketSummary]:
    """The customer's open complaints that ``person`` may see."""
    rows = session.scalars(
        select(models.Ticket)
        .where(
            models.Ticket.customer_id == customer_id,
            models.Ticket.status.not_in(CLOSED_STATUSES),
        )
        .order_by(models.Ticket.due_at, models.Ticket.id)
    )
    return [
        TicketSummary(
            id=t.id,
            reference=t.reference,
            customer_id=t.customer_id,
            category=t.category,
            severity=t.severity,
            status=t.status,
            summary=t.summary,
            opened_at=t.opened_at,
            due_at=t.due_at,
            version=t.version,
        )
        for t in rows
        if may_see_ticket(person, TicketHolders(t.customer_id, t.opened_by, t.assignee, t.team))
    ]


def profile(session: Session, customer_id: int, person: Person) -> CustomerProfile | None:
    """The customer 360 of ``customer_id`` as ``person`` may see it, masked (the complaints
    listed are those they may see; the open-complaint alert counts them all); None if there
    is no such customer."""
    customer = session.get(models.Customer, customer_id)
    if customer is None:
        return None
    tickets = _open_tickets(session, customer_id, person)
    complaining = customer_id in _open_ticket_customers(session, [customer_id])
    phones = [p.e164 for p in customer.phones]
    return CustomerProfile.model_validate(
        {
            **_summary_fields(customer, None, complaining),
            "language": customer.language,
            "birth_year": 0 if customer.provisional else customer.birth_date.year,
            "id_number_masked": mask_id_number(customer.id_number),
            "email_masked": mask_email(customer.email) if customer.email else "",
            "phones_masked": [mask_phone(p) for p in phones],
            "aum": customer.aum,
            "yearly_revenue": customer.yearly_revenue,
            "segments": list(customer.segments or []),
            "tier_reason": customer.tier_reason,
            "segment_details": list(customer.segment_details or []),
            "relationship_manager": customer.relationship_manager,
            "marketing_consent": customer.marketing_consent,
            "do_not_call": customer.do_not_call,
            "holdings": holdings_fields(session, [customer_id])[customer_id],
            "recent_interactions": _recent_interactions(session, customer_id),
            "open_tickets": tickets,
        }
    )


def _leaves(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    elif value is not None and value != "":
        yield str(value)


def exposed_values(session: Session, customer: models.Customer) -> frozenset[str]:
    """Every value an agent's screen shows of ``customer`` before verification, as text: the
    workstation's cached record (the sync feed's) and the customer 360, masked as they are
    sent. What verification asks must not be derivable from these."""
    holdings = holdings_fields(session, [customer.id])[customer.id]
    phones = [p.e164 for p in customer.phones]
    record = customer_record_fields(
        customer, phones=phones, holdings=holdings, has_open_ticket=False
    )
    shown = set(_leaves(record))
    nobody = Person("", None)  # the masked fields do not depend on who looks
    found = profile(session, customer.id, nobody)
    if found is not None:
        shown.update(_leaves(found.model_dump(mode="json")))
    return frozenset(shown)
