"""Error codes of the core (``agentdesk.errors``) as sentences a person can act on.

The core only gives codes; this module owns the words, in the person's language. A traceback
is never shown: anything that is not an ``AgentDeskError`` is a bug, already logged by the
background operation, and gets the generic sentence.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from agentdesk.errors import AgentDeskError

__all__ = ["error_code", "error_sentence", "sentence_for_code"]


def _sentences() -> dict[str, str]:
    # Built on each call so the texts follow the translator installed at that moment. Each
    # literal sits inside QCoreApplication.translate so pyside6-lupdate finds it.
    return {
        "api.unavailable": QCoreApplication.translate(
            "ErrorText",
            "The AgentDesk server cannot be reached. Check the network or the server address; "
            "your work is kept.",
        ),
        "auth.failed": QCoreApplication.translate("ErrorText", "Wrong user name or password."),
        "auth.session_expired": QCoreApplication.translate(
            "ErrorText", "Your session has ended. Please sign in again."
        ),
        "auth.forbidden": QCoreApplication.translate(
            "ErrorText",
            "Your account is not allowed to do this. Ask your supervisor if you need access.",
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
        "config.invalid": QCoreApplication.translate(
            "ErrorText",
            "AgentDesk is not set up correctly (for example the server address or its "
            "certificate file). Check the address, or ask IT to fix the configuration.",
        ),
    }


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


def error_sentence(exc: BaseException) -> str:
    """The readable sentence for any failure of a background operation."""
    return sentence_for_code(error_code(exc))
