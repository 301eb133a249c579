"""Complaint clocks: when a complaint must be decided, from when it was opened.

Pure: the opening time is passed in, nothing reads a clock. Only the Chinese regime's basic
rule is here so far (银行业保险业消费投诉处理管理办法: decide within 15 calendar days of
receipt); rule packs with business days, holidays and extensions replace it with the
complaints work.
"""

from __future__ import annotations

from datetime import datetime, timedelta

__all__ = ["CN_DECISION_DAYS", "UnknownRegime", "due_at"]

CN_DECISION_DAYS = 15


class UnknownRegime(ValueError):
    """No clock is known for this regulatory regime."""


def due_at(opened_at: datetime, regime: str = "cn") -> datetime:
    """The decision deadline of a complaint opened at ``opened_at`` under ``regime``."""
    if regime == "cn":
        return opened_at + timedelta(days=CN_DECISION_DAYS)
    raise UnknownRegime(f"no complaint clock for regime {regime!r}")
