"""Verify the caller: knowledge questions (two of three right) or a one-time code by SMS.

Every attempt goes to the server, which decides and audits it; the dialog only reports the
outcome as a sentence (wrong answers with the attempts left, an expired code, a lock). It
accepts when the server says "verified" and emits ``verified`` with the status.

Keyboard: Alt+K / Alt+O switch between the two ways; Enter runs the current one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agentdesk.errors import VerificationFailed, VerificationLocked
from agentdesk.services import (
    CallerVerification,
    OtpChallenge,
    VerificationFailure,
    VerificationStatus,
)
from ui.customer.verification_banner import is_verified
from ui.kit.error_text import error_sentence
from ui.kit.formatting import format_datetime
from ui.kit.naming import named
from ui.kit.workers import BackgroundOp

__all__ = ["VerificationDialog"]


class VerificationDialog(QDialog):
    # The server verified the caller; carries its status.
    verified = Signal(object)

    def __init__(
        self,
        verification: CallerVerification,
        customer_id: int,
        customer_name: str,
        parent: QWidget | None = None,
        *,
        call_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("verificationDialog")
        self.setWindowTitle(self.tr("Verify the caller — %1").replace("%1", customer_name))
        self._verification = verification
        self._customer_id = customer_id
        self._call_id = call_id
        self.busy = False

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Verification method"))
        self.tabs.addTab(self._knowledge_page(), self.tr("&Knowledge questions"))
        self.tabs.addTab(self._otp_page(), self.tr("&One-time code"))
        self.result_label = named(QLabel(), "errorLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName(self.tr("Verification result"))
        self.result_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.verify_button = buttons.addButton(
            self.tr("&Verify"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.verify_button.setProperty("primary", True)
        self.verify_button.setToolTip(self.tr("Check the answers or the code (Enter)"))
        self.verify_button.clicked.connect(self._on_verify_button_clicked)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        intro = QLabel(
            self.tr(
                "Ask the caller. Two of the three answers must be right; every attempt is "
                "recorded, and repeated failures lock verification for a while."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.tabs)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        # Default only once the button is inside this dialog: QDialog keeps its own default.
        self.send_button.setAutoDefault(False)
        self.verify_button.setDefault(True)
        self.birth_edit.setFocus()

    def _knowledge_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.birth_edit = named(QLineEdit(), "birthDateEdit")
        self.birth_edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.birth_edit.setInputMask("0000-00-00;_")
        self.birth_edit.setAccessibleName(self.tr("Birth date"))
        # Questions whose answers the screen does not show before verification (the profile
        # shows the birth year, the ID number's edges and the email's first letter).
        self.id_edit = named(QLineEdit(), "idNumberEdit")
        self.id_edit.setMaxLength(32)
        self.id_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[0-9A-Za-z ]{0,32}"), self.id_edit)
        )
        self.id_edit.setAccessibleName(self.tr("Full ID number"))
        self.email_edit = named(QLineEdit(), "emailEdit")
        self.email_edit.setMaxLength(254)
        self.email_edit.setAccessibleName(self.tr("Email address on file"))
        form.addRow(self.tr("&Birth date"), self.birth_edit)
        form.addRow(self.tr("Full &ID number"), self.id_edit)
        form.addRow(self.tr("&Email on file"), self.email_edit)
        return page

    def _otp_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.send_button = named(QPushButton(self.tr("&Send code")), "sendCodeButton")
        self.send_button.setToolTip(self.tr("Send a one-time code to the customer's phone"))
        self.send_button.clicked.connect(self._on_send_button_clicked)
        self.sent_label = named(QLabel(), "mutedLabel")
        self.sent_label.setWordWrap(True)
        self.code_edit = named(QLineEdit(), "otpCodeEdit")
        self.code_edit.setMaxLength(6)
        self.code_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), self.code_edit)
        )
        self.code_edit.setAccessibleName(self.tr("Code the caller reads out"))
        form.addRow(self.send_button, self.sent_label)
        form.addRow(self.tr("&Code"), self.code_edit)
        return page

    # -- actions -------------------------------------------------------------------------

    def _on_verify_button_clicked(self) -> None:
        if self.busy:
            return
        if self.tabs.currentIndex() == 0:
            self._verify_knowledge()
        else:
            self._verify_code()

    def _verify_knowledge(self) -> None:
        birth = self._birth_date()
        id_number = "".join(self.id_edit.text().split()).upper() or None
        email = self.email_edit.text().strip() or None
        given = sum(value is not None for value in (birth, id_number, email))
        if id_number is not None and len(id_number) < 5:
            return self._say(self.tr("The ID number answer needs the whole number."))
        if given < 2:
            return self._say(self.tr("Enter at least two of the three answers."))
        self._set_busy(True)
        verification, customer_id, call_id = self._verification, self._customer_id, self._call_id
        self._attempt(
            lambda: verification.verify_knowledge(
                customer_id,
                birth_date=birth,
                id_number=id_number,
                email=email,
                call_id=call_id,
            )
        )

    def _verify_code(self) -> None:
        code = self.code_edit.text()
        if len(code) != 6:
            return self._say(self.tr("The code has 6 digits."))
        self._set_busy(True)
        verification, customer_id, call_id = self._verification, self._customer_id, self._call_id
        self._attempt(lambda: verification.verify_otp(customer_id, code, call_id=call_id))

    def _attempt(self, work: Callable[[], VerificationStatus]) -> None:
        BackgroundOp(self, work).success(self._on_attempt_finished).failure(
            self._on_attempt_failed
        ).run()

    def _on_send_button_clicked(self) -> None:
        self._set_busy(True)
        verification, customer_id = self._verification, self._customer_id
        BackgroundOp(self, lambda: verification.send_otp(customer_id)).success(
            self._on_code_sent
        ).failure(self._on_attempt_failed).run()

    # -- outcomes ------------------------------------------------------------------------

    def _on_code_sent(self, challenge: OtpChallenge) -> None:
        self._set_busy(False)
        text = self.tr("Code sent to %1. Ask the caller to read it out.").replace(
            "%1", challenge.sent_to
        )
        if challenge.code:
            # Only a demo server sends the code back (it has no SMS gateway).
            text += " " + self.tr("(Demo: the code is %1.)").replace("%1", challenge.code)
        self.sent_label.setText(text)
        self.result_label.hide()
        self.code_edit.setFocus()

    def _on_attempt_finished(self, status: VerificationStatus) -> None:
        self._set_busy(False)
        if is_verified(status):
            self.verified.emit(status)
            self.accept()
        elif status.locked_until is not None:
            self._say(self._locked_sentence(status.locked_until))
        else:
            failure = status.failure or VerificationFailure.WRONG_ANSWERS
            self._say(
                self._failure_sentence(failure, status.remaining_attempts, status.code_tries_left)
            )

    def _on_attempt_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, VerificationFailed):
            self._say(
                self._failure_sentence(exc.failure, exc.remaining_attempts, exc.code_tries_left)
            )
        elif isinstance(exc, VerificationLocked):
            self._say(self._locked_sentence(exc.locked_until))
        else:
            self._say(error_sentence(exc))

    def _failure_sentence(
        self, failure: str, attempts_left: int, code_tries_left: int | None
    ) -> str:
        if failure == VerificationFailure.WRONG_CODE:
            first = self.tr("The code is not right.")
            if code_tries_left:
                first += " " + self.tr("%n more tries on this code.", "", code_tries_left)
        elif failure == VerificationFailure.CODE_EXPIRED:
            first = self.tr("The code has expired. Send a new one.")
        elif failure == VerificationFailure.NO_CODE:
            first = self.tr("No code is waiting. Send a code first.")
        else:
            first = self.tr("The answers do not match.")
        return (
            first
            + " "
            + self.tr("%n attempt(s) left before verification is locked.", "", attempts_left)
        )

    def _locked_sentence(self, locked_until: datetime | None) -> str:
        when = format_datetime(locked_until) if locked_until is not None else "—"
        return self.tr(
            "Verification is locked until %1 after too many failed attempts. Offer a callback, "
            "or ask your supervisor."
        ).replace("%1", when)

    # -- helpers -------------------------------------------------------------------------

    def _birth_date(self) -> date | None:
        text = self.birth_edit.text().strip("-_ ")
        if not text:
            return None
        try:
            return date.fromisoformat(self.birth_edit.text())
        except ValueError:
            return None

    def _say(self, sentence: str) -> None:
        self.result_label.setText(sentence)
        self.result_label.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.verify_button.setEnabled(not busy)
        self.send_button.setEnabled(not busy)
