"""What the floor of ``make bench-load`` answers (``load_floor``): AgentDesk's answers to the
desks' calls, built once with the contract's models in the shape and about the size of the real
ones (a bench world's, as seen on the wire), so the desks parse them as they parse AgentDesk's.

The ``queue.stats`` board is the server's own (``queue_board`` over the bench's queues, no legs
yet), padded to the size of a real one at 1,000 desks: its figures' formulas grow with the
hour's calls, which the floor does not have.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from agentdesk.config.telephony import TelephonySettings
from agentdesk.contract.customers import CustomerLookup, CustomerProfile, CustomerSummary
from agentdesk.contract.holdings import Account, AccountKind, Card, Holdings
from agentdesk.contract.interactions import Channel, Interaction
from agentdesk.contract.sync import TicketRecord
from agentdesk.contract.telephony import AgentCallState, AgentPresenceInfo
from agentdesk.contract.tickets import ComplaintCategory, Severity
from agentdesk.domain.complaints.lifecycle import TicketStatus
from agentdesk.domain.presence import Action, AgentState, NotReadyReason
from agentdesk.domain.queue_stats import Window
from agentdesk.domain.risk import RiskProfile
from agentdesk.domain.tiers import Tier
from agentdesk.server.telephony.board import queue_board
from agentdesk.server.telephony.switchboard import TelephonyConfig

__all__ = ["DESK", "TEAM", "Bodies", "bodies"]

DESK = "b0001"  # the username the canned bodies name (the floor knows no desk's name)
TEAM = "t01"
QUEUE_STATS_BYTES = 43_000  # a real queue.stats at 1,000 desks, the bench's 20 queues
_PHONE = "+8618937286722"


@dataclass(frozen=True)
class Bodies:
    """The floor's answers: JSON bytes where they never change, records where an id does."""

    presence: dict[str, bytes]  # POST /telephony/presence, by the state asked
    lookup: bytes  # GET /customers/lookup
    profile: bytes  # GET /customers/{id}: the 360
    interaction: dict[str, Any]  # a pushed wrap-up's record, and a change of /sync/changes
    ticket: TicketRecord  # a created, read or updated ticket (its id and version set)
    queue_stats: dict[str, Any]  # the board a desk gets every few seconds (``at`` set)


def _presence(state: AgentState, now: datetime, queues: list[str]) -> bytes:
    ready = state is AgentState.READY
    answer = AgentCallState(
        at=now,
        presence=AgentPresenceInfo(
            username=DESK,
            state=state,
            since=now,
            reason=None if ready else NotReadyReason.BREAK,
            skills=sorted(queues),
            team=TEAM,
        ),
        allowed_actions=[Action.GO_NOT_READY, Action.LOG_OUT]
        if ready
        else [Action.GO_NOT_READY, Action.GO_READY, Action.LOG_OUT],
    )
    return answer.model_dump_json().encode()


def _summary(now: datetime) -> CustomerSummary:
    return CustomerSummary(
        id=54,
        cif="620414567901",
        name="朱洁娟",
        name_pinyin="zhu jie juan",
        tier=Tier.MASS,
        risk_profile=RiskProfile.C1,
        risk_assessed_on=now.date(),
        phone_masked="+86 189****6722",
    )


def _history(now: datetime) -> list[Interaction]:
    """The 360's recent contacts (six, as a seeded customer's)."""
    return [
        Interaction(
            id=185 - n,
            customer_id=54,
            channel=Channel.PHONE_IN,
            started_at=now - timedelta(days=40 * (n + 1)),
            ended_at=now - timedelta(days=40 * (n + 1)) + timedelta(minutes=6),
            agent="agent03",
            queue="retail",
            reason="transfer_issue",
            wrap_up_code="resolved",
            notes="跨行转账未到账，已说明到账时间",
        )
        for n in range(6)
    ]


def _profile(now: datetime) -> CustomerProfile:
    summary = _summary(now)
    return CustomerProfile(
        **summary.model_dump(),
        language="zh",
        birth_year=1976,
        id_number_masked="3702**********6745",
        email_masked="z***********@foxmail.com",
        phones_masked=[summary.phone_masked],
        aum=Decimal("102883.49"),
        yearly_revenue=Decimal("887.58"),
        segments=["age:45-54", "e-channel:low", "mix:deposit+credit"],
        relationship_manager="",
        marketing_consent=False,
        do_not_call=False,
        holdings=Holdings(
            accounts=[
                Account(
                    id=98,
                    kind=AccountKind.SAVINGS,
                    number_masked="***************5472",
                    currency="CNY",
                    balance=Decimal("50694.03"),
                ),
                Account(
                    id=99,
                    kind=AccountKind.CURRENT,
                    number_masked="***************2288",
                    currency="CNY",
                    balance=Decimal("52189.46"),
                ),
            ],
            cards=[
                Card(
                    id=75,
                    kind="credit",
                    product="全币种旅行卡",
                    pan_masked="************0327",
                    status="active",
                    credit_limit=Decimal("80000.00"),
                )
            ],
        ),
        recent_interactions=_history(now),
        open_tickets=[],
    )


def _wrap_up(now: datetime) -> Interaction:
    return Interaction(
        id=964,
        customer_id=240,
        channel=Channel.PHONE_IN,
        started_at=now - timedelta(minutes=4),
        ended_at=now,
        agent=DESK,
        queue="general",
        reason="balance_enquiry",
        wrap_up_code="resolved",
        notes="bench-load",
        phone_e164="+8675557454484",
        client_id="ce9c6fb8865c4d74b26b7abf3623a49e",
        call_id="call-7e98b78da1fc4de5",
    )


def _ticket(now: datetime) -> TicketRecord:
    return TicketRecord(
        id=1,
        reference="CMP-202612-0000014",
        customer_id=29,
        category=ComplaintCategory.FEES,
        severity=Severity.LOW,
        status=TicketStatus.NEW,
        summary="Charged twice for a transfer",
        opened_at=now,
        due_at=now + timedelta(days=15),
        description="bench-load",
        team=TEAM,
        opened_by=DESK,
        received_on=now.date(),
        client_id="683fa1ec9a534c0da55ef1e0157e04fd",
        updated_at=now,
    )


def _queue_stats(telephony: TelephonySettings, now: datetime) -> dict[str, Any]:
    """The board as the switchboard publishes it to the desks (the queues' figures, not the
    agents' lines), padded to ``QUEUE_STATS_BYTES``."""
    config = TelephonyConfig.from_settings(telephony)
    board = queue_board(
        [],
        {queue.name: queue.service_level for queue in config.queues},
        {queue.name: queue.required_skill for queue in config.queues},
        [],
        window=Window(now - config.stats_window, now),
        now=now,
    )
    data = board.model_dump(mode="json", exclude={"agents"})
    size = len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
    data["padding"] = "." * max(0, QUEUE_STATS_BYTES - size - len(',"padding":""'))
    return data


def bodies(telephony: TelephonySettings, now: datetime) -> Bodies:
    """The floor's answers, made at ``now`` for the queues of ``telephony``."""
    return Bodies(
        presence={
            state.value: _presence(state, now, telephony.queues)
            for state in (AgentState.READY, AgentState.NOT_READY)
        },
        lookup=CustomerLookup(phone_e164=_PHONE, matches=[_summary(now)])
        .model_dump_json()
        .encode(),
        profile=_profile(now).model_dump_json().encode(),
        interaction=_wrap_up(now).model_dump(mode="json"),
        ticket=_ticket(now),
        queue_stats=_queue_stats(telephony, now),
    )
