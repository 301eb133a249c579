"""QAction factory: every action gets a shortcut, shown in its menu and in its tooltip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

__all__ = ["make_action"]


def make_action(
    parent: QWidget,
    text: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str,
    tooltip: str,
    slot: Callable[[], object],
    *,
    object_name: str = "",
) -> QAction:
    action = QAction(text, parent)
    sequence = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
    action.setShortcut(sequence)
    action.setShortcutVisibleInContextMenu(True)
    keys = sequence.toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tooltip} ({keys})" if keys else tooltip)
    action.setStatusTip(tooltip)
    if object_name:
        action.setObjectName(object_name)
    action.triggered.connect(slot)
    # Shortcuts must work wherever focus is in the window, not only when a menu is open.
    parent.addAction(action)
    return action
