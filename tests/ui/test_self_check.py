"""The Qt half of the self-test names a PySide6 release known to crash on this Python."""

from __future__ import annotations

from ui.shell.self_check import _check_binding


def test_pyside_6_12_0_on_python_3_11_fails_naming_the_release() -> None:
    level, text = _check_binding("6.12.0", (3, 11))
    assert level == "fail"
    assert "PySide6 6.12.0 on Python 3.11" in text


def test_pyside_6_12_0_is_fine_where_true_and_none_are_immortal() -> None:
    assert _check_binding("6.12.0", (3, 12))[0] == "ok"


def test_other_releases_pass_and_show_their_version() -> None:
    level, text = _check_binding("6.11.3", (3, 11))
    assert level == "ok"
    assert "PySide6 6.11.3" in text
