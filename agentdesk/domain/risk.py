"""Customer risk profiles (C1–C5) and product risk levels (R1–R5)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

__all__ = ["ProductRisk", "RiskProfile", "assessment_expired"]


class RiskProfile(StrEnum):
    C1 = "C1"  # conservative
    C2 = "C2"
    C3 = "C3"
    C4 = "C4"
    C5 = "C5"  # aggressive

    @property
    def level(self) -> int:
        return int(self.value[1])


class ProductRisk(StrEnum):
    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"

    @property
    def level(self) -> int:
        return int(self.value[1])


def assessment_expired(assessed_on: date, today: date, *, valid_days: int = 365) -> bool:
    """A risk assessment older than ``valid_days`` (a year by regulation) no longer counts."""
    return (today - assessed_on).days > valid_days
