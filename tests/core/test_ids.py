"""The ids a desk makes for its offline writes: UUIDv7, in the order they were made, so that
a backend's unique indexes take a batch of them together (contract/ids.py)."""

from __future__ import annotations

import time
import uuid

from hypothesis import given
from hypothesis import strategies as st

from agentdesk.contract import ids


def test_an_id_is_a_uuid7_of_the_millisecond_it_was_made() -> None:
    before = time.time_ns() // 1_000_000
    made = ids.new_id()
    after = time.time_ns() // 1_000_000
    value = uuid.UUID(made)
    assert made == value.hex and value.version == 7 and value.variant == uuid.RFC_4122
    assert before <= value.int >> 80 <= after
    assert ids.time_ordered(made)


def test_ids_made_one_after_another_sort_in_that_order_by_their_time() -> None:
    made = [ids.new_id()]
    millis = {made[0][:12]}
    while len(millis) < 3:  # across three milliseconds at least, so that order is put to test
        made.append(ids.new_id())
        millis.add(made[-1][:12])
    times = [value[:12] for value in made]
    assert times == sorted(times) and len(set(made)) == len(made)


@given(st.uuids(version=4))
def test_a_random_uuid_is_not_taken_for_a_time_ordered_one(value: uuid.UUID) -> None:
    assert not ids.time_ordered(value.hex)
