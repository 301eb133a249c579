"""The headless core never imports Qt or the UI, and the import-linter contracts hold."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, pkgutil, sys
import agentdesk
names = [m.name for m in pkgutil.walk_packages(agentdesk.__path__, "agentdesk.")
         if ".migrations" not in m.name and m.name != "agentdesk.__main__"]
for name in names:
    importlib.import_module(name)
qt = {"PySide6", "ui", "pyqtgraph", "shiboken6"}
leaked = sorted(n for n in sys.modules if n.split(".")[0] in qt)
print(len(names), "modules")
print("LEAKED:" + ",".join(leaked))
"""


def test_importing_every_core_module_leaves_qt_and_ui_out() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    count, leaked = result.stdout.strip().splitlines()[-2:]
    assert int(count.split()[0]) > 20
    assert leaked == "LEAKED:"


def test_import_linter_contracts_pass() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is part of the dev extra"
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower() or " 0 broken" in result.stdout
