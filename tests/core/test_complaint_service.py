"""The desk's complaint service over the real encrypted cache and outbox: a complaint opened
offline carries its regime, type and deadline from the local rule pack; the lists read the
cache with each ticket's clock; the online work goes through the client with If-Match and its
answers land in the cache; a 412 hands back the server's ticket."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from agentdesk.cache import outbox, sync_state
from agentdesk.cache.tickets import upsert_tickets
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.auth import Role
from agentdesk.contract.sync import ChangesPage, CustomerRecord, MutationKind
from agentdesk.contract.tickets import (
    Assignee,
    ComplaintCategory,
    NoticeKind,
    RootCause,
    Severity,
    TicketClockEvent,
    TicketNotice,
    TicketParty,
    TicketStatus,
)
from agentdesk.errors import InputRejected
from agentdesk.services import AppServices
from agentdesk.services.complaints import NewComplaint, TicketChanged, TicketRefused
from agentdesk.services.wiring import build_app_services
from tests.complaint_backend import TicketBackend, ticket

# 16 Sep 2026, 10:00 in Beijing: 15 days later is 1 Oct, National Day.
NOW = datetime(2026, 9, 16, 2, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _customer(customer_id: int, phone: str) -> CustomerRecord:
    return CustomerRecord.model_validate(
        {
            "id": customer_id,
            "cif": f"CIF{customer_id:08d}",
            "name": "张三",
            "birth_year": 1980,
            "id_number_masked": "110***********1234",
            "id_last4": "1234",
            "phones": [phone],
            "tier": "gold",
            "aum": "600000.00",
            "yearly_revenue": "3000.00",
            "risk_profile": "C3",
            "risk_assessed_on": "2026-01-10",
            "updated_at": NOW.isoformat(),
        }
    )


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def backend(clock: Clock) -> TicketBackend:
    return TicketBackend(
        people=[
            Assignee(username="agent02", display_name="Li", team="t1"),
            Assignee(username="agent03", display_name="Wang", team="t1"),
        ],
        now=clock,
    )


@pytest.fixture
def services(backend: TicketBackend, clock: Clock) -> Iterator[AppServices]:
    made = build_app_services(
        DesktopSettings(backend_url="https://backend.test"),
        AppPaths.from_environment(),
        transport=backend.transport(),
        clock=clock,
        listen=False,
        sync_autostart=False,
    )
    made.session.login("https://backend.test", "agent01", "pw")
    page = ChangesPage(
        cursor=1,
        high_water=1,
        has_more=False,
        customers=[_customer(1, "+8613812345678"), _customer(2, "+447400123456")],
    )
    made.sync._cache.open().write(lambda conn: sync_state.apply_changes(conn, page))  # noqa: SLF001
    yield made
    made.close()


def _queued(services: AppServices) -> list[Any]:
    """The agent's changes waiting (not the views of cached 360s queued for audit)."""
    services.customers.flush_views()
    store = services.sync._cache.open()  # noqa: SLF001
    with store.read() as conn:
        return [m for m in outbox.pending(conn) if m.kind is not MutationKind.CUSTOMER_VIEW]


def test_a_complaint_opened_offline_is_queued_once_with_its_regime_type_and_deadline(
    services: AppServices, backend: TicketBackend
) -> None:
    backend.down = True
    saved = services.complaints.open_complaint(
        NewComplaint(
            customer_id=1,
            category=ComplaintCategory.FEES,
            severity=Severity.HIGH,
            summary="  Annual fee charged twice  ",
            call_id="call-7",
            flow_run_id="run-3",
            parties=(TicketParty(kind="agent", id="agent09"),),
        )
    )

    (entry,) = _queued(services)
    assert entry.kind == MutationKind.TICKET_CREATE
    payload = entry.payload
    assert (payload["regime"], payload["complaint_type"]) == ("cn", "standard")
    assert payload["regime_override_reason"] == ""
    assert payload["summary"] == "Annual fee charged twice"
    assert (payload["call_id"], payload["flow_run_id"]) == ("call-7", "run-3")
    assert payload["parties"] == [{"kind": "agent", "id": "agent09"}]
    # 1 Oct is a public holiday: the deadline moves to the first working day after it.
    row = services.complaints.row(saved)
    assert row.clock is not None and row.clock.steps[0].due_date == date(2026, 10, 8)
    assert saved.due_at.astimezone(UTC).date() == date(2026, 10, 8)
    assert saved.pending and saved.opened_by == "agent01" and saved.id < 0
    assert [r.ticket.client_id for r in services.complaints.mine()] == [saved.client_id]


def test_a_uk_customers_card_complaint_follows_the_payment_services_clock(
    services: AppServices,
) -> None:
    preview = services.complaints.deadline_for(
        services.complaints.jurisdiction(2), ComplaintCategory.CARDS
    )
    assert (preview.choice.regime, preview.choice.type) == ("uk", "payment-services")
    assert [s.step for s in preview.clock.steps] == ["summary-resolution", "final-response"]


def test_another_regime_without_a_reason_is_refused_at_the_form_and_nothing_is_saved(
    services: AppServices,
) -> None:
    form = NewComplaint(
        customer_id=1,
        category=ComplaintCategory.FEES,
        severity=Severity.LOW,
        summary="x",
        regime="uk",
    )
    with pytest.raises(InputRejected) as refused:
        services.complaints.open_complaint(form)
    assert refused.value.field == "override_reason"
    assert _queued(services) == []

    with pytest.raises(InputRejected) as empty:
        services.complaints.open_complaint(
            NewComplaint(
                customer_id=1, category=ComplaintCategory.FEES, severity=Severity.LOW, summary="   "
            )
        )
    assert empty.value.field == "summary"
    assert _queued(services) == []


def test_the_lists_sort_mine_due_soon_and_breached_by_the_local_clock(
    services: AppServices, clock: Clock
) -> None:
    # Received 1 Sep (CN, 15 days): due 16 Sep; on 13 Sep 80 % is used; on 17 Sep breached.
    opened = datetime(2026, 9, 1, 2, 0, tzinfo=UTC)
    tickets = [
        ticket(1, opened_at=opened, assignee="agent01", team="t1"),
        ticket(2, opened_at=opened + timedelta(days=10), opened_by="agent01", team="t1"),
        ticket(3, opened_at=opened, assignee="agent05", team="t1"),
        ticket(4, opened_at=opened, assignee="agent06", team="t9"),
        ticket(5, opened_at=opened, assignee="agent01", status=TicketStatus.CLOSED),
    ]
    services.sync._cache.open().write(lambda conn: upsert_tickets(conn, tickets))  # noqa: SLF001
    clock.now = datetime(2026, 9, 13, 2, 0, tzinfo=UTC)
    complaints = services.complaints

    assert [r.ticket.id for r in complaints.mine()] == [1, 2]
    assert [r.ticket.id for r in complaints.my_team()] == [3]
    assert {r.ticket.id for r in complaints.due_soon()} == {1, 3, 4}
    assert complaints.breached() == []

    clock.now = datetime(2026, 9, 17, 2, 0, tzinfo=UTC)
    assert {r.ticket.id for r in complaints.breached()} == {1, 3, 4}
    (row,) = [r for r in complaints.breached() if r.ticket.id == 1]
    assert row.state == "breached" and row.alerts[0].days_overdue == 1


def test_my_team_is_the_team_the_server_signed_me_in_with(clock: Clock) -> None:
    backend = TicketBackend(user="sup09", role=Role.SUPERVISOR, team="t9", now=clock)
    made = build_app_services(
        DesktopSettings(backend_url="https://backend.test"),
        AppPaths.from_environment(),
        transport=backend.transport(),
        clock=clock,
        listen=False,
        sync_autostart=False,
    )
    try:
        made.session.login("https://backend.test", "sup09", "pw")
        opened = datetime(2026, 9, 1, 2, 0, tzinfo=UTC)
        tickets = [
            ticket(1, opened_at=opened, assignee="agent01", team="t1"),
            ticket(2, opened_at=opened, assignee="agent06", team="t9"),
        ]
        made.sync._cache.open().write(lambda conn: upsert_tickets(conn, tickets))  # noqa: SLF001
        # A supervisor owns no ticket of the team, and still sees it as theirs to watch.
        assert [r.ticket.id for r in made.complaints.my_team()] == [2]
    finally:
        made.close()


def test_a_move_sends_if_match_and_its_answer_lands_in_the_cache(
    services: AppServices, backend: TicketBackend
) -> None:
    backend.put(ticket(7, assignee="agent01", status=TicketStatus.RESOLVED, version=3))
    complaints = services.complaints
    complaints.refresh(7)

    row = complaints.transition(
        7, TicketStatus.CLOSED, root_cause=RootCause.FEE_DISCLOSURE, resolution="refunded"
    )

    assert ("POST", "/tickets/7/transitions", 'W/"3"') in backend.requests
    assert row.ticket.status == TicketStatus.CLOSED and row.ticket.version == 4
    cached = complaints.ticket(7)
    assert cached is not None and cached.ticket.root_cause == RootCause.FEE_DISCLOSURE


def test_a_stale_ticket_raises_with_the_servers_ticket_and_caches_it(
    services: AppServices, backend: TicketBackend
) -> None:
    backend.put(ticket(8, assignee="agent01", version=1))
    complaints = services.complaints
    complaints.refresh(8)
    backend.bump(8, summary="Changed by the supervisor")

    with pytest.raises(TicketChanged) as changed:
        complaints.add_clock_event(8, "paused", date(2026, 9, 16), "outside appraisal")

    assert changed.value.current is not None
    assert changed.value.current.summary == "Changed by the supervisor"
    cached = complaints.ticket(8)
    assert cached is not None and cached.ticket.version == 2
    # Retried on the server's version, it goes through.
    after = complaints.add_clock_event(8, "paused", date(2026, 9, 16), "outside appraisal")
    assert after.ticket.clock_events == [
        TicketClockEvent(
            kind="paused", on=date(2026, 9, 16), note="outside appraisal", recorded_by="x"
        )
    ]


def test_assignable_people_leave_out_the_agent_complained_about(
    services: AppServices, backend: TicketBackend
) -> None:
    backend.put(ticket(9, parties=[TicketParty(kind="agent", id="agent02")]))
    people = services.complaints.assignable(9)
    assert [p.username for p in people] == ["agent03"]
    row = services.complaints.assign(9, "agent03")
    assert row.ticket.assignee == "agent03"
    assert [a.action for a in services.complaints.activity(9)] == ["assigned"]


def test_a_refusal_names_its_reason_for_the_desk_to_word(
    services: AppServices, backend: TicketBackend
) -> None:
    backend.put(ticket(10, parties=[TicketParty(kind="agent", id="agent02")]))
    with pytest.raises(TicketRefused) as refused:
        services.complaints.assign(10, "agent02")
    assert refused.value.reason == "recusal.party"
    assert backend.tickets[10].assignee == ""


def test_a_pause_not_resumed_yet_moves_the_deadline_a_day_for_each_day_it_lasts(
    services: AppServices, clock: Clock
) -> None:
    # Received 1 Sep (CN): due 16 Sep; paused on 10 Sep for an outside appraisal.
    paused = TicketClockEvent(kind="paused", on=date(2026, 9, 10))
    record = ticket(20, opened_at=datetime(2026, 9, 1, 2, tzinfo=UTC), clock_events=[paused])
    services.sync._cache.open().write(lambda conn: upsert_tickets(conn, [record]))  # noqa: SLF001
    clock.now = datetime(2026, 9, 14, 2, 0, tzinfo=UTC)
    first = services.complaints.ticket(20)
    clock.now = datetime(2026, 9, 15, 2, 0, tzinfo=UTC)
    later = services.complaints.ticket(20)

    assert first is not None and first.clock is not None
    assert later is not None and later.clock is not None
    assert later.clock.steps[0].due_date - first.clock.steps[0].due_date == timedelta(days=1)
    assert first.clock.steps[0].paused_days == 4


def test_a_step_answered_by_a_letter_is_never_shown_overdue(
    services: AppServices, clock: Clock
) -> None:
    # UK, payment services, received Mon 2 Nov: summary resolution due Thu 5 Nov.
    letter = TicketNotice(
        kind=NoticeKind.HOLDING,
        language="en",
        subject="s",
        body="b",
        sent_at=datetime(2026, 11, 3, 10, tzinfo=UTC),
        sent_by="agent01",
    )
    opened = datetime(2026, 11, 2, 10, tzinfo=UTC)
    held = ticket(
        21,
        opened_at=opened,
        regime="uk",
        complaint_type="payment-services",
        notices=[letter],
        assignee="agent01",
    )
    silent = ticket(
        22, opened_at=opened, regime="uk", complaint_type="payment-services", assignee="agent01"
    )
    services.sync._cache.open().write(  # noqa: SLF001
        lambda conn: upsert_tickets(conn, [held, silent])
    )
    clock.now = datetime(2026, 11, 9, 10, tzinfo=UTC)

    assert [r.ticket.id for r in services.complaints.breached()] == [22]
    row = services.complaints.ticket(21)
    assert row is not None and row.answered == {"summary-resolution"}
    assert [a.step for a in row.alerts] == ["final-response"]


def test_a_complaint_from_a_call_carries_its_complaint_intake_run(
    services: AppServices, backend: TicketBackend
) -> None:
    backend.down = True
    profile = services.customers.profile(1)
    run = services.flows.start("complaint_intake", profile, call_id="call-9", queue="complaints")
    saved = services.complaints.open_complaint(
        NewComplaint(
            customer_id=1,
            category=ComplaintCategory.SERVICE_ATTITUDE,
            severity=Severity.MEDIUM,
            summary="Rude on the phone",
            call_id="call-9",
        )
    )
    (entry,) = _queued(services)
    assert entry.payload["flow_run_id"] == run.run_id == saved.flow_run_id
