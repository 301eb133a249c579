"""What a complaint's clock costs: one ticket's clock and alerts from its rule pack and events
(as the desk computes it for each row of the Complaints page, and the server's escalation scan
for each open ticket), per regime and kind of case; and a desk's list of N open tickets against
the time to read those tickets from JSON alone, measured in the same run. Figures, not pass/fail.

    .venv/bin/python bench/complaint_bench.py [--tickets 2000]
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta

from figures import median_seconds

from agentdesk.complaint_rules import load_pack
from agentdesk.contract.sync import TicketRecord
from agentdesk.domain.complaints.alerts import step_alerts
from agentdesk.domain.complaints.clock import ClockEvent, complaint_clock
from agentdesk.domain.complaints.ticket_days import counted_events

RECEIVED = date(2026, 9, 1)
TODAY = date(2026, 9, 20)
CASES: dict[str, tuple[str, str, list[ClockEvent]]] = {
    "cn standard": ("cn", "standard", []),
    "cn extended twice": (
        "cn",
        "standard",
        [
            ClockEvent("extended", date(2026, 9, 10)),
            ClockEvent("further-extended", date(2026, 9, 25)),
        ],
    ),
    "cn open pause + new facts": (
        "cn",
        "standard",
        [ClockEvent("paused", date(2026, 9, 5)), ClockEvent("new-facts", date(2026, 9, 8))],
    ),
    "uk payment services, paused": (
        "uk",
        "payment-services",
        [ClockEvent("paused", date(2026, 9, 3)), ClockEvent("resumed", date(2026, 9, 9))],
    ),
    "us reg-e, provisional credit": (
        "us",
        "reg-e",
        [ClockEvent("provisional-credit", date(2026, 9, 4))],
    ),
}


def _ticket(n: int) -> dict[str, object]:
    opened = datetime(2026, 9, 1, 2, tzinfo=UTC) + timedelta(hours=n % 400)
    return {
        "id": n,
        "reference": f"CMP-{n:05d}",
        "customer_id": n,
        "category": "fees",
        "severity": "medium",
        "status": "investigating",
        "summary": "Annual fee charged twice",
        "opened_at": opened.isoformat(),
        "due_at": (opened + timedelta(days=15)).isoformat(),
        "regime": "cn",
        "complaint_type": "standard",
        "clock_events": [{"kind": "extended", "on": "2026-09-10"}] if n % 3 == 0 else [],
        "updated_at": opened.isoformat(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2000)
    args = parser.parse_args()
    packs = {regime: load_pack(regime) for regime in ("cn", "uk", "us")}

    print("one ticket's clock and alerts (median of 2,000 runs):")
    for name, (regime, kind, events) in CASES.items():

        def one(regime: str = regime, kind: str = kind, events: list[ClockEvent] = events) -> None:
            clock = complaint_clock(packs[regime], kind, RECEIVED, counted_events(events, TODAY))
            step_alerts(clock, TODAY)

        print(f"  {name:<30} {median_seconds(one, 2000) * 1e6:8.1f} µs")

    bodies = [_ticket(n) for n in range(args.tickets)]

    def parse_only() -> None:
        for body in bodies:
            TicketRecord.model_validate(body)

    def parse_and_clock() -> None:
        for body in bodies:
            ticket = TicketRecord.model_validate(body)
            events = [ClockEvent(e.kind, e.on) for e in ticket.clock_events]
            clock = complaint_clock(
                packs[ticket.regime], ticket.complaint_type, RECEIVED, counted_events(events, TODAY)
            )
            step_alerts(clock, TODAY)

    floor = median_seconds(parse_only, 5) * 1000
    listed = median_seconds(parse_and_clock, 5) * 1000
    print(f"a list of {args.tickets:,} open tickets:")
    print(f"  read from JSON only (floor)      {floor:8.1f} ms")
    print(f"  read + clock + alerts per ticket {listed:8.1f} ms  ({listed / floor:.2f}x the floor)")


if __name__ == "__main__":
    main()
