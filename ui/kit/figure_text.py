"""Queue figures in words: each figure's translated name, its value, its tooltip (the formula
with its numbers, as the server computed it: the formula text itself stays as sent), and how it
stands against the queue's target (``good`` / ``warn`` / ``bad``, which the theme colours green,
amber and red).

The agent's softphone bar and the supervisor's queue tiles both use this, so the same figure
reads the same on both desks.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QCoreApplication

from agentdesk.services import FigureInfo

__all__ = [
    "AMBER_MARGIN",
    "Standing",
    "figure_name",
    "figure_tooltip",
    "figure_value_text",
    "longest_wait_standing",
    "service_level_standing",
]

Standing = Literal["good", "warn", "bad", "none"]

# A service level within this share below its target is amber (near the target); further
# below, red. E.g. target 80 %: 80 % and above green, 75–80 % amber, under 75 % red.
AMBER_MARGIN = 0.05


def _t(text: str) -> str:
    return QCoreApplication.translate("QueueFigures", text)


def figure_name(field: str) -> str:
    """The name of a QueueStats / IntervalStats figure (by its field)."""
    names = {
        "waiting": _t("Waiting"),
        "longest_wait": _t("Longest wait"),
        "service_level": _t("Service level (of offered)"),
        "service_level_of_answered": _t("Service level (of answered)"),
        "asa": _t("ASA"),
        "aht": _t("AHT"),
        "abandonment_rate": _t("Abandoned"),
        "occupancy": _t("Occupancy"),
    }
    return names.get(field, field)


def figure_value_text(figure: FigureInfo | None) -> str:
    """ "12", "1:05", "83.3 %"; an undefined figure (nothing to count yet) is a dash."""
    if figure is None or figure.value is None:
        return "\u2014"
    value = figure.value
    if figure.unit == "ratio":
        return f"{value * 100:.1f} %"
    if figure.unit == "seconds":
        seconds = int(round(value))
        minutes, rest = divmod(seconds, 60)
        return f"{minutes}:{rest:02d}"
    return str(int(value))


def figure_tooltip(field: str, figure: FigureInfo | None) -> str:
    """ "Service level (of offered): within 20 s (41) ÷ offered (50) = 82.0 %"."""
    if figure is None:
        return figure_name(field)
    return f"{figure_name(field)}: {figure.formula}"


def service_level_standing(value: float | None, target: float) -> Standing:
    if value is None:
        return "none"
    if value >= target:
        return "good"
    if value >= target - AMBER_MARGIN:
        return "warn"
    return "bad"


def longest_wait_standing(seconds: float | None, threshold_s: float) -> Standing:
    """A call waiting past the service-level threshold is already late: amber up to twice
    the threshold, red beyond."""
    if seconds is None or seconds <= 0:
        return "none"
    if seconds <= threshold_s:
        return "good"
    if seconds <= 2 * threshold_s:
        return "warn"
    return "bad"
