"""The exception tree of the core, with stable codes.

The core never shows text to a person: it raises one of these, and ``ui/`` turns ``code`` into a
translated sentence. Codes are part of the contract with the UI and with support staff (they
appear in logs and diagnostics), so they never change meaning.

    AgentDeskError                      agentdesk.error
    ├── ConfigError                     config.invalid
    │   └── PlainHttpRefused            config.plain_http    (http:// to a host not this one)
    ├── CredentialStoreUnavailable      credentials.no_secure_store
    ├── VerificationFailed              verification.failed (wrong answers or code; tries left)
    ├── InputRejected                   input.rejected (a value the agent gave breaks a rule)
    └── ApiError                        api.error
        ├── BackendUnavailable          api.unavailable      (connect, timeout, 502/503/504)
        │   └── CertificateNotTrusted   api.certificate_untrusted (TLS: the server's
        │                                                     certificate is not verified)
        ├── AuthenticationFailed        auth.failed          (401)
        │   └── SessionExpired          auth.session_expired (refresh token rejected)
        ├── PermissionDenied            auth.forbidden       (403)
        │   ├── VerificationRequired    verification.required (403: verify the caller first)
        │   └── CallRequired            verification.call_required (403: no call with them)
        ├── VerificationLocked          verification.locked  (429: too many failed attempts)
        ├── SignInLocked                auth.locked          (429: too many failed sign-ins)
        ├── NotFound                    api.not_found        (404)
        ├── InvalidRequest              api.invalid          (400, 413, 422)
        ├── ServerError                 api.server_error     (500 and other 5xx)
        ├── PartnerUnavailable          telephony.pbx_refused, telephony.pbx_unavailable,
        │                               telephony.acd_unavailable, sms.unavailable (502/503:
        │                                                     the backend is up, the PBX, the
        │                                                     call routing or the SMS gateway
        │                                                     behind it not)
        └── ProtocolError               api.protocol         (a response we cannot read)
"""

from __future__ import annotations

from datetime import datetime

__all__ = [
    "AgentDeskError",
    "ApiError",
    "AuthenticationFailed",
    "BackendUnavailable",
    "CallRequired",
    "CertificateNotTrusted",
    "ConfigError",
    "CredentialStoreUnavailable",
    "InputRejected",
    "InvalidRequest",
    "NotFound",
    "PartnerUnavailable",
    "PermissionDenied",
    "PlainHttpRefused",
    "ProtocolError",
    "ServerError",
    "SessionExpired",
    "SignInLocked",
    "VerificationFailed",
    "VerificationLocked",
    "VerificationRequired",
]


class AgentDeskError(Exception):
    """Base of every error the core raises on purpose."""

    code = "agentdesk.error"

    def __init__(self, detail: str = "", **context: object) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.context = context


class ConfigError(AgentDeskError):
    code = "config.invalid"


class PlainHttpRefused(ConfigError):
    """The backend address is plain ``http://`` to another machine, and plain HTTP was not
    explicitly allowed (``desktop.allow_plain_http``): customer data would cross the network
    unencrypted."""

    code = "config.plain_http"


class CredentialStoreUnavailable(AgentDeskError):
    """No secure secret store on this machine; the product never falls back to plaintext."""

    code = "credentials.no_secure_store"


class ApiError(AgentDeskError):
    """The backend said no, or could not be understood."""

    code = "api.error"

    def __init__(self, detail: str = "", *, status: int | None = None, **context: object) -> None:
        super().__init__(detail, **context)
        self.status = status


class BackendUnavailable(ApiError):
    code = "api.unavailable"


class PartnerUnavailable(ApiError):
    """The backend answered, but a system of the bank behind it refused or did not answer:
    the phone system (PBX) for a call move, the SMS gateway for a one-time code. Nothing
    changed and the backend itself is fine, so the desk stays online; ``code`` is the
    backend's own (which system, refused or silent)."""

    code = "telephony.pbx_unavailable"
    CODES = (
        "telephony.pbx_refused",
        "telephony.pbx_unavailable",
        "telephony.acd_unavailable",
        "sms.unavailable",
    )

    def __init__(self, detail: str = "", *, status: int | None = None, code: str) -> None:
        super().__init__(detail, status=status)
        self.code = code


class CertificateNotTrusted(BackendUnavailable):
    """The TLS handshake failed because the server's certificate could not be verified: the CA
    that signed it (the bank's own, usually) is not installed (``desktop.ca_bundle``)."""

    code = "api.certificate_untrusted"


class AuthenticationFailed(ApiError):
    code = "auth.failed"


class SessionExpired(AuthenticationFailed):
    code = "auth.session_expired"


class PermissionDenied(ApiError):
    code = "auth.forbidden"


class VerificationRequired(PermissionDenied):
    """Unmasking (and other sensitive acts) wait until the agent has verified the caller."""

    code = "verification.required"


class CallRequired(PermissionDenied):
    """Verification, codes and unmasking belong to a call the agent has on the line with that
    customer: there is none (no call, another caller, or the call was transferred)."""

    code = "verification.call_required"


class VerificationLocked(ApiError):
    """Too many failed verifications of this customer: locked for every agent until
    ``locked_until`` (None when the server did not say)."""

    code = "verification.locked"

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = 429,
        locked_until: datetime | None = None,
        **context: object,
    ) -> None:
        super().__init__(detail, status=status, **context)
        self.locked_until = locked_until


class SignInLocked(ApiError):
    """Too many failed sign-ins for this user name or from this computer: the server takes
    none until ``retry_after_s`` seconds have passed (None when it did not say)."""

    code = "auth.locked"

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = 429,
        retry_after_s: int | None = None,
        **context: object,
    ) -> None:
        super().__init__(detail, status=status, **context)
        self.retry_after_s = retry_after_s


class NotFound(ApiError):
    code = "api.not_found"


class InvalidRequest(ApiError):
    code = "api.invalid"


class ServerError(ApiError):
    code = "api.server_error"


class ProtocolError(ApiError):
    code = "api.protocol"


class VerificationFailed(AgentDeskError):
    """The caller's answers or code were not right. ``failure`` says which kind of failure
    (``wrong_answers``, ``wrong_code``, ``code_expired``, ``no_code``); ``remaining_attempts``
    is how many more failures lock the customer; ``code_tries_left`` the tries left on the
    current OTP code (None for knowledge questions)."""

    code = "verification.failed"

    def __init__(
        self,
        detail: str = "",
        *,
        failure: str = "",
        remaining_attempts: int = 0,
        code_tries_left: int | None = None,
    ) -> None:
        super().__init__(detail or failure)
        self.failure = failure
        self.remaining_attempts = remaining_attempts
        self.code_tries_left = code_tries_left


class InputRejected(AgentDeskError):
    """A value the agent gave breaks a rule before anything was saved: ``field`` names the
    value (``callback``), ``reason`` the rule (``past``, ``no_customer``), for the UI to say it
    beside the field."""

    code = "input.rejected"

    def __init__(self, detail: str = "", *, field: str, reason: str) -> None:
        super().__init__(detail or f"{field}: {reason}")
        self.field = field
        self.reason = reason
