"""What a benchmark makes of its timings: percentiles in milliseconds, the median of a step
repeated, the spread of a figure over several runs, and the JSON file the figures are kept in.

Every bench takes a percentile the same way (the sample at the nearest rank of the sorted
samples, the rank rounded as ``round`` does), so the figures of one bench compare with
another's and with those of earlier runs written in the notes.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any


def percentile(samples: Sequence[float], pct: float) -> float | None:
    """The sample ``pct`` percent of the way up the sorted samples; None when there are none."""
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def ms(seconds: float | None, digits: int = 1) -> float | None:
    """Seconds as milliseconds to ``digits`` places; None (no samples) stays None."""
    return None if seconds is None else round(seconds * 1000, digits)


def percentile_ms(samples: Sequence[float], pct: float, digits: int = 1) -> float | None:
    """:func:`percentile` of samples in seconds, in milliseconds to ``digits`` places."""
    return ms(percentile(samples, pct), digits)


def percentiles_ms(samples: Sequence[float]) -> dict[str, Any]:
    """How many samples, and their p50 / p95 / p99 / max in milliseconds (0.1 ms)."""
    return {
        "count": len(samples),
        "p50_ms": percentile_ms(samples, 50),
        "p95_ms": percentile_ms(samples, 95),
        "p99_ms": percentile_ms(samples, 99),
        "max_ms": ms(max(samples) if samples else None),
    }


def median_of_runs(values: Sequence[Any]) -> Any:
    """The median of one figure over the runs: an int for ints (of an even number of runs
    too: counts and rates), else to 3 places."""
    middle = statistics.median(values)
    return round(middle) if all(isinstance(v, int) for v in values) else round(middle, 3)


def spread(results: Sequence[Mapping[str, Any]], keys: Iterable[str]) -> dict[str, Any]:
    """Each of ``keys`` over ``results`` (one per run) as min / median / max: one lucky or
    unlucky run cannot stand for the figure."""
    return {
        key: {
            "min": min(r[key] for r in results),
            "median": median_of_runs([r[key] for r in results]),
            "max": max(r[key] for r in results),
        }
        for key in keys
    }


def median_seconds(step: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``step`` run ``repeat`` times, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def write_result(result: dict[str, Any], out: Path) -> None:
    """Write a bench's result as indented JSON to ``out`` (its folder made when missing), and
    say where."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"wrote {out}")
