"""``agentdesk complaints clock``: a complaint's deadlines under a regime, from the command line.

    agentdesk complaints clock --regime uk --type payment-services --received 2026-03-02 \
        --event extended=2026-03-10 [--json]

Prints every step with its due date and the rule in words; ``--json`` gives
``{"steps": [{"step", "due_date", "rule", …}]}``. Bad input (unknown regime, type or event, a
date before receipt, an extension past the maximum) is one clear line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TextIO

from agentdesk.complaint_rules import RulePackError, load_pack, regimes
from agentdesk.domain.complaints.clock import ClockEvent, complaint_clock
from agentdesk.domain.complaints.rules import EVENT_KINDS
from agentdesk.domain.errors import InvalidValue

__all__ = ["add_clock_parser", "run_clock"]


def _types_help() -> str:
    lines = ["complaint types:"]
    for regime in regimes():
        try:
            pack = load_pack(regime)
        except RulePackError as err:
            lines.append(f"  {regime}: (pack not usable: {err.problems[0]})")
            continue
        for name in pack.types:
            kinds = ", ".join(sorted(pack.event_kinds(name)))
            lines.append(f"  {regime} {name}: events {kinds}")
    lines.append(f"event kinds: {', '.join(EVENT_KINDS)}")
    return "\n".join(lines)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _event(text: str) -> ClockEvent:
    kind, sep, day = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"{text!r}: an event is KIND=YYYY-MM-DD")
    if kind not in EVENT_KINDS:
        raise argparse.ArgumentTypeError(
            f"unknown event kind {kind!r}; known: {', '.join(EVENT_KINDS)}"
        )
    return ClockEvent(kind, _day(day))


def add_clock_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    complaints = commands.add_parser("complaints", help="complaint handling")
    sub = complaints.add_subparsers(dest="complaints_command", required=True)
    clock = sub.add_parser(
        "clock",
        help="a complaint's deadlines under a regime's rules",
        epilog=_types_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    clock.add_argument("--regime", required=True, choices=regimes())
    clock.add_argument("--type", required=True, dest="complaint_type", metavar="TYPE")
    clock.add_argument("--received", required=True, type=_day, metavar="YYYY-MM-DD")
    clock.add_argument(
        "--event", action="append", default=[], type=_event, metavar="KIND=YYYY-MM-DD"
    )
    clock.add_argument("--json", action="store_true", help="print JSON")


def run_clock(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        pack = load_pack(args.regime)
        clock = complaint_clock(pack, args.complaint_type, args.received, args.event)
    except RulePackError as exc:
        print(f"agentdesk complaints clock: {exc}", file=err)
        return 2
    except InvalidValue as exc:
        print(f"agentdesk complaints clock: {exc.detail}", file=err)
        return 2
    if args.json:
        steps = [
            {
                "step": s.step,
                "due_date": s.due_date.isoformat(),
                "rule": s.rule,
                "text": {"en": s.text.en, "zh_CN": s.text.zh_CN},
                "paused_days": s.paused_days,
                "extensions": list(s.extensions),
            }
            for s in clock.steps
        ]
        print(json.dumps({"steps": steps, "provisional": clock.provisional}), file=out)
        return 0
    print(
        f"{pack.title.en}: {pack.types[clock.type].title.en}, received {clock.received}", file=out
    )
    for s in clock.steps:
        print(f"  {s.step}: due {s.due_date} ({s.rule}) — {s.text.en}", file=out)
    if clock.provisional:
        print("  provisional: a holiday schedule in this span is not published yet", file=out)
    return 0
