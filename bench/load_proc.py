"""CPU and memory of a server's process tree (master and workers) and of its PostgreSQL
backends (none for the floor, which has no database), sampled from ``/proc`` by a thread of the
bench, for ``make bench-load``.

The tree is found again at every sample (``/proc/<pid>/stat``'s parent ids), so workers that a
master starts or replaces are counted; the figures of a window are the difference of the
samples nearest inside it.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from supervisor_world import postgres_cpu_seconds

_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _stat(pid: int) -> tuple[int, float, int]:
    """Parent id, user + system CPU seconds, resident bytes."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS, int(fields[21]) * _PAGE


def tree(root: int) -> tuple[int, float, int]:
    """How many processes, their CPU seconds and their resident bytes: ``root`` and all its
    descendants."""
    stats: dict[int, tuple[int, float, int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stats[int(entry.name)] = _stat(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            found.append(pid)
            todo.extend(children.get(pid, []))
    return len(found), sum(stats[p][1] for p in found), sum(stats[p][2] for p in found)


class TreeSampler:
    """Samples ``tree(pid)`` and the PostgreSQL backends of ``database`` (None: no database)
    every ``every`` s."""

    def __init__(self, pid: int, database: str | None, every: float = 0.5) -> None:
        self.pid = pid
        self.database = database
        self.every = every
        self.samples: list[tuple[float, int, float, int, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-load-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._sample()

    def _sample(self) -> None:
        try:
            count, cpu, rss = tree(self.pid)
        except OSError:
            return
        postgres = 0.0 if self.database is None else postgres_cpu_seconds(self.database)
        self.samples.append((time.time(), count, cpu, rss, postgres))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.every)

    def between(self, start: float, end: float) -> dict[str, Any]:
        inside = [s for s in self.samples if start <= s[0] <= end] or self.samples
        first, last = inside[0], inside[-1]
        span = max(last[0] - first[0], 1e-9)
        return {
            "processes": max(s[1] for s in inside),
            "cpu_share_of_one_core": round((last[2] - first[2]) / span, 2),
            "rss_mb": round(max(s[3] for s in inside) / 2**20, 1),
            "postgres_cpu_share_of_one_core": round((last[4] - first[4]) / span, 2),
            "window_s": round(span, 1),
        }
