"""A rounded label whose colour comes from the theme through dynamic properties.

The stylesheet selects on ``objectName`` and properties (``QLabel#tierBadge[tier="gold"]``);
Qt re-reads a property selector only after a re-polish, which ``set_style_property`` does.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["BadgeWidget", "set_style_property"]


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class BadgeWidget(QLabel):
    def __init__(
        self,
        object_name: str,
        text: str = "",
        parent: QWidget | None = None,
        **properties: object,
    ) -> None:
        super().__init__(text, parent)
        self.setObjectName(object_name)
        for name, value in properties.items():
            self.setProperty(name, value)

    def set_style_property(self, name: str, value: object) -> None:
        set_style_property(self, name, value)
