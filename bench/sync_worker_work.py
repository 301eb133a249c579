"""What the sync benchmark (sync_bench.py) runs on a spawned worker process, in a module of its
own: the worker imports this, and not the benchmark with the desk and the backend it imports."""

from __future__ import annotations

import time

from agentdesk.client.changes_page import parse_changes


def validate(pages: list[bytes]) -> tuple[float, float]:
    """Validate ``pages`` as the sync does; (seconds, CPU seconds)."""
    started, cpu = time.perf_counter(), time.process_time()
    for page in pages:
        parse_changes(page)
    return time.perf_counter() - started, time.process_time() - cpu
