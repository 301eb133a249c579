"""Themes: QSS partials with tokens, a matching palette, and the colours that carry meaning.

``resources/styles/00_base.qss`` holds the rules with ``@token`` placeholders; a theme partial
(``10_light.qss``, ``20_dark.qss``) defines the tokens as ``@name: value;`` lines. A typo in a
token name fails loudly with the known names, instead of a silently unstyled widget.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from agentdesk.resources import resource_path
from ui.kit.colors import ValueColors

__all__ = ["THEMES", "ThemeError", "apply_theme", "load_stylesheet", "value_colors"]

THEMES: Mapping[str, str] = {"light": "10_light.qss", "dark": "20_dark.qss"}
BASE_PARTIALS = ("00_base.qss",)

_TOKEN_DEF = re.compile(r"^\s*@([a-z][a-z0-9_]*)\s*:\s*([^;]+);\s*$", re.MULTILINE)
_TOKEN_USE = re.compile(r"@([a-z][a-z0-9_]*)")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# CJK needs a font that has the glyphs; Qt falls back through fontconfig, but naming one keeps
# Chinese and Latin text at matching weights on every desktop.
UI_FONT_FAMILIES = [
    "Noto Sans",
    "DejaVu Sans",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
]


class ThemeError(ValueError):
    pass


def theme_tokens(theme: str) -> dict[str, str]:
    if theme not in THEMES:
        raise ThemeError(f"unknown theme {theme!r}; known: {', '.join(THEMES)}")
    text = resource_path("styles", THEMES[theme]).read_text(encoding="utf-8")
    return {name: value.strip() for name, value in _TOKEN_DEF.findall(text)}


def load_stylesheet(theme: str) -> str:
    """The whole stylesheet of ``theme``, tokens substituted."""
    tokens = theme_tokens(theme)
    theme_rules = _TOKEN_DEF.sub("", resource_path("styles", THEMES[theme]).read_text("utf-8"))
    parts = [resource_path("styles", name).read_text(encoding="utf-8") for name in BASE_PARTIALS]
    parts.append(theme_rules)

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in tokens:
            known = ", ".join(sorted(tokens))
            raise ThemeError(f"unknown style token @{name} in theme {theme!r}; known: {known}")
        return tokens[name]

    return "\n".join(_TOKEN_USE.sub(substitute, _COMMENT.sub("", part)) for part in parts)


def _palette(tokens: Mapping[str, str]) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    pairs = {
        role.Window: "window_bg",
        role.WindowText: "text",
        role.Base: "surface",
        role.AlternateBase: "surface_alt",
        role.Text: "text",
        role.Button: "surface",
        role.ButtonText: "text",
        role.Highlight: "accent",
        role.HighlightedText: "accent_text",
        role.ToolTipBase: "surface",
        role.ToolTipText: "text",
        role.PlaceholderText: "text_muted",
        role.Link: "accent",
    }
    for palette_role, token in pairs.items():
        palette.setColor(palette_role, QColor(tokens[token]))
    palette.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor(tokens["text_muted"]))
    palette.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor(tokens["text_muted"]))
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    """The theme's palette and style sheet; the Fusion base style (the same look on every OS,
    which QSS styles predictably) only the first time. Replacing the base style deletes the
    old one while busy progress bars may still be animated by it, which crashes Qt, so a theme
    switch never does (once our style sheet is on, the style reads as nameless)."""
    if not app.styleSheet() and app.style().name() != "fusion":
        app.setStyle("Fusion")
    font = QFont(app.font())
    font.setFamilies(UI_FONT_FAMILIES)
    app.setFont(font)
    app.setPalette(_palette(theme_tokens(theme)))
    app.setStyleSheet(load_stylesheet(theme))


def value_colors(theme: str, language: str) -> ValueColors:
    """Gain/loss colours: red for a rise in Chinese markets, green elsewhere."""
    tokens = theme_tokens(theme)
    up, down = QColor(tokens["success"]), QColor(tokens["danger"])
    if language.startswith("zh"):
        up, down = down, up
    return ValueColors(
        gain=up, loss=down, warning=QColor(tokens["warning"]), error=QColor(tokens["danger"])
    )
