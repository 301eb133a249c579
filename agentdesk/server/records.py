"""Tickets, tasks and published flow versions as the contract has them (``TicketRecord``,
``Task``, ``FlowVersionRecord``): the fields of an ORM object or a Core row, for the change feed,
the push results and the routes alike.

Customers and interactions have theirs in ``customers.py`` (a customer's record is built from
its phones and holdings too). Nothing here reads the database.
"""

from __future__ import annotations

from typing import Any

from agentdesk.domain.access import TicketHolders

__all__ = ["flow_version_fields", "task_fields", "ticket_holders", "ticket_record_fields"]


def ticket_holders(t: Any) -> TicketHolders:
    """What of a ticket (ORM object or Core row) the access rules look at."""
    return TicketHolders(
        customer_id=t.customer_id, opened_by=t.opened_by, assignee=t.assignee, team=t.team
    )


def ticket_record_fields(t: Any) -> dict[str, Any]:
    """A ticket (ORM object or Core row) as ``TicketRecord`` has it."""
    return {
        "id": t.id,
        "reference": t.reference,
        "customer_id": t.customer_id,
        "category": t.category,
        "severity": t.severity,
        "status": t.status,
        "summary": t.summary,
        "opened_at": t.opened_at,
        "due_at": t.due_at,
        "version": t.version,
        "channel": t.channel,
        "description": t.description,
        "desired_outcome": t.desired_outcome,
        "assignee": t.assignee,
        "team": t.team,
        "opened_by": t.opened_by,
        "regime": t.regime,
        "complaint_type": t.complaint_type,
        "regime_override_reason": t.regime_override_reason,
        "received_on": t.received_on,
        "parties": t.parties,
        "call_id": t.call_id,
        "flow_run_id": t.flow_run_id,
        "clock_events": t.clock_events,
        "root_cause": t.root_cause,
        "remediation": t.remediation,
        "resolution": t.resolution,
        "satisfaction": t.satisfaction,
        "notices": t.notices,
        "client_id": t.client_id,
        "updated_at": t.updated_at,
    }


def task_fields(t: Any) -> dict[str, Any]:
    """A task (ORM object or Core row) as ``Task`` has it."""
    return {
        "id": t.id,
        "customer_id": t.customer_id,
        "kind": t.kind,
        "due_at": t.due_at,
        "owner": t.owner,
        "queue": t.queue,
        "note": t.note,
        "rule": t.rule,
        "subject": t.subject,
        "reason": t.reason,
        "figures": t.figures,
        "outcome": t.outcome,
        "done": t.done,
        "client_id": t.client_id,
        "version": t.version,
    }


def flow_version_fields(f: Any) -> dict[str, Any]:
    """A published flow version as the API serves it and the feed carries it (a row of
    ``flow_versions``)."""
    title = f.definition.get("title", {})
    return {
        "flow_id": f.flow_id,
        "version": f.version,
        "title_zh": title.get("zh_CN", ""),
        "title_en": title.get("en", ""),
        "published_at": f.published_at,
        "published_by": f.published_by,
        "definition": f.definition,
    }
