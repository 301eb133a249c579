"""QAction factory: every action gets a shortcut, shown in its menu and in its tooltip; a push
button that stands for an action; a label's text without its mnemonic."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

from ui.kit.naming import named

__all__ = ["action_button", "make_action", "plain_label"]

# A translation's mnemonic as Chinese labels carry it: "用户名(&U)：".
_MNEMONIC = re.compile(r"\(&.\)")


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


def action_button(action: QAction, object_name: str) -> QPushButton:
    """A push button for ``action``: its text with the mnemonic, enabled as the action is."""
    button = named(QPushButton(action.text()), object_name)
    button.setToolTip(action.toolTip())
    button.setAccessibleName(plain_label(action.text()))
    button.clicked.connect(action.trigger)
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    button.setEnabled(action.isEnabled())
    return button


def plain_label(text: str) -> str:
    """A label or button text without its mnemonic, colon or ellipsis: an accessible name, or
    a field named in an error sentence."""
    return _MNEMONIC.sub("", text).replace("&", "").rstrip(":：…").strip()
