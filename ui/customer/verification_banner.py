"""The verification banner under the customer header: is the caller verified, and unmasking.

Status reads as a sentence: "Verified (knowledge questions)", "IVR-verified", "Not verified —
sensitive details locked", or locked after failed attempts. "Verify…" (Ctrl+Shift+V) asks for
the verification dialog; "Unmask" (Ctrl+Shift+U) is enabled only once the server says the
caller is verified. When the telephony's IVR identifies the caller of the call on screen, the
desk calls :meth:`VerificationBanner.caller_verified` and the status is read again at once.
An unmasked value shows for ``REVEAL_SECONDS`` and is then cleared: the clear text lives in
one label and nowhere else (the server has audited the look).

Threading: GUI thread; service calls in background operations.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QWidget

from agentdesk.services import (
    CallerVerification,
    CustomerProfile,
    UnmaskField,
    VerificationMethod,
    VerificationState,
    VerificationStatus,
)
from ui.kit.actions import make_action
from ui.kit.badge import set_style_property
from ui.kit.error_text import error_sentence
from ui.kit.formatting import format_datetime, last_four
from ui.kit.naming import named
from ui.kit.vocabulary import verification_method_name
from ui.kit.workers import BackgroundOp

__all__ = ["REVEAL_SECONDS", "VerificationBanner", "status_sentence"]

REVEAL_SECONDS = 30


def is_verified(status: VerificationStatus | None) -> bool:
    return status is not None and status.status is VerificationState.VERIFIED


def status_sentence(status: VerificationStatus | None) -> str:
    """The banner's words for a verification status."""
    if status is None:
        return QCoreApplication.translate("VerificationBanner", "Checking verification…")
    if is_verified(status):
        if status.method is VerificationMethod.IVR:
            return QCoreApplication.translate("VerificationBanner", "IVR-verified")
        return QCoreApplication.translate("VerificationBanner", "Verified (%1)").replace(
            "%1", verification_method_name(status.method or "")
        )
    if status.locked_until is not None:
        when = format_datetime(status.locked_until)
        return QCoreApplication.translate(
            "VerificationBanner", "Verification locked until %1 after failed attempts"
        ).replace("%1", when)
    return QCoreApplication.translate(
        "VerificationBanner", "Not verified — sensitive details locked"
    )


class VerificationBanner(QFrame):
    # The agent asked to verify the caller (button or Ctrl+Shift+V).
    verify_requested = Signal()
    # The status shown changed; carries True once the caller is verified.
    verification_changed = Signal(bool)
    # An unmasked value is on screen (field, item id), or it was hidden again (field "").
    value_revealed = Signal(str, object)

    def __init__(self, verification: CallerVerification, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verificationBanner")
        self.setAccessibleName(self.tr("Identity verification"))
        self._verification = verification
        self._customer_id: int | None = None
        self._generation = 0
        self.status: VerificationStatus | None = None
        self._seconds_left = 0
        # The call on the line, if any: the status then includes an IVR verification of it.
        self.call_id: str | None = None

        self.status_label = named(QLabel(), "verificationStatus")
        self.status_label.setAccessibleName(self.tr("Verification status"))
        self.verify_action = make_action(
            self,
            self.tr("&Verify caller…"),
            "Ctrl+Shift+V",
            self.tr("Verify the caller's identity"),
            lambda: self.verify_requested.emit(),
            object_name="verifyAction",
        )
        self.verify_button = named(QPushButton(self.verify_action.text()), "verifyButton")
        self.verify_button.setToolTip(self.verify_action.toolTip())
        self.verify_button.setAccessibleName(self.tr("Verify caller"))
        self.verify_button.clicked.connect(self.verify_action.trigger)
        self.unmask_menu = QMenu(self.tr("Unmask"), self)
        self.unmask_menu.setAccessibleName(self.tr("Field to unmask"))
        self.unmask_action = make_action(
            self,
            self.tr("&Unmask…"),
            "Ctrl+Shift+U",
            self.tr("Show one masked detail in clear for 30 seconds (audited)"),
            self._on_unmask_action_triggered,
            object_name="unmaskAction",
        )
        self.unmask_button = named(QPushButton(self.unmask_action.text()), "unmaskButton")
        self.unmask_button.setToolTip(self.unmask_action.toolTip())
        self.unmask_button.setAccessibleName(self.tr("Unmask"))
        self.unmask_button.clicked.connect(self.unmask_action.trigger)
        self.revealed_label = named(QLabel(), "revealedValue")
        self.revealed_label.setAccessibleName(self.tr("Unmasked value"))
        self.revealed_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reveal_timer = QTimer(self)
        self.reveal_timer.setInterval(1_000)
        self.reveal_timer.timeout.connect(self._on_reveal_timer_timeout)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(10)
        layout.addWidget(self.status_label)
        layout.addWidget(self.revealed_label, 1)
        layout.addWidget(self.unmask_button)
        layout.addWidget(self.verify_button)
        self._render()

    # -- public --------------------------------------------------------------------------

    def set_customer(self, profile: CustomerProfile | None) -> None:
        """A new customer is on screen: forget any clear value, read their status. The same
        customer again (a fresher pop) keeps what is shown and only re-reads the status."""
        customer_id = profile.id if profile is not None else None
        if customer_id is None or customer_id != self._customer_id:
            self.hide_value()
            self.status = None
            self._generation += 1
        self._customer_id = customer_id
        self._fill_unmask_menu(profile)
        self._render()
        self.reload()

    def reload(self) -> None:
        customer_id, call_id = self._customer_id, self.call_id
        if customer_id is None:
            return
        generation = self._generation
        verification = self._verification
        # Naming the call takes up an IVR verification the telephony made for it.
        BackgroundOp(self, lambda: verification.status(customer_id, call_id=call_id)).success(
            lambda status: self._on_status_loaded(generation, status)
        ).failure(lambda exc: self._on_status_failed(generation, call_id, exc)).run()

    def caller_verified(self, call_id: str, customer_id: int) -> None:
        """The telephony's IVR identified the caller of ``call_id`` as ``customer_id``: read the
        status again when that is the call and the customer on screen (naming the call takes
        the IVR verification up once it is answered)."""
        if call_id == self.call_id and customer_id == self._customer_id:
            self.reload()

    def show_status(self, status: VerificationStatus) -> None:
        self.status = status
        if not is_verified(status):
            self.hide_value()
        self._render()

    def hide_value(self) -> None:
        was_shown = bool(self.revealed_label.text())
        self.reveal_timer.stop()
        self.revealed_label.clear()
        if was_shown:
            self.value_revealed.emit("", None)

    @property
    def verified(self) -> bool:
        return is_verified(self.status)

    # -- rendering -----------------------------------------------------------------------

    def _render(self) -> None:
        verified = self.verified
        self.status_label.setText(status_sentence(self.status))
        locked = self.status is not None and self.status.locked_until is not None and not verified
        state = "verified" if verified else ("locked" if locked else "unverified")
        # On the label itself: a property selector on the frame would not re-polish the child.
        set_style_property(self.status_label, "state", state)
        self.verify_action.setEnabled(self._customer_id is not None and not verified)
        self.verify_button.setEnabled(self.verify_action.isEnabled())
        can_unmask = verified and bool(self.unmask_menu.actions())
        self.unmask_action.setEnabled(can_unmask)
        self.unmask_button.setEnabled(can_unmask)
        self.verification_changed.emit(verified)

    def _fill_unmask_menu(self, profile: CustomerProfile | None) -> None:
        self.unmask_menu.clear()
        if profile is None:
            return
        items: list[tuple[str, UnmaskField, int | None]] = []
        for position, phone in enumerate(profile.phones_masked):
            items.append((self.tr("Phone %1").replace("%1", phone), UnmaskField.PHONE, position))
        if profile.id_number_masked:
            items.append((self.tr("ID number"), UnmaskField.ID_NUMBER, None))
        if profile.email_masked:
            items.append((self.tr("Email"), UnmaskField.EMAIL, None))
        for account in profile.holdings.accounts:
            caption = self.tr("Account %1").replace("%1", last_four(account.number_masked))
            items.append((caption, UnmaskField.ACCOUNT, account.id))
        for card in profile.holdings.cards:
            caption = self.tr("Card %1").replace("%1", last_four(card.pan_masked))
            items.append((caption, UnmaskField.CARD, card.id))
        for caption, field, item_id in items:
            action = self.unmask_menu.addAction(caption)
            action.triggered.connect(
                lambda _=False, f=field, i=item_id, c=caption: self._on_field_chosen(f, i, c)
            )

    def unmask_actions(self) -> list[QAction]:
        return self.unmask_menu.actions()

    # -- slots ---------------------------------------------------------------------------

    def _on_status_loaded(self, generation: int, status: VerificationStatus) -> None:
        if generation == self._generation:
            self.show_status(status)

    def _on_status_failed(self, generation: int, call_id: str | None, exc: BaseException) -> None:
        # A refusal that names a call since ended (hung up as it was answered) is about nothing
        # on screen: the status read before stays.
        if generation != self._generation or call_id != self.call_id:
            return
        self.status_label.setText(
            self.tr("Not verified — status unavailable: %1").replace("%1", error_sentence(exc))
        )

    def _on_unmask_action_triggered(self) -> None:
        if not self.unmask_action.isEnabled():
            return
        self.unmask_menu.popup(
            self.unmask_button.mapToGlobal(QPoint(0, self.unmask_button.height()))
        )
        self.unmask_menu.setActiveAction(self.unmask_menu.actions()[0])

    def _on_field_chosen(self, field: UnmaskField, item_id: int | None, caption: str) -> None:
        customer_id = self._customer_id
        if customer_id is None or not self.verified:
            return
        generation = self._generation
        verification = self._verification
        # The server audits the look; the clear text goes to the label and nowhere else.
        BackgroundOp(self, lambda: verification.unmask(customer_id, field, item_id)).success(
            lambda value: self._on_unmask_succeeded(generation, field, item_id, caption, value)
        ).failure(self._on_unmask_failed).run()

    def _on_unmask_succeeded(
        self, generation: int, field: UnmaskField, item_id: int | None, caption: str, text: str
    ) -> None:
        if generation != self._generation:
            return  # another customer is on screen now: never show this one's data
        self._caption = caption
        self._clear_text = text
        self._seconds_left = REVEAL_SECONDS
        self._show_reveal()
        self.reveal_timer.start()
        self.value_revealed.emit(field.value, item_id)

    def _show_reveal(self) -> None:
        self.revealed_label.setText(
            self.tr("%1: %2 (hidden again in %3 s)")
            .replace("%1", self._caption)
            .replace("%2", self._clear_text)
            .replace("%3", str(self._seconds_left))
        )

    def _on_unmask_failed(self, exc: BaseException) -> None:
        self.revealed_label.setText(error_sentence(exc))
        self.reload()  # the server may say the verification has ended

    def _on_reveal_timer_timeout(self) -> None:
        self._seconds_left -= 1
        if self._seconds_left <= 0:
            self._clear_text = ""
            self.hide_value()
        else:
            self._show_reveal()
