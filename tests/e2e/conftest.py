"""The UI suite's factories serve here too: real services wired as the app wires them, and the
main window; the backend of these tests is tests.e2e.call_backend's own process."""

from tests.ui.conftest import (  # noqa: F401 - fixtures, found by pytest through this module
    _collect_garbage_on_the_gui_thread,
    chinese,
    make_main_window,
    make_services,
)
