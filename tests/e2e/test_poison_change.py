"""A change the server refuses never stops the queue: it is set aside in the problems panel with
its reason, and the changes queued after it reach the server.

Today's desk refuses such a value at the form (tests/core/test_call_service.py), so the poisoned
change is queued here as a desk from before that check would have queued it: straight into the
encrypted outbox, with a NUL in the notes that PostgreSQL cannot store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from agentdesk.cache import local_writes
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import InteractionCreate
from agentdesk.services import AppServices
from tests.e2e.call_backend import (
    TIMEOUT_MS,
    CallBackend,
    call_backend,  # noqa: F401 - the fixture
    signed_in_window,
)
from ui.shell.main_window import MainWindow

POISONED = "refund promised \x00 (pasted from another tool)"
GOOD = "queued after the poisoned change"


def _queue_as_an_older_desk(services: AppServices, customer_id: int, agent: str) -> str:
    """A wrap-up with a NUL in its notes, queued without the contract's check."""
    now = datetime.now(UTC)
    unchecked = InteractionCreate.model_construct(
        customer_id=customer_id,
        phone_e164=None,
        channel=Channel.PHONE_IN,
        started_at=now,
        ended_at=now,
        queue="",
        reason="",
        wrap_up_code="resolved",
        notes=POISONED,
        ticket_id=None,
        call_id=None,
        flows=[],
    )
    return services.sync.store.write(
        lambda conn: local_writes.record_interaction(conn, unchecked, agent=agent, now=now),
        durable=True,
    )


def test_a_refused_change_is_set_aside_and_the_rest_of_the_queue_goes_on(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> None:
    customer_id, _name, _phone = call_backend.single_customer()
    services, window = signed_in_window(qtbot, call_backend, make_services, make_main_window)
    agent = call_backend.backend.username

    _queue_as_an_older_desk(services, customer_id, agent)
    services.interactions.record_wrap_up(
        wrap_up_code="resolved",
        started_at=datetime.now(UTC),
        customer_id=customer_id,
        notes=GOOD,
    )

    # The change behind the poisoned one reaches the server; the poisoned one never does.
    assert call_backend.wait_for(
        "select customer_id from interactions where notes = ?", GOOD, timeout=60
    ) == [(customer_id,)]
    qtbot.waitUntil(lambda: len(services.sync.problems()) == 1, timeout=TIMEOUT_MS)
    (problem,) = services.sync.problems()
    assert problem.fields == ("notes",)
    assert call_backend.query(
        "select count(*) from interactions where notes like ?", "refund promised%"
    ) == [(0,)]

    # The agent is told, and reads which value was refused and what to do.
    chip = window.sync_status.attention_chip
    qtbot.waitUntil(chip.isVisible, timeout=TIMEOUT_MS)
    assert chip.text() == "1 change needs your attention"
    panel = window.sync_problems
    with qtbot.waitSignal(panel.problems_loaded, timeout=TIMEOUT_MS):
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    card = panel.cards[problem.key]
    assert card.reason_label.text() == (
        "The server refused the value of Notes: it cannot be stored. Discard this change and "
        "enter it again; your other changes were sent."
    )
    assert "\x00" not in card.reason_label.text()
    assert set(card.buttons) == {"discard"}

    with qtbot.waitSignal(panel.problem_resolved, timeout=TIMEOUT_MS):
        qtbot.mouseClick(card.buttons["discard"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not chip.isVisible(), timeout=TIMEOUT_MS)
    assert services.sync.problems() == [] and services.sync.status().changes_waiting == 0
