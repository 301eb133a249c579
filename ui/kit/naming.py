"""Object names for widgets made in one expression: ``named(QLabel(), "errorLabel")``.

Qt takes ``objectName=`` as a constructor keyword, but PySide6's type stubs do not declare
property keywords, so the type checker would reject every such call; this keeps the one-line
form and the types.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject

__all__ = ["named"]

Q = TypeVar("Q", bound=QObject)


def named(obj: Q, name: str) -> Q:
    """``obj`` with its object name (styles and tests find it by that name)."""
    obj.setObjectName(name)
    return obj
