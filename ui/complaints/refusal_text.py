"""The server's refusals of a ticket action, by the problem's code, in words the agent can act
on (the codes come from ``ComplaintService``'s ``TicketRefused``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

__all__ = ["refusal_sentence"]


def _t(text: str) -> str:
    return QCoreApplication.translate("TicketRefusals", text)


def refusal_sentence(reason: str) -> str:
    """The server's refusal in words the agent can act on."""
    sentences = {
        "recusal.party": _t(
            "Not assigned: the complaint is about this person, so they may not handle it."
        ),
        "recusal.team": _t(
            "Not assigned: the complaint is about this person's team, so they may not handle it."
        ),
        "recusal.branch": _t(
            "Not assigned: the complaint is about this person's branch, so they may not handle it."
        ),
        "ticket.transition_refused": _t(
            "The ticket cannot move there from where it stands now; the moves it allows are "
            "the buttons shown."
        ),
        "ticket.close_incomplete": _t("To close, give the root cause and the resolution."),
        "ticket.extension_needs_supervisor": _t(
            "An extension is approved by a supervisor of the ticket's team."
        ),
        "ticket.extension_reason": _t(
            "Give the reason for the extension: it is told to the customer."
        ),
        "complaint.extension_past_maximum": _t(
            "Not recorded: this would take the deadline past the regime's maximum."
        ),
        "complaint.event_before_receipt": _t(
            "Not recorded: the date is before the complaint was received."
        ),
        "complaint.event_in_future": _t("Not recorded: the date is in the future."),
        "complaint.pause_unbalanced": _t(
            "Not recorded: a pause needs its resume, and a resume a pause before it."
        ),
        "complaint.event_out_of_order": _t(
            "Not recorded: a further extension follows the first one."
        ),
        "complaint.event_not_applicable": _t(
            "Not recorded: this event does not apply to this kind of complaint."
        ),
        "ticket.notice_incomplete": _t(
            "The letter cannot be sent yet: the ticket lacks what the letter must say "
            "(for a final response, the resolution)."
        ),
        "ticket.extension_request_by_assignee": _t(
            "Only the complaint's assignee asks for an extension."
        ),
        "ticket.extension_pending": _t(
            "An extension request already waits for the supervisor's decision."
        ),
        "ticket.no_extension_request": _t("There is no extension request to decide any more."),
        "ticket.not_permitted": _t(
            "You may not do this on this ticket: ask its team's supervisor."
        ),
    }
    return sentences.get(reason, _t("The server refused this (%1).").replace("%1", reason))
