"""The Qt half of ``agentdesk self-test``: Qt version, platform plugin, application, SVG support.

The core loads this module by name (it never imports PySide6), so a server-only host without
the ``gui`` extra gets a warning instead of an import error. Each check returns
``(level, text)`` with level ``"ok"``, ``"warn"`` or ``"fail"``; the core prints them.

A platform plugin that cannot load makes Qt abort the whole process when the application is
created, so the plugin is first loaded with ``QLibrary`` (which reports the missing system
library instead of aborting) and the application is created only when that succeeded.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QByteArray, QCoreApplication, QLibrary, QLibraryInfo, qVersion
from PySide6.QtGui import QGuiApplication, QImage, QImageReader

__all__ = ["run_checks"]

Check = tuple[str, str]

_TINY_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
    b'<rect width="8" height="8" fill="#0a5"/></svg>'
)


def _requested_platform() -> str:
    """The platform plugin Qt will pick: QT_QPA_PLATFORM first, else the OS default."""
    requested = os.environ.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        return requested.split(";")[0].split(":")[0]
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "cocoa"
    return "wayland" if os.environ.get("WAYLAND_DISPLAY") else "xcb"


def _plugin_dirs() -> list[Path]:
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))]
    dirs += [Path(p) for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    dirs += [Path(p) for p in QCoreApplication.libraryPaths()]
    return dirs


def _find_platform_plugin(name: str) -> Path | None:
    for folder in _plugin_dirs():
        platforms = folder / "platforms"
        if not platforms.is_dir():
            continue
        for candidate in sorted(platforms.iterdir()):
            stem = candidate.name.split(".")[0]
            if stem in {f"libq{name}", f"q{name}"}:
                return candidate
    return None


def _check_platform(name: str) -> tuple[Check, bool]:
    plugin = _find_platform_plugin(name)
    if plugin is None:
        searched = ", ".join(str(p / "platforms") for p in _plugin_dirs())
        return ("fail", f"platform plugin '{name}' not found (searched {searched})"), False
    library = QLibrary(str(plugin))
    if not library.load():
        return ("fail", f"platform plugin '{name}' does not load: {library.errorString()}"), False
    if name == "xcb" and not os.environ.get("DISPLAY"):
        return (
            "fail",
            "platform 'xcb' needs an X display and DISPLAY is unset; "
            "on a headless machine run with QT_QPA_PLATFORM=offscreen",
        ), False
    if name == "wayland" and not os.environ.get("WAYLAND_DISPLAY"):
        return ("fail", "platform 'wayland' needs WAYLAND_DISPLAY"), False
    return ("ok", f"platform plugin '{name}' loads ({plugin.name})"), True


def _application() -> QGuiApplication:
    existing = QCoreApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:  # QtWidgets is part of PySide6-Essentials; this is belt and braces
        return QGuiApplication(["agentdesk-self-test"])
    return QApplication(["agentdesk-self-test"])


def _check_svg() -> Check:
    formats = {bytes(f.data()).decode().lower() for f in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        return ("fail", "SVG image format plugin (imageformats/qsvg) is missing: icons cannot show")
    # PySide6's stub types the format as bytes; at run time only str is accepted.
    image = QImage.fromData(QByteArray(_TINY_SVG), "SVG")  # type: ignore[arg-type]
    if image.isNull() or image.width() != 8:
        return ("fail", "SVG image format plugin is present but cannot render an SVG")
    return ("ok", "SVG image format plugin renders")


# PySide6 releases that lose references to Python's singletons, with the first CPython on which
# those singletons are immortal (so the loss is harmless). On older interpreters the process
# aborts (bool_dealloc / none_dealloc) after enough signals. pyproject.toml excludes them.
_KNOWN_BAD_BINDINGS: dict[str, tuple[int, int]] = {
    "6.12.0": (3, 12),
}


def _check_binding(version: str, python: tuple[int, int]) -> Check:
    label = f"Qt {qVersion()} (PySide6 {version})"
    harmless_from = _KNOWN_BAD_BINDINGS.get(version)
    if harmless_from is None or python >= harmless_from:
        return ("ok", label)
    return (
        "fail",
        f"PySide6 {version} on Python {python[0]}.{python[1]} drops references to True and "
        "None on every signal and crashes the application; install another release "
        f"(pip install 'PySide6-Essentials!={version}')",
    )


def run_checks() -> list[Check]:
    checks: list[Check] = [_check_binding(PySide6.__version__, sys.version_info[:2])]
    platform, loadable = _check_platform(_requested_platform())
    checks.append(platform)
    if not loadable:
        return checks
    app = _application()
    kind = type(app).__name__
    checks.append(("ok", f"{kind} created on platform '{QGuiApplication.platformName()}'"))
    checks.append(_check_svg())
    return checks
