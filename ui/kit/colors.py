"""Colours that carry meaning in tables (gain, loss, warning, error), chosen by the theme.

Chinese markets read red as a rise and green as a fall; Western ones the other way round. The
theme picks the pair for the language (``ui.kit.theme.value_colors``); models only apply it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QColor

__all__ = ["ValueColors"]


@dataclass(frozen=True)
class ValueColors:
    gain: QColor = field(default_factory=lambda: QColor("#1a7f37"))
    loss: QColor = field(default_factory=lambda: QColor("#c62828"))
    warning: QColor = field(default_factory=lambda: QColor("#b45309"))
    # An error whatever the market's convention (a breached deadline): never swapped.
    error: QColor = field(default_factory=lambda: QColor("#c62828"))
