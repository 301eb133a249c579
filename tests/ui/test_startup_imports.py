"""What the desktop loads before its sign-in dialog paints: not the role windows. The desk's
pages, the supervisor's charts (pyqtgraph) and the admin pages are imported when the signed-in
user's window is first shown, so the first window appears sooner on every desktop."""

from __future__ import annotations

import subprocess
import sys

LATER = ("pyqtgraph", "ui.shell.main_window", "ui.shell.console_window", "ui.shell.admin_window")


def test_starting_the_app_loads_no_role_window_before_the_sign_in() -> None:
    probe = f"import sys, ui.shell.app; print(','.join(m for m in {LATER!r} if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
        timeout=120,
    ).stdout.strip()
    assert loaded == ""
