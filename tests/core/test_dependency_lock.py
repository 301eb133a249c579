"""The lock the bundle is built from (requirements/bundle.lock) pins every dependency that
pyproject.toml declares, inside the declared range, and .venv holds those pins: a dependency
added without `make lock`, or a package changed by hand, fails here rather than in a build."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "bundle.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _pins() -> dict[NormalizedName, Version]:
    found = (_PIN.match(line) for line in LOCK.read_text(encoding="utf-8").splitlines())
    return {canonicalize_name(m[1]): Version(m[2]) for m in found if m}


def _declared() -> Iterator[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for text in project["dependencies"]:
        yield Requirement(text)
    for extra in project["optional-dependencies"].values():
        for text in extra:
            yield Requirement(text)


def test_the_lock_pins_every_declared_dependency_inside_its_range() -> None:
    pins = _pins()
    missing: list[str] = []
    outside: list[str] = []
    for requirement in _declared():
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue  # for another Python than the lock's
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            missing.append(requirement.name)
        elif not requirement.specifier.contains(pin, prereleases=True):
            outside.append(f"{requirement} (locked: {pin})")
    assert not missing and not outside, (
        f"run `make lock`: not in {LOCK.name}: {missing}; locked outside the range: {outside}"
    )


def test_the_environment_holds_exactly_the_locked_versions() -> None:
    differ: list[str] = []
    for name, pin in sorted(_pins().items()):
        try:
            installed = Version(version(name))
        except PackageNotFoundError:
            differ.append(f"{name}: not installed (locked {pin})")
            continue
        if installed != pin:
            differ.append(f"{name}: {installed} installed, {pin} locked")
    assert not differ, f"reinstall from the lock (rm .venv/.installed; make test): {differ}"
