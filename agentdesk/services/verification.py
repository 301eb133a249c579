"""Identity verification of the caller, and unmasking, as the agent's screens use them.

The backend is the one truth (it audits every attempt and keeps the lock), so these calls need
it: offline they raise BackendUnavailable and the UI says verification waits for the network.
Nothing personal is kept here; an unmasked value is handed to the caller and not cached.

Outcomes are typed errors with stable codes for the UI: VerificationFailed (wrong answers or
code, with the failures left before the lock and the tries left on the code),
VerificationLocked (with ``locked_until`` when known), VerificationRequired (unmask before
verifying).

Threading: every method blocks on the network; the UI calls them from background operations.
"""

from __future__ import annotations

from datetime import date

from agentdesk.client import ApiClient
from agentdesk.contract.verification import (
    KnowledgeAnswers,
    OtpChallenge,
    UnmaskField,
    UnmaskRequest,
    VerificationMethod,
    VerificationRequest,
    VerificationState,
    VerificationStatus,
)
from agentdesk.errors import (
    ApiError,
    SessionExpired,
    VerificationFailed,
    VerificationLocked,
)
from agentdesk.services.session import SessionService

__all__ = ["VerificationService"]


class VerificationService:
    def __init__(self, session: SessionService) -> None:
        self._session = session

    def status(self, customer_id: int, *, call_id: str | None = None) -> VerificationStatus:
        """This agent's verification of the customer. Naming the call the agent has takes up
        an IVR verification the telephony system made for it."""
        return self._api().verification_status(customer_id, call_id)

    def verify_knowledge(
        self,
        customer_id: int,
        *,
        birth_date: date | None = None,
        id_number: str | None = None,
        email: str | None = None,
        call_id: str | None = None,
    ) -> VerificationStatus:
        """Check the caller's answers (full birth date, full ID number, email on file: two of
        three must be right); the verified status, or VerificationFailed / VerificationLocked
        (CallRequired when the customer is not on the agent's line)."""
        answers = KnowledgeAnswers(birth_date=birth_date, id_number=id_number, email=email)
        request = VerificationRequest(
            method=VerificationMethod.KNOWLEDGE, answers=answers, call_id=call_id
        )
        return self._attempt(customer_id, request)

    def send_otp(self, customer_id: int) -> OtpChallenge:
        """Send a one-time code to the customer's mobile (a demo server also returns it)."""
        try:
            return self._api().send_otp(customer_id)
        except VerificationLocked as exc:
            raise self._with_lock_time(customer_id, exc) from exc

    def verify_otp(
        self, customer_id: int, code: str, *, call_id: str | None = None
    ) -> VerificationStatus:
        """Check the code the caller read out; the verified status, or VerificationFailed /
        VerificationLocked."""
        request = VerificationRequest(
            method=VerificationMethod.OTP, code=code.strip(), call_id=call_id
        )
        return self._attempt(customer_id, request)

    def unmask(self, customer_id: int, field: UnmaskField | str, item_id: int | None = None) -> str:
        """One field in clear (a card shows at most first 6 / last 4 digits); the server
        audits it. VerificationRequired until this agent has verified the caller."""
        request = UnmaskRequest(field=UnmaskField(field), item_id=item_id)
        return self._api().unmask(customer_id, request).value

    # -- internals -----------------------------------------------------------------------

    def _api(self) -> ApiClient:
        if self._session.user is None:
            raise SessionExpired("not signed in")
        return self._session.api

    def _attempt(self, customer_id: int, request: VerificationRequest) -> VerificationStatus:
        try:
            result = self._api().verify(customer_id, request)
        except VerificationLocked as exc:
            raise self._with_lock_time(customer_id, exc) from exc
        if result.status is VerificationState.VERIFIED:
            return result
        if result.locked_until is not None:
            # This failure was the one too many.
            raise VerificationLocked(
                "verification of this customer is locked", locked_until=result.locked_until
            )
        raise VerificationFailed(
            failure=str(result.failure or ""),
            remaining_attempts=result.remaining_attempts,
            code_tries_left=result.code_tries_left,
        )

    def _with_lock_time(self, customer_id: int, error: VerificationLocked) -> VerificationLocked:
        """The 429 does not carry the time in a field; the status does."""
        try:
            until = self._api().verification_status(customer_id).locked_until
        except ApiError:
            return error
        return VerificationLocked(error.detail, status=error.status, locked_until=until)
