"""A ticket's activity log in words: "2026-09-16 10:02  sup01 moved it: Investigating → Resolved".

The server logs codes (actions, statuses, regimes, event and letter kinds, steps); each is named
here in the UI language, with the rule packs' own titles for regimes and types. A value no name
is known for is shown as it came, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from agentdesk.domain.complaints.rules import RulePack
from agentdesk.services import TicketActivity
from ui.complaints.clock_text import event_kind_name, notice_kind_name, rule_words, step_name
from ui.kit.formatting import format_datetime
from ui.kit.vocabulary import ticket_status_name

__all__ = ["activity_line"]


def _t(text: str) -> str:
    # The editor's context: these lines were first worded there.
    return QCoreApplication.translate("TicketEditor", text)


def _action(action: str) -> str:
    names = {
        "created": _t("opened the complaint"),
        "status": _t("moved it"),
        "assigned": _t("assigned it"),
        "edited": _t("edited it"),
        "clock_event": _t("recorded a clock event"),
        "notice": _t("sent a letter"),
        "escalated": _t("escalated it"),
        "reopened": _t("reopened it"),
        "extension_requested": _t("asked for an extension"),
        "extension_refused": _t("refused the extension"),
    }
    return names.get(action, action)


def _details(detail: Mapping[str, str], packs: Mapping[str, RulePack]) -> list[str]:
    parts: list[str] = []
    if "from" in detail and "to" in detail:
        parts.append(f"{ticket_status_name(detail['from'])} → {ticket_status_name(detail['to'])}")
    regime = detail.get("regime", "")
    pack = packs.get(regime)
    if pack is not None:
        parts.append(rule_words(pack.title))
        type_rules = pack.types.get(detail.get("type", ""))
        if type_rules is not None:
            parts.append(rule_words(type_rules.title))
    if "kind" in detail:
        kind = detail["kind"]
        named = notice_kind_name(kind)
        parts.append(named if named != kind else event_kind_name(kind))
    if "step" in detail:
        state = detail.get("state", "")
        words = {"warning": _t("due soon"), "breached": _t("overdue")}.get(state, state)
        parts.append(f"{step_name(detail['step'])} ({words})")
    for key in ("assignee", "on", "due_date", "note"):
        if detail.get(key):
            parts.append(detail[key])
    return parts


def activity_line(line: TicketActivity, packs: Mapping[str, RulePack]) -> str:
    text = f"{format_datetime(line.at)}  {line.actor} {_action(line.action)}"
    parts = _details(line.detail, packs)
    if not parts:
        return text
    # The punctuation is the language's own (full-width in Chinese).
    listed = _t(", ").join(parts)
    return _t("%1: %2").replace("%1", text).replace("%2", listed)
