"""Icons are SVG files in ``resources/icons`` looked up by name.

A typo fails with the list of known names (``agentdesk.resources.resource_path``), instead of
a silently blank button.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from agentdesk.resources import resource_path

__all__ = ["icon"]


def icon(name: str) -> QIcon:
    return QIcon(str(resource_path("icons", f"{name}.svg")))
