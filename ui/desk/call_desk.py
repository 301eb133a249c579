"""Call handling in the main window: the softphone, verification, wrap-up and search.

The main window only lays things out; this controller connects the softphone bar, the customer
page and the dialogs of a call's life: a call rings (the bridge), the agent answers, verifies
the caller (Ctrl+Shift+V) unless the telephony's IVR did (the banner reads it again at once),
looks at the 360, hangs up; wrap-up opens the wrap-up dialog for the call that ended and the
customer on screen (the call service saves it and ends wrap-up at the telephony). Search
(Ctrl+F) lives here too, as a window-wide action.

Threading: GUI thread; every service call goes through a background operation.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow

from agentdesk.events import CallerVerified, CallStateChanged, PresenceChanged, SessionStarted
from agentdesk.services import (
    AgentCallState,
    AppServices,
    ReferenceService,
    VerificationMethod,
    WrapUpCode,
    WrapUpSaved,
)
from agentdesk.services.complaints import INTAKE_FLOW
from ui.complaints.new_complaint_dialog import NewComplaintDialog
from ui.customer.customer_page import CustomerPage
from ui.customer.search_dialog import SearchDialog
from ui.desk.softphone_bar import SoftphoneBar
from ui.desk.verification_dialog import VerificationDialog
from ui.desk.wrap_up_dialog import WrapUpDialog
from ui.flows.flow_panel import FlowPanel
from ui.kit.actions import make_action
from ui.kit.bridge import EventBridge
from ui.kit.error_text import error_sentence
from ui.kit.vocabulary import reference_label
from ui.kit.workers import BackgroundOp

__all__ = ["CallDeskController"]

log = logging.getLogger(__name__)

STATUS_MESSAGE_MS = 15_000


class CallDeskController(QObject):
    # A dialog of the call desk opened (tests and screenshots find it here).
    dialog_opened = Signal(object)
    # The unknown caller's number was queued as a pending phone of the customer chosen.
    phone_linked = Signal()

    def __init__(
        self,
        window: QMainWindow,
        services: AppServices,
        bridge: EventBridge,
        softphone: SoftphoneBar,
        customer_page: CustomerPage,
        flow_panel: FlowPanel,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._softphone = softphone
        self._page = customer_page
        self._flows = flow_panel
        self._call_answered = False  # the softphone's call is on the line (answered)
        self.wrap_up_dialog: WrapUpDialog | None = None
        self.verification_dialog: VerificationDialog | None = None
        self.search_dialog: SearchDialog | None = None
        self._link_phone = ""  # the unknown caller's number the chosen customer gets
        self.new_complaint_dialog: NewComplaintDialog | None = None
        # The reference wrap-up codes once read; until then the dialog offers its defaults.
        self.wrap_up_codes: list[WrapUpCode] | None = None

        self.search_action = make_action(
            window,
            self.tr("&Find a customer…"),
            QKeySequence("Ctrl+F"),
            self.tr("Search customers by name, CIF number or phone"),
            self.open_search,
            object_name="searchAction",
        )
        self.pick_flow_action = make_action(
            window,
            self.tr("Start a &script…"),
            QKeySequence("Ctrl+L"),
            self.tr("Pick a scripted flow for this call"),
            flow_panel.open_picker,
            object_name="pickFlowAction",
        )
        self.new_complaint_action = make_action(
            window,
            self.tr("New &complaint…"),
            QKeySequence("Ctrl+K"),
            self.tr("Open a complaint for the caller, with this call and its script"),
            self.open_new_complaint,
            object_name="newComplaintAction",
        )
        banner = customer_page.profile.verification
        self.verify_action = banner.verify_action
        self.unmask_action = banner.unmask_action

        softphone.snapshot_changed.connect(self._on_softphone_snapshot_changed)
        softphone.wrap_up_started.connect(self._on_softphone_wrap_up_started)
        softphone.wrap_up_requested.connect(self._on_softphone_wrap_up_requested)
        softphone.action_failed.connect(self._show_message)
        customer_page.profile_shown.connect(flow_panel.set_customer)
        customer_page.caller_search_requested.connect(self.search_for_caller)
        banner.verify_requested.connect(self._on_banner_verify_requested)
        banner.verification_changed.connect(self._on_banner_verification_changed)
        bridge.call_state_changed.connect(self._on_bridge_call_state_changed)
        bridge.caller_verified.connect(self._on_bridge_caller_verified)
        bridge.presence_changed.connect(self._on_bridge_presence_changed)
        bridge.session_started.connect(self._on_bridge_session_started)
        if self._signed_in():
            softphone.refresh()
            self._refresh_reference()

    # -- dialogs -------------------------------------------------------------------------

    def open_search(self) -> SearchDialog:
        if self.search_dialog is None:
            dialog = SearchDialog(self._services.customers, self._window)
            dialog.customer_chosen.connect(self._on_search_dialog_customer_chosen)
            self.search_dialog = dialog
        self._link_phone = ""  # a plain search opens the customer only
        self.search_dialog.edit.selectAll()
        self.search_dialog.open()
        self.search_dialog.edit.setFocus()
        self.dialog_opened.emit(self.search_dialog)
        return self.search_dialog

    def search_for_caller(self, digits: str, link: bool) -> SearchDialog:
        """The unknown caller's card: search prefilled with the number's digits; with
        ``link``, the customer chosen gets the caller's number as a pending phone."""
        phone = self._page.caller_e164 if link else ""
        dialog = self.open_search()
        self._link_phone = phone
        dialog.edit.setText(digits)
        dialog.search_now()
        return dialog

    def _on_search_dialog_customer_chosen(self, customer_id: int) -> None:
        phone, self._link_phone = self._link_phone, ""
        if phone:
            contacts = self._services.contacts
            BackgroundOp(self, lambda: contacts.link_phone(customer_id, phone)).success(
                lambda _none: self._on_phone_linked()
            ).failure(self._on_phone_link_failed).run()
        self._page.open_customer(customer_id)

    def _on_phone_linked(self) -> None:
        self._window.statusBar().showMessage(
            self.tr("The caller's number is kept with this customer, to verify later."), 15_000
        )
        self.phone_linked.emit()

    def _on_phone_link_failed(self, exc: BaseException) -> None:
        self._window.statusBar().showMessage(
            self.tr("The number could not be linked: %1").replace("%1", error_sentence(exc)),
            15_000,
        )

    def open_verification(self) -> VerificationDialog | None:
        profile = self._page.profile.profile
        if profile is None or self._page.state != "profile":
            return None
        call = self._softphone.call
        dialog = VerificationDialog(
            self._services.verification,
            profile.id,
            profile.name,
            self._window,
            call_id=call.id if call is not None else None,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.verified.connect(self._page.profile.verification.show_status)
        dialog.finished.connect(lambda _result: setattr(self, "verification_dialog", None))
        self.verification_dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def open_new_complaint(self) -> NewComplaintDialog | None:
        """The new-complaint dialog for the customer on screen, prefilled with the call and
        the call's complaint-intake script run."""
        if self.new_complaint_dialog is not None:
            self.new_complaint_dialog.raise_()
            self.new_complaint_dialog.activateWindow()
            return self.new_complaint_dialog
        profile = self._page.profile.profile
        if profile is None or self._page.state != "profile":
            self._show_message(
                self.tr("Identify the caller first: a complaint needs the customer.")
            )
            return None
        call = self._softphone.call
        intake = [run.run_id for run in self._flows.runs if run.flow_id == INTAKE_FLOW]
        dialog = NewComplaintDialog(
            self._services.complaints,
            profile.id,
            profile.name,
            self._window,
            call_id=call.id if call is not None else None,
            flow_run_id=intake[-1] if intake else None,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_new_complaint_saved)
        dialog.finished.connect(lambda _result: setattr(self, "new_complaint_dialog", None))
        self.new_complaint_dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def _on_new_complaint_saved(self, _ticket: object) -> None:
        self._show_message(
            self.tr(
                "Complaint saved on this computer. It goes to the server now, or as soon as the "
                "connection is back."
            )
        )

    def open_wrap_up(self) -> WrapUpDialog | None:
        if self.wrap_up_dialog is not None:
            self.wrap_up_dialog.raise_()
            self.wrap_up_dialog.activateWindow()
            return self.wrap_up_dialog
        context = self._services.calls.wrap_up_context()
        if context is None:
            self._show_message(self.tr("There is no call to wrap up."))
            return None
        customer = self._page.profile.profile if self._page.state == "profile" else None
        dialog = WrapUpDialog(
            self._services.calls,
            context,
            customer,
            self._window,
            codes=self._wrap_up_choices(),
            flows=list(self._flows.runs),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_wrap_up_saved)
        dialog.finished.connect(lambda _result: setattr(self, "wrap_up_dialog", None))
        self.wrap_up_dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    # -- slots ---------------------------------------------------------------------------

    def _on_softphone_snapshot_changed(self, agent_state: AgentCallState | None) -> None:
        call = agent_state.call if agent_state is not None else None
        banner = self._page.profile.verification
        banner.call_id = call.id if call is not None else None
        self._flows.set_call(call.id if call is not None else None, call.queue if call else "")
        self._page.profile.offers.set_call(call.id if call is not None else None)
        answered = call is not None and call.state == "answered"
        if answered and not self._call_answered:
            # Verification belongs to the call on the line: once answered, read it again (an
            # IVR verification of the call is taken up now, not while it rang).
            banner.reload()
        self._call_answered = answered

    def _on_softphone_wrap_up_started(self, _call: object) -> None:
        self.open_wrap_up()

    def _on_softphone_wrap_up_requested(self) -> None:
        self.open_wrap_up()

    def _on_banner_verify_requested(self) -> None:
        self.open_verification()

    def _on_wrap_up_saved(self, saved: WrapUpSaved) -> None:
        self._show_message(
            self.tr(
                "Wrap-up saved on this computer. It goes to the server now, or as soon as the "
                "connection is back."
            )
        )
        self._softphone.show_current()

    def _on_bridge_call_state_changed(self, _event: CallStateChanged) -> None:
        if self._signed_in():
            self._softphone.show_current()

    def _on_bridge_caller_verified(self, event: CallerVerified) -> None:
        # The IVR identified the caller: the banner shows it without the agent asking.
        self._page.profile.verification.caller_verified(event.call_id, event.customer_id)

    def _on_banner_verification_changed(self, verified: bool) -> None:
        # The IVR verified the caller while the agent was asking the questions: the dialog
        # has nothing left to do (the agent's own success closes it itself).
        status = self._page.profile.verification.status
        dialog = self.verification_dialog
        if verified and dialog is not None and status is not None:
            if status.method is VerificationMethod.IVR:
                dialog.reject()
                self._show_message(self.tr("The phone system's IVR verified the caller."))

    def _on_bridge_presence_changed(self, event: PresenceChanged) -> None:
        user = self._services.session.user
        if user is not None and event.username == user.username and self._signed_in():
            if event.by and event.by != user.username:
                self._softphone.show_set_by(event.by_name or event.by)
            self._softphone.show_current()

    def _on_bridge_session_started(self, _event: SessionStarted) -> None:
        if self._signed_in():
            self._softphone.refresh()
            self._refresh_reference()

    def _refresh_reference(self) -> None:
        """A session started: fetch the reference lists again, off the GUI thread."""
        reference = self._services.reference
        BackgroundOp(self, lambda: _refreshed_wrap_up_codes(reference)).success(
            self._on_reference_refreshed
        ).failure(self._on_reference_failed).run()

    def _on_reference_refreshed(self, wrap_up_codes: list[WrapUpCode]) -> None:
        self.wrap_up_codes = wrap_up_codes
        self._softphone.load_queue_labels()

    def _on_reference_failed(self, exc: BaseException) -> None:
        # Only the wrap-up defaults are offered then; nothing the agent must act on.
        log.info("reference lists not read: %s", exc)

    def _wrap_up_choices(self) -> list[tuple[str, str]] | None:
        """(code, label in the UI language) of the reference codes; None before they are read."""
        if not self.wrap_up_codes:
            return None
        return [(c.code, reference_label(c)) for c in self.wrap_up_codes]

    def _signed_in(self) -> bool:
        return self._services.session.user is not None

    def _show_message(self, sentence: str) -> None:
        self._window.statusBar().showMessage(sentence, STATUS_MESSAGE_MS)

    def closing_dialogs(self) -> list[QDialog]:
        """The dialogs still open (the window closes them on sign-out)."""
        dialogs = (self.wrap_up_dialog, self.verification_dialog, self.new_complaint_dialog)
        return [d for d in dialogs if d is not None]


def _refreshed_wrap_up_codes(reference: ReferenceService) -> list[WrapUpCode]:
    """Fetch every reference list again (the service keeps what it has when it cannot) and
    hand back the wrap-up codes, for the wrap-up dialog to offer."""
    reference.refresh()
    return list(reference.wrap_up_codes().codes)
