"""The complaint clock against dates worked out by hand from the official calendars.

PRC: State Council notices on the 2025 and 2026 holidays (调休: make-up working days count).
England and Wales: gov.uk bank holidays. US: the Federal Reserve's holiday schedule (a holiday
on a Saturday is not moved to the Friday, unlike the federal government's observance).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from agentdesk.complaint_rules import load_pack
from agentdesk.domain.complaints.calendars import calendar
from agentdesk.domain.complaints.clock import ClockEvent, complaint_clock
from agentdesk.domain.errors import InvalidValue

D = date.fromisoformat


def due(regime: str, kind: str, received: str, *events: str) -> dict[str, str]:
    evs = [ClockEvent(e.split("=")[0], D(e.split("=")[1])) for e in events]
    clock = complaint_clock(load_pack(regime), kind, D(received), evs)
    return {s.step: s.due_date.isoformat() for s in clock.steps}


CASES = [
    # --- PRC, 15 calendar days, a deadline on a non-working day rolls forward ---
    # plain: 20 Jan + 15 = 4 Feb 2026, a Wednesday
    ("cn", "standard", "2026-01-20", (), {"decision": "2026-02-04"}),
    # 1 Feb + 15 = 16 Feb, Spring Festival (15–23 Feb off) → Tue 24 Feb
    ("cn", "standard", "2026-02-01", (), {"decision": "2026-02-24"}),
    # 30 Jan + 15 = Sat 14 Feb, a make-up working day (调休) → stays
    ("cn", "standard", "2026-01-30", (), {"decision": "2026-02-14"}),
    # 13 Feb + 15 = Sat 28 Feb, the second make-up working day → stays
    ("cn", "standard", "2026-02-13", (), {"decision": "2026-02-28"}),
    # 20 Sep + 15 = 5 Oct, National Day (1–7 Oct off) → Thu 8 Oct
    ("cn", "standard", "2026-09-20", (), {"decision": "2026-10-08"}),
    # 25 Sep + 15 = Sat 10 Oct, make-up working day → stays
    ("cn", "standard", "2026-09-25", (), {"decision": "2026-10-10"}),
    # 10 Sep + 15 = Fri 25 Sep, Mid-Autumn Festival; 26–27 weekend → Mon 28 Sep
    ("cn", "standard", "2026-09-10", (), {"decision": "2026-09-28"}),
    # 15 Jan 2025 + 15 = 30 Jan, Spring Festival 2025 (28 Jan–4 Feb off) → Wed 5 Feb
    ("cn", "standard", "2025-01-15", (), {"decision": "2025-02-05"}),
    # 11 Jan 2025 + 15 = Sun 26 Jan 2025, make-up working day → stays
    ("cn", "standard", "2025-01-11", (), {"decision": "2025-01-26"}),
    # 20 Sep 2025 + 15 = 5 Oct, National Day 2025 (1–8 Oct off) → Thu 9 Oct
    ("cn", "standard", "2025-09-20", (), {"decision": "2025-10-09"}),
    # 26 Sep 2025 + 15 = Sat 11 Oct 2025, make-up working day → stays
    ("cn", "standard", "2025-09-26", (), {"decision": "2025-10-11"}),
    # extended: 2 Mar + 30 = Wed 1 Apr
    ("cn", "standard", "2026-03-02", ("extended=2026-03-10",), {"decision": "2026-04-01"}),
    # extended: 5 Apr + 30 = 5 May, Labour Day (1–5 May off) → Wed 6 May
    ("cn", "standard", "2026-04-05", ("extended=2026-04-15",), {"decision": "2026-05-06"}),
    # further extended with head-office approval: 2 Mar + 60 = 1 May, Labour Day → Wed 6 May
    (
        "cn",
        "standard",
        "2026-03-02",
        ("extended=2026-03-10", "further-extended=2026-03-25"),
        {"decision": "2026-05-06"},
    ),
    # further extended: 10 Jul + 60 = Tue 8 Sep, a working day
    (
        "cn",
        "standard",
        "2026-07-10",
        ("extended=2026-07-20", "further-extended=2026-08-01"),
        {"decision": "2026-09-08"},
    ),
    # extended across Spring Festival: 1 Feb + 30 = Tue 3 Mar
    ("cn", "standard", "2026-02-01", ("extended=2026-02-05",), {"decision": "2026-03-03"}),
    # new facts on 10 Mar restart the 15 days: Wed 25 Mar
    ("cn", "standard", "2026-03-02", ("new-facts=2026-03-10",), {"decision": "2026-03-25"}),
    # new facts on 1 Feb 2026: 16 Feb (holiday) → Tue 24 Feb
    ("cn", "standard", "2026-01-26", ("new-facts=2026-02-01",), {"decision": "2026-02-24"}),
    # paused 5–7 Mar (resumed 8th): 3 days added to 17 Mar → Fri 20 Mar
    (
        "cn",
        "standard",
        "2026-03-02",
        ("paused=2026-03-05", "resumed=2026-03-08"),
        {"decision": "2026-03-20"},
    ),
    # paused 12–15 Sep (4 days): 25 Sep + 4 = Tue 29 Sep, a working day
    (
        "cn",
        "standard",
        "2026-09-10",
        ("paused=2026-09-12", "resumed=2026-09-16"),
        {"decision": "2026-09-29"},
    ),
    # --- England and Wales ---
    # summary resolution, 3 business days from Wed 1 Apr 2026: Thu 2, (Good Friday 3, weekend,
    # Easter Monday 6) Tue 7, Wed 8
    (
        "uk",
        "standard",
        "2026-04-01",
        (),
        {"summary-resolution": "2026-04-08", "final-response": "2026-05-27"},
    ),
    # received Fri 6 Mar: Mon 9, Tue 10, Wed 11; 8 weeks = Fri 1 May
    (
        "uk",
        "standard",
        "2026-03-06",
        (),
        {"summary-resolution": "2026-03-11", "final-response": "2026-05-01"},
    ),
    # Wed 23 Dec 2026: Thu 24, (25, weekend, 28 Boxing Day observed) Tue 29, Wed 30;
    # 8 weeks = Wed 17 Feb 2027
    (
        "uk",
        "standard",
        "2026-12-23",
        (),
        {"summary-resolution": "2026-12-30", "final-response": "2027-02-17"},
    ),
    # Wed 24 Dec 2025: (25, 26, weekend) Mon 29, Tue 30, Wed 31; 8 weeks = Wed 18 Feb 2026
    (
        "uk",
        "standard",
        "2025-12-24",
        (),
        {"summary-resolution": "2025-12-31", "final-response": "2026-02-18"},
    ),
    # 8 weeks from Mon 9 Mar = Mon 4 May, Early May bank holiday: DISP counts weeks, no roll
    (
        "uk",
        "standard",
        "2026-03-09",
        (),
        {"summary-resolution": "2026-03-12", "final-response": "2026-05-04"},
    ),
    # payment services 15 business days from Mon 30 Mar 2026 over Easter → Wed 22 Apr
    (
        "uk",
        "payment-services",
        "2026-03-30",
        (),
        {"summary-resolution": "2026-04-02", "final-response": "2026-04-22"},
    ),
    # extended to 35 business days from Mon 2 Mar: Easter skipped → Wed 22 Apr
    (
        "uk",
        "payment-services",
        "2026-03-02",
        ("extended=2026-03-20",),
        {"summary-resolution": "2026-03-05", "final-response": "2026-04-22"},
    ),
    # 15 business days from Mon 1 Jun = Mon 22 Jun; paused 8–9 Jun (2 business days) → Wed 24
    (
        "uk",
        "payment-services",
        "2026-06-01",
        ("paused=2026-06-08", "resumed=2026-06-10"),
        {"summary-resolution": "2026-06-04", "final-response": "2026-06-24"},
    ),
    # 15 business days from Fri 15 May 2026: Spring bank holiday 25 May skipped → Mon 8 Jun
    (
        "uk",
        "payment-services",
        "2026-05-15",
        (),
        {"summary-resolution": "2026-05-20", "final-response": "2026-06-08"},
    ),
    # --- United States (Federal Reserve calendar) ---
    # Reg E 10 business days from Wed 14 Jan 2026: MLK Day 19 Jan skipped → Thu 29 Jan
    ("us", "reg-e", "2026-01-14", (), {"investigation": "2026-01-29"}),
    # from Mon 29 Jun 2026: 4 July is a Saturday, the Fed is open Fri 3 July → Mon 13 Jul
    ("us", "reg-e", "2026-06-29", (), {"investigation": "2026-07-13"}),
    # from Fri 20 Nov 2026: Thanksgiving 26 Nov skipped, the Fed is open the 27th → Mon 7 Dec
    ("us", "reg-e", "2026-11-20", (), {"investigation": "2026-12-07"}),
    # from Mon 16 Jun 2025: Juneteenth Thu 19 Jun skipped → Tue 1 Jul
    ("us", "reg-e", "2025-06-16", (), {"investigation": "2025-07-01"}),
    # provisional credit: 45 calendar days from 14 Jan = Sat 28 Feb (no roll)
    (
        "us",
        "reg-e",
        "2026-01-14",
        ("provisional-credit=2026-01-27",),
        {"investigation": "2026-02-28"},
    ),
    # new account / POS / foreign: 90 days from 14 Jan = Tue 14 Apr
    (
        "us",
        "reg-e",
        "2026-01-14",
        ("provisional-credit=2026-01-27", "further-extended=2026-01-27"),
        {"investigation": "2026-04-14"},
    ),
    # paused 20–21 Jan (2 business days): Thu 29 Jan + 2 business days → Mon 2 Feb
    (
        "us",
        "reg-e",
        "2026-01-14",
        ("paused=2026-01-20", "resumed=2026-01-22"),
        {"investigation": "2026-02-02"},
    ),
    # Reg Z: acknowledge in 30 days, resolve in 90 days (14 Jan → 13 Feb, 14 Apr)
    ("us", "reg-z", "2026-01-14", (), {"acknowledgment": "2026-02-13", "resolution": "2026-04-14"}),
    # Reg Z across a year end: 1 Nov 2025 → 1 Dec 2025, 30 Jan 2026
    ("us", "reg-z", "2025-11-01", (), {"acknowledgment": "2025-12-01", "resolution": "2026-01-30"}),
    # CFPB 15 days: 20 Mar → Sat 4 Apr (no roll); no final step until "in progress"
    ("us", "cfpb", "2026-03-20", (), {"response": "2026-04-04"}),
    # in progress: final response within 60 days: 20 Mar → 19 May
    (
        "us",
        "cfpb",
        "2026-03-20",
        ("in-progress=2026-04-03",),
        {"response": "2026-04-04", "final-response": "2026-05-19"},
    ),
    # CFPB over a leap-free February: 10 Feb + 15 = 25 Feb; +60 = Sat 11 Apr
    (
        "us",
        "cfpb",
        "2026-02-10",
        ("in-progress=2026-02-20",),
        {"response": "2026-02-25", "final-response": "2026-04-11"},
    ),
    # CFPB over 2028's leap day: 20 Feb 2028 + 15 = 6 Mar 2028
    ("us", "cfpb", "2028-02-20", (), {"response": "2028-03-06"}),
]


@pytest.mark.parametrize(("regime", "kind", "received", "events", "expected"), CASES)
def test_dated_cases(
    regime: str, kind: str, received: str, events: tuple[str, ...], expected: dict[str, str]
) -> None:
    assert due(regime, kind, received, *events) == expected


def test_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


def test_the_rule_that_set_each_date_is_named() -> None:
    clock = complaint_clock(
        load_pack("cn"), "standard", D("2026-03-02"), [ClockEvent("extended", D("2026-03-10"))]
    )
    (step,) = clock.steps
    assert step.rule == "cn.standard.decision.extended" and step.extensions == ("extended",)
    assert "30" in step.text.en and "30日" in step.text.zh_CN


def test_a_year_without_a_published_schedule_is_provisional() -> None:
    # 2026's PRC schedule is published; 2027's is not in the calendar yet
    assert not complaint_clock(load_pack("cn"), "standard", D("2026-06-01")).provisional
    late = complaint_clock(load_pack("cn"), "standard", D("2026-12-25"))
    assert late.steps[0].due_date == D("2027-01-11") and late.provisional
    assert not complaint_clock(load_pack("uk"), "standard", D("2027-06-01")).provisional


@pytest.mark.parametrize(
    ("regime", "kind", "events", "said"),
    [
        ("cn", "standard", ("extended=2026-03-05", "extended=2026-03-06"), "past the maximum"),
        ("cn", "standard", ("further-extended=2026-03-05",), "needs extended before it"),
        (
            "cn",
            "standard",
            ("extended=2026-03-05", "further-extended=2026-03-06", "further-extended=2026-03-07"),
            "past the maximum of 60",
        ),
        (
            "uk",
            "payment-services",
            ("extended=2026-03-05", "extended=2026-03-06"),
            "past the maximum of 35",
        ),
        ("cn", "standard", ("extended=2026-02-27",), "before receipt"),
        ("uk", "standard", ("extended=2026-03-05",), "does not apply to uk standard"),
        ("us", "reg-e", ("paused=2026-03-05",), "never resumed"),
        ("us", "reg-e", ("resumed=2026-03-05",), "without a pause"),
    ],
)
def test_refused_events(regime: str, kind: str, events: tuple[str, ...], said: str) -> None:
    with pytest.raises(InvalidValue, match=said) as refused:
        due(regime, kind, "2026-03-01", *events)
    assert refused.value.code.startswith("complaint.")
    assert [issue.field for issue in refused.value.fields] == ["event"]


def test_unknown_type_is_refused() -> None:
    with pytest.raises(InvalidValue, match="known: cfpb, reg-e, reg-z"):
        complaint_clock(load_pack("us"), "mortgage", D("2026-03-01"))


# --- properties ---

DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 10, 1))
BUSINESS = [("uk", "payment-services", "final-response"), ("us", "reg-e", "investigation")]


def _working_days_after(cal_name: str, start: date, n: int) -> date:
    cal, day = calendar(cal_name), start
    while n:
        day += timedelta(days=1)
        n -= cal.is_working_day(day)
    return day


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(BUSINESS), DAYS, st.integers(1, 10), st.integers(1, 6))
def test_a_pause_of_n_working_days_moves_the_deadline_by_n_working_days(
    which: tuple[str, str, str], received: date, offset: int, n: int
) -> None:
    regime, kind, step = which
    pack = load_pack(regime)
    before = due(regime, kind, received.isoformat())[step]
    # a pause starting on a working day inside the clock, covering n working days
    paused = _working_days_after(pack.calendar, received, offset)
    assume(paused < D(before))
    resumed = _working_days_after(pack.calendar, paused, n)
    after = due(regime, kind, received.isoformat(), f"paused={paused}", f"resumed={resumed}")
    assert D(after[step]) == _working_days_after(pack.calendar, D(before), n)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(
        [
            ("cn", "standard"),
            ("uk", "standard"),
            ("uk", "payment-services"),
            ("us", "cfpb"),
            ("us", "reg-e"),
            ("us", "reg-z"),
        ]
    ),
    DAYS,
)
def test_a_deadline_never_falls_before_receipt(kind: tuple[str, str], received: date) -> None:
    for day in due(kind[0], kind[1], received.isoformat()).values():
        assert D(day) > received


@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(0, 40), st.booleans(), st.integers(0, 10))
def test_a_restart_never_shortens_the_clock(
    received: date, later: int, extended: bool, pause: int
) -> None:
    events = [f"extended={received}"] if extended else []
    if pause:
        events += [f"paused={received}", f"resumed={received + timedelta(days=pause)}"]
    before = due("cn", "standard", received.isoformat(), *events)["decision"]
    facts = received + timedelta(days=later)
    after = due("cn", "standard", received.isoformat(), *events, f"new-facts={facts}")
    assert after["decision"] >= before
