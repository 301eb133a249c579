"""The PBX's IVR identifies the caller while the agent is on the line with them: against a real
backend, the signed ``caller.verified`` reaches the desk through the live event stream and the
verification banner says "IVR-verified" at once, with Verify no longer offered and Unmask
open, without the agent doing anything."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
from PySide6.QtCore import Qt

from agentdesk.domain.presence import AgentState
from agentdesk.server.telephony.webhook import SIGNATURE_HEADER, sign
from agentdesk.services import AppServices
from tests.e2e.call_backend import (
    SECRET,
    TIMEOUT_MS,
    CallBackend,
    call_backend,  # noqa: F401 - the fixture
    hang_up_and_wrap_up,
    press,
    ringing_call,
    signed_in_window,
)
from ui.shell.main_window import MainWindow


def ivr_verified(backend: CallBackend, call_id: str, customer_id: int) -> None:
    """The PBX says its IVR identified the caller (signed like a real webhook delivery)."""
    event = {"type": "caller.verified", "call_id": call_id, "customer_id": customer_id}
    body = json.dumps(event).encode()
    reply = httpx.post(
        f"{backend.url}/telephony/events",
        content=body,
        headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(SECRET, body)},
        timeout=10,
    )
    reply.raise_for_status()


def test_the_banner_shows_ivr_verified_when_the_pbx_identifies_the_caller(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> None:
    customer_id, _name, phone = call_backend.single_customer()
    _services, window = signed_in_window(qtbot, call_backend, make_services, make_main_window)
    page, softphone, desk = window.customer_page, window.softphone, window.call_desk
    banner = page.profile.verification

    ringing_call(qtbot, call_backend, window, phone)
    qtbot.waitUntil(lambda: page.state == "profile", timeout=TIMEOUT_MS)
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: softphone.presence_state is AgentState.ON_CALL, timeout=TIMEOUT_MS)
    call = softphone.call
    assert call is not None and page.profile.profile is not None
    assert page.profile.profile.id == customer_id
    # On the line and not verified yet: Verify is offered, Unmask is not.
    qtbot.waitUntil(lambda: banner.call_id == call.id and banner.status is not None)
    assert banner.status_label.text() == "Not verified — sensitive details locked"
    assert desk.verify_action.isEnabled() and not desk.unmask_action.isEnabled()
    # The agent starts asking the questions; the IVR's verification arrives meanwhile.
    dialog = desk.open_verification()
    assert dialog is not None and dialog.isVisible()

    ivr_verified(call_backend, call.id, customer_id)
    qtbot.waitUntil(lambda: banner.status_label.text() == "IVR-verified", timeout=TIMEOUT_MS)
    # The questions are not needed any more: the dialog closed, and the agent is told why.
    qtbot.waitUntil(lambda: desk.verification_dialog is None, timeout=TIMEOUT_MS)
    assert window.statusBar().currentMessage() == "The phone system's IVR verified the caller."
    assert banner.verified
    assert not desk.verify_action.isEnabled() and not banner.verify_button.isEnabled()
    assert desk.unmask_action.isEnabled()
    # The agent took the IVR's verification up on this call (audited on the server).
    audit = call_backend.wait_for(
        "select username, detail from audit_events where action = 'verify' and entity_id = ? "
        "and detail like ?",
        str(customer_id),
        f"%{call.id}%",
    )
    outcomes = [json.loads(detail)["outcome"] for _, detail in audit]
    assert "verified" in outcomes  # by the IVR
    taken = call_backend.wait_for(
        "select username from audit_events where action = 'verify' and entity_id = ? "
        "and detail like ? and detail like '%taken_up%'",
        str(customer_id),
        f"%{call.id}%",
    )
    assert taken == [(call_backend.backend.username,)]

    hang_up_and_wrap_up(qtbot, window, "Inf")
