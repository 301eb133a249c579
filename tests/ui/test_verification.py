"""Verification banner and dialog: sentences for every outcome, unmask only once verified."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt

from agentdesk.errors import CallRequired
from agentdesk.services import VerificationMethod, VerificationState, VerificationStatus
from tests.ui.call_fakes import FakeVerificationService, verification_status
from tests.ui.conftest import make_profile
from ui.customer.verification_banner import REVEAL_SECONDS, VerificationBanner
from ui.desk.verification_dialog import VerificationDialog
from ui.kit.workers import BackgroundOp


def _banner(qtbot: Any, service: FakeVerificationService) -> VerificationBanner:
    banner = VerificationBanner(service)
    qtbot.addWidget(banner)
    banner.show()
    with qtbot.waitSignal(banner.verification_changed):
        banner.set_customer(make_profile())
    qtbot.waitUntil(lambda: banner.status is not None)
    return banner


def _dialog(qtbot: Any, service: FakeVerificationService) -> VerificationDialog:
    dialog = VerificationDialog(service, 7, "张伟", call_id="call-1")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_not_verified_locks_unmask_and_says_so(qtbot: Any) -> None:
    banner = _banner(qtbot, FakeVerificationService())
    assert banner.status_label.text() == "Not verified — sensitive details locked"
    assert banner.verify_action.isEnabled()
    assert not banner.unmask_action.isEnabled() and not banner.unmask_button.isEnabled()
    assert "Ctrl+Shift+V" in banner.verify_action.toolTip()
    captions = [a.text() for a in banner.unmask_actions()]
    assert captions == [
        "Phone +86 138****5678",
        "ID number",
        "Email",
        "Account **** 5678",
        "Card **** 7890",
    ]


def test_knowledge_answers_verify_and_unmask_shows_for_30_seconds(qtbot: Any) -> None:
    service = FakeVerificationService()
    banner = _banner(qtbot, service)
    dialog = _dialog(qtbot, service)
    dialog.verified.connect(banner.show_status)
    qtbot.keyClicks(dialog.birth_edit, "19850601")
    qtbot.keyClicks(dialog.id_edit, "11010119850601123x")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.id_edit, Qt.Key.Key_Return)
    assert banner.status_label.text() == "Verified (knowledge questions)"
    assert banner.unmask_action.isEnabled() and not banner.verify_action.isEnabled()

    id_action = banner.unmask_actions()[1]
    with qtbot.waitSignal(banner.value_revealed) as revealed:
        id_action.trigger()
    assert revealed.args == ["id_number", None]
    assert service.unmasked == [(7, "id_number", None)]
    assert "110101198506011234" in banner.revealed_label.text()
    assert f"{REVEAL_SECONDS} s" in banner.revealed_label.text()
    for _ in range(REVEAL_SECONDS):
        banner.reveal_timer.timeout.emit()  # one tick a second, without waiting 30 s
    assert banner.revealed_label.text() == ""
    assert not banner.reveal_timer.isActive()


def test_wrong_answers_then_lock_read_as_sentences(qtbot: Any) -> None:
    service = FakeVerificationService()
    dialog = _dialog(qtbot, service)
    qtbot.keyClicks(dialog.birth_edit, "19900101")
    qtbot.keyClicks(dialog.id_edit, "110101199001010000")
    for left in (2, 1):
        dialog.verify_button.click()
        qtbot.waitUntil(lambda: not dialog.busy)
        assert dialog.result_label.text() == (
            f"The answers do not match. {left} attempt(s) left before verification is locked."
        )
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.result_label.text().startswith("Verification is locked until ")
    assert "Offer a callback, or ask your supervisor." in dialog.result_label.text()
    assert dialog.result() != dialog.DialogCode.Accepted


def test_one_answer_is_not_enough(qtbot: Any) -> None:
    dialog = _dialog(qtbot, FakeVerificationService())
    qtbot.keyClicks(dialog.birth_edit, "19850601")
    dialog.verify_button.click()
    assert dialog.result_label.text() == "Enter at least two of the three answers."


def test_otp_code_is_sent_then_verifies(qtbot: Any) -> None:
    service = FakeVerificationService()
    dialog = _dialog(qtbot, service)
    dialog.tabs.setCurrentIndex(1)
    dialog.send_button.click()
    qtbot.waitUntil(lambda: "Code sent" in dialog.sent_label.text())
    assert "+86 138****5678" in dialog.sent_label.text()
    assert "123456" in dialog.sent_label.text()  # the demo server sends it back
    qtbot.keyClicks(dialog.code_edit, "654321")
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.result_label.text().startswith("The code is not right.")
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, "123456")
    with qtbot.waitSignal(dialog.verified) as verified:
        dialog.verify_button.click()
    assert verified.args[0].method == "otp"


def test_ivr_verification_and_a_new_customer_hides_the_clear_value(qtbot: Any) -> None:
    service = FakeVerificationService()
    banner = _banner(qtbot, service)
    service.statuses[7] = verification_status(7, VerificationState.VERIFIED, VerificationMethod.IVR)
    banner.reload()
    qtbot.waitUntil(lambda: banner.status_label.text() == "IVR-verified")
    with qtbot.waitSignal(banner.value_revealed):
        banner.unmask_actions()[0].trigger()
    assert banner.revealed_label.text()
    banner.set_customer(make_profile(id=8))
    assert banner.revealed_label.text() == ""


class _NoCallService(FakeVerificationService):
    """The server's answer when the customer is not on the agent's line."""

    def verify_knowledge(self, customer_id: int, **answers: Any) -> Any:
        raise CallRequired("verify, send a code to or unmask only the caller of a call")


def test_verifying_without_the_call_reads_as_a_sentence_to_act_on(qtbot: Any) -> None:
    dialog = _dialog(qtbot, _NoCallService())
    qtbot.keyClicks(dialog.birth_edit, "19850601")
    qtbot.keyClicks(dialog.email_edit, "wang.fang@example.com")
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    text = dialog.result_label.text()
    assert text.startswith("You can verify, send a code to or unmask only the customer who")
    assert "call_required" not in text and "Traceback" not in text


class _HeldStatusService(FakeVerificationService):
    """Answers a status that names a call only once let go, then as the server does for a call
    no longer on the agent's line."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def status(self, customer_id: int, *, call_id: str | None = None) -> VerificationStatus:
        if call_id is None:
            return super().status(customer_id)
        self.release.wait(10)
        raise CallRequired("verify, send a code to or unmask only the caller of a call")


def test_a_status_refused_for_a_call_that_ended_meanwhile_leaves_the_banner_as_it_was(
    qtbot: Any,
) -> None:
    service = _HeldStatusService()
    banner = _banner(qtbot, service)
    before = banner.status_label.text()
    banner.call_id = "call-1"
    banner.reload()  # answered: the status is read again, naming the call
    banner.call_id = None  # the caller hung up before the answer came back
    service.release.set()
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0)
    assert banner.status_label.text() == before == "Not verified — sensitive details locked"


def test_a_status_refused_for_the_call_on_the_line_says_why(qtbot: Any) -> None:
    service = _HeldStatusService()
    banner = _banner(qtbot, service)
    banner.call_id = "call-1"
    service.release.set()
    banner.reload()
    qtbot.waitUntil(lambda: "status unavailable" in banner.status_label.text())
    assert "call_required" not in banner.status_label.text()
