"""The one locator for ``resources/``: source tree, installed wheel or PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["ResourceNotFound", "resource_path", "resources_root"]


class ResourceNotFound(FileNotFoundError):
    pass


def resources_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "resources"] if bundle else []
    package_parent = Path(__file__).resolve().parent.parent
    candidates += [package_parent / "resources", Path(sys.prefix) / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise ResourceNotFound(f"resources/ not found in {', '.join(map(str, candidates))}")


def resource_path(*parts: str) -> Path:
    """Path of a resource file; raises with the folder's contents listed when it is missing."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        known = sorted(p.name for p in path.parent.iterdir()) if path.parent.is_dir() else []
        raise ResourceNotFound(f"no resource {'/'.join(parts)}; known here: {', '.join(known)}")
    return path
