"""What normalising a phone number costs: microseconds per ``normalize_phone`` call, by kind.

Every screen-pop (desktop cache and server lookup), every offered call and every wrap-up that
carries the caller's number goes through it once, and so does each search the agent types.
Prints the best of five timings per kind of input; a figure, not a pass/fail.

    .venv/bin/python bench/phone_normalise.py
"""

from __future__ import annotations

import argparse
import timeit
from collections.abc import Callable

from agentdesk.domain.phones import InvalidPhoneNumber, normalize_phone

KINDS: dict[str, list[str]] = {
    "CN mobile, E.164": ["+8613812345678", "+8618612345678", "+8615912345678"],
    "CN mobile, spelled": ["138 1234 5678", "0086-138-1234-5678", "8613812345678"],
    "CN landline": ["0755 8888 6666", "010-6552 9988", "+86 21 6888 8888"],
    "foreign": ["+44 20 7946 0958", "+1 212 555 0123", "001 212 555 0100"],
    "invalid": ["1234567", "+999 12345678", "120 1234 5678"],
    "search text": ["张伟", "zhang wei", "5678"],
}


def _normalise_all(numbers: list[str]) -> Callable[[], None]:
    def run() -> None:
        for raw in numbers:
            try:
                normalize_phone(raw)
            except InvalidPhoneNumber:
                pass

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--loops", type=int, default=2000, help="calls per timing and input")
    args = parser.parse_args()
    for numbers in KINDS.values():
        _normalise_all(numbers)()  # metadata of the regions used is loaded once, not timed
    for kind, numbers in KINDS.items():
        best = min(timeit.repeat(_normalise_all(numbers), number=args.loops, repeat=5))
        print(f"{kind:<20} {best / (args.loops * len(numbers)) * 1e6:7.1f} µs per number")


if __name__ == "__main__":
    main()
