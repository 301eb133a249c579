"""The audit trail's words: actions, records and detail keys said in the UI language.

The server writes codes (``unmask``, ``customer``, ``field``); an administrator reads "Unmasked",
"Customer", "Field". A code not listed here is shown as it is (a newer server's action still
reads, and the code is what IT searches the logs for).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from agentdesk.services import AuditEvent

__all__ = [
    "AUDIT_ACTIONS",
    "action_name",
    "audit_time",
    "detail_text",
    "entity_name",
    "event_summary",
]

# The actions an administrator most often looks for, in the filter's order.
AUDIT_ACTIONS = ("view", "unmask", "verify", "update", "create", "login", "publish")


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditText", text)


def _actions() -> dict[str, str]:
    return {
        "view": _tr("Viewed"),
        "unmask": _tr("Unmasked"),
        "verify": _tr("Verified"),
        "update": _tr("Changed"),
        "create": _tr("Created"),
        "created": _tr("Created"),
        "edited": _tr("Edited"),
        "login": _tr("Signed in"),
        "login_locked": _tr("Sign-in locked"),
        "token_reuse": _tr("Refresh token reused"),
        "password_reset": _tr("Password reset"),
        "publish": _tr("Published"),
        "assigned": _tr("Assigned"),
        "otp_send": _tr("Sent a one-time code"),
        "notice": _tr("Sent a notice"),
        "supervisor.not_ready": _tr("Set an agent not ready"),
        "supervisor.logout": _tr("Logged an agent out"),
        "supervisor.move_call": _tr("Moved a waiting call"),
        "supervisor.broadcast": _tr("Broadcast to the team"),
        "ticket.extension_request": _tr("Asked for an extension"),
        "ticket.extension_approved": _tr("Approved an extension"),
        "extension_refused": _tr("Refused an extension"),
        "back_office.request": _tr("Asked for back-office access"),
        "back_office.approve": _tr("Approved back-office access"),
    }


def _entities() -> dict[str, str]:
    return {
        "customer": _tr("Customer"),
        "ticket": _tr("Ticket"),
        "user": _tr("User"),
        "team": _tr("Team"),
        "settings": _tr("Settings"),
        "flow": _tr("Flow"),
        "agent": _tr("Agent"),
        "broadcast": _tr("Broadcast"),
        "call": _tr("Call"),
        "product_price": _tr("Product price"),
    }


def _detail_keys() -> dict[str, str]:
    return {
        "field": _tr("Field"),
        "item_id": _tr("Item"),
        "access": _tr("Access through"),
        "grant_id": _tr("Back-office grant"),
        "method": _tr("Method"),
        "changed": _tr("Changed fields"),
        "reason": _tr("Reason"),
        "role": _tr("Role"),
        "team": _tr("Team"),
        "client": _tr("Client address"),
    }


def audit_time(at: datetime) -> str:
    """The workstation's wall-clock time to the second: events a second apart stay apart."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def action_name(code: str) -> str:
    return _actions().get(code, code)


def entity_name(code: str) -> str:
    return _entities().get(code, code)


def detail_text(event: AuditEvent) -> str:
    """The whole event, one fact a line, for the detail pane (and to copy into a report)."""
    keys = _detail_keys()
    lines = [
        _tr("When: %1").replace("%1", audit_time(event.at)),
        _tr("Who: %1").replace("%1", event.username),
        _tr("Workstation: %1").replace("%1", event.workstation_id or "—"),
        _tr("Action: %1 (%2)").replace("%1", action_name(event.action)).replace("%2", event.action),
        _tr("Record: %1 %2")
        .replace("%1", entity_name(event.entity))
        .replace("%2", event.entity_id),
    ]
    if event.customer_id is not None:
        lines.append(_tr("Customer: %1").replace("%1", str(event.customer_id)))
    if event.detail:
        lines.append("")
        lines.append(_tr("Detail:"))
        for key, value in sorted(event.detail.items()):
            lines.append(f"  {keys.get(key, key)}: {value}")
    return "\n".join(lines)


def event_summary(event: AuditEvent) -> str:
    """One line for the table's last column: what exactly, e.g. "Field: phone"."""
    keys = _detail_keys()
    return ", ".join(f"{keys.get(k, k)}: {v}" for k, v in sorted(event.detail.items()))
