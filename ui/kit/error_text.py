"""Error codes of the core (``agentdesk.errors``) as sentences a person can act on.

The core only gives codes; this module owns the words, in the person's language. A traceback
is never shown: anything that is not an ``AgentDeskError`` is a bug, already logged by the
background operation, and gets the generic sentence.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from agentdesk.errors import AgentDeskError, SignInLocked
from agentdesk.services import OfflineUnlockRefused

__all__ = [
    "error_code",
    "error_sentence",
    "input_refused_sentence",
    "offline_unlock_sentence",
    "sentence_for_code",
    "sign_in_locked_sentence",
]


def _sentences() -> dict[str, str]:
    # Built on each call so the texts follow the translator installed at that moment. Each
    # literal sits inside QCoreApplication.translate so pyside6-lupdate finds it.
    return {
        "api.unavailable": QCoreApplication.translate(
            "ErrorText",
            "The AgentDesk server cannot be reached. Check the network or the server address; "
            "your work is kept.",
        ),
        "telephony.pbx_refused": QCoreApplication.translate(
            "ErrorText",
            "The phone system refused this, so the call is as it was. Try again; if it keeps "
            "happening, tell your supervisor.",
        ),
        "telephony.pbx_unavailable": QCoreApplication.translate(
            "ErrorText",
            "The phone system did not answer, so the call is as it was. Try again in a moment.",
        ),
        "telephony.acd_unavailable": QCoreApplication.translate(
            "ErrorText",
            "Call routing did not answer in time, so nothing changed. Try again in a moment.",
        ),
        "sms.unavailable": QCoreApplication.translate(
            "ErrorText",
            "The code could not be sent: the SMS gateway did not answer. Try again, or verify "
            "the caller another way.",
        ),
        "api.certificate_untrusted": QCoreApplication.translate(
            "ErrorText",
            "The AgentDesk server's certificate could not be verified, so no connection was "
            "made. IT must install the bank's CA certificate on this computer (setting "
            "desktop.ca_bundle).",
        ),
        "auth.failed": QCoreApplication.translate("ErrorText", "Wrong user name or password."),
        "auth.session_expired": QCoreApplication.translate(
            "ErrorText", "Your session has ended. Please sign in again."
        ),
        "auth.forbidden": QCoreApplication.translate(
            "ErrorText",
            "Your account is not allowed to do this. Ask your supervisor if you need access.",
        ),
        "verification.call_required": QCoreApplication.translate(
            "ErrorText",
            "You can verify, send a code to or unmask only the customer who is on the line "
            "with you. Answer their call first, or ask your supervisor for back-office access.",
        ),
        "credentials.no_secure_store": QCoreApplication.translate(
            "ErrorText",
            "This computer has no secure password store, so your sign-in cannot be kept. "
            "You will need to sign in each time; ask IT to enable the system keyring.",
        ),
        "api.protocol": QCoreApplication.translate(
            "ErrorText",
            "The server sent an answer AgentDesk cannot read. The server may be a different "
            "version; tell IT support.",
        ),
        "api.server_error": QCoreApplication.translate(
            "ErrorText",
            "The AgentDesk server had a problem and could not finish. Try again in a moment; "
            "if it keeps happening, tell IT support.",
        ),
        "api.not_found": QCoreApplication.translate(
            "ErrorText", "The record was not found. It may have been removed; refresh and retry."
        ),
        "api.invalid": QCoreApplication.translate(
            "ErrorText", "The server did not accept the request. Check what you entered."
        ),
        "api.error": QCoreApplication.translate(
            "ErrorText",
            "The server refused the request. Try again; if it keeps happening, tell IT support.",
        ),
        "input.rejected": QCoreApplication.translate(
            "ErrorText", "Something you entered cannot be used. Check it and try again."
        ),
        "config.invalid": QCoreApplication.translate(
            "ErrorText",
            "AgentDesk is not set up correctly (for example the server address or its "
            "certificate file). Check the address, or ask IT to fix the configuration.",
        ),
        "config.plain_http": QCoreApplication.translate(
            "ErrorText",
            "The server address starts with http://, which would send customer data over the "
            "network unencrypted. Use the https:// address, or ask IT to set "
            "desktop.allow_plain_http = true (test benches only).",
        ),
        # -- the local cache and sync ------------------------------------------------------
        "cache.error": QCoreApplication.translate(
            "ErrorText",
            "The data kept on this computer could not be read or written. Restart AgentDesk; "
            "if it keeps happening, tell IT support (your saved changes are not deleted).",
        ),
        "cache.key_invalid": QCoreApplication.translate(
            "ErrorText",
            "The data kept on this computer cannot be opened with this computer's key. "
            "AgentDesk starts a fresh copy and keeps the old file aside; tell IT support.",
        ),
        "cache.schema_too_new": QCoreApplication.translate(
            "ErrorText",
            "The data on this computer was written by a newer AgentDesk. Install the newer "
            "version, or ask IT support.",
        ),
        "cache.outbox_not_found": QCoreApplication.translate(
            "ErrorText",
            "This change is no longer waiting: it was already sent or resolved. The list is "
            "refreshed.",
        ),
        "cache.record_not_found": QCoreApplication.translate(
            "ErrorText",
            "The record is not on this computer any more. Refresh and try again.",
        ),
        "api.stale_record": QCoreApplication.translate(
            "ErrorText",
            "Someone else saved this record first. Look at their version, then make your "
            "change again.",
        ),
        "api.precondition_required": QCoreApplication.translate(
            "ErrorText",
            "The server refused the change because AgentDesk did not say which version it "
            "edits. This is a fault in AgentDesk; tell IT support.",
        ),
        "sync.key_reused": QCoreApplication.translate(
            "ErrorText",
            "The server refused the changes waiting on this computer because one of them was "
            "sent before with different content. They are kept; tell IT support.",
        ),
        # Problem codes of changes the server rejected (shown in the sync problems panel).
        "sync.customer_not_found": QCoreApplication.translate(
            "ErrorText",
            "The customer this change belongs to does not exist on the server (any more). "
            "Discard the change, and record it again for the right customer if needed.",
        ),
        "sync.ticket_not_found": QCoreApplication.translate(
            "ErrorText",
            "The ticket this change belongs to does not exist on the server (any more). "
            "Discard the change.",
        ),
        "ticket.not_permitted": QCoreApplication.translate(
            "ErrorText",
            "You may not make this change to the ticket (only its team's supervisor assigns "
            "it). Discard the change, or ask the supervisor.",
        ),
        "ticket.unknown_assignee": QCoreApplication.translate(
            "ErrorText",
            "The ticket can only be assigned to an active agent or supervisor. Check the name.",
        ),
        "ticket.field_not_editable": QCoreApplication.translate(
            "ErrorText",
            "The change edits a ticket field that may not be changed. Discard it.",
        ),
        "validation_failed": QCoreApplication.translate(
            "ErrorText",
            "The server found the change incomplete or invalid. Discard it and enter it again.",
        ),
        "invalid_phone": QCoreApplication.translate(
            "ErrorText",
            "The phone number of this change is not a valid number. Discard it and enter it again.",
        ),
    }


def input_refused_sentence(label: str, reason: str) -> str:
    """A value the contract refuses at a form (``InputRejected.reason``), said beside the field
    ``label`` names, the same on every form."""
    sentences = {
        "text": QCoreApplication.translate(
            "ErrorText",
            "%1: a character here cannot be saved (a NUL or a broken Unicode character). "
            "Remove it and save again.",
        ),
        "too_long": QCoreApplication.translate(
            "ErrorText", "%1: too long. Shorten it and save again."
        ),
        "too_short": QCoreApplication.translate("ErrorText", "%1: fill this in."),
        "out_of_range": QCoreApplication.translate("ErrorText", "%1: out of range."),
    }
    default = QCoreApplication.translate("ErrorText", "%1: not valid.")
    return sentences.get(reason, default).replace("%1", label)


def offline_unlock_sentence(reason: str, hours: float = 12.0) -> str:
    """Why an offline unlock was refused (``OfflineUnlockRefused.reason``), as a sentence;
    ``hours`` is the offline-unlock window of the settings."""
    sentences = {
        "never_online": QCoreApplication.translate(
            "ErrorText",
            "You have not signed in online on this computer yet, so it cannot unlock offline. "
            "Sign in once while the server can be reached.",
        ),
        "expired": QCoreApplication.translate(
            "ErrorText",
            "Your last online sign-in here was more than %1 hours ago, so offline unlock is "
            "no longer allowed. Sign in when the server can be reached again.",
        ).replace("%1", f"{hours:g}"),
        "wrong_password": QCoreApplication.translate(
            "ErrorText",
            "The password does not match your last online sign-in on this computer.",
        ),
        "too_many_attempts": QCoreApplication.translate(
            "ErrorText",
            "Too many wrong passwords: offline unlock is locked. Sign in when the server can "
            "be reached again.",
        ),
        "no_cache": QCoreApplication.translate(
            "ErrorText",
            "The data kept on this computer cannot be opened, so it cannot unlock offline. "
            "Sign in when the server can be reached, or ask IT support.",
        ),
    }
    return sentences.get(reason, sentences["never_online"])


def _generic() -> str:
    return QCoreApplication.translate(
        "ErrorText",
        "Something went wrong. Try again; if it keeps happening, tell IT support "
        "(the details are in the log).",
    )


def error_code(exc: BaseException) -> str:
    return exc.code if isinstance(exc, AgentDeskError) else "agentdesk.error"


def sentence_for_code(code: str) -> str:
    return _sentences().get(code, _generic())


def sign_in_locked_sentence(retry_after_s: int | None) -> str:
    """Too many failed sign-ins: when to try again, in whole minutes (rounded up)."""
    if retry_after_s is None:
        return QCoreApplication.translate(
            "ErrorText", "Too many failed sign-ins. Wait a while before you try again."
        )
    minutes = max(-(-retry_after_s // 60), 1)
    return QCoreApplication.translate(
        "ErrorText", "Too many failed sign-ins. Try again in %n minute(s).", "", minutes
    )


def error_sentence(exc: BaseException) -> str:
    """The readable sentence for any failure of a background operation."""
    if isinstance(exc, OfflineUnlockRefused):
        return offline_unlock_sentence(exc.reason)
    if isinstance(exc, SignInLocked):
        return sign_in_locked_sentence(exc.retry_after_s)
    return sentence_for_code(error_code(exc))
