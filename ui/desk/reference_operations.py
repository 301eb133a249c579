"""Reference lists for the call desk: fetched again when a session starts, read from the
reference service (session copy, cache or shipped list) otherwise.

Threading: the service calls run on the pool; ``done`` / ``failed`` run on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ui.kit.workers import BackgroundOp

__all__ = ["refresh_reference"]


def refresh_reference(
    parent: QObject,
    reference: Any,
    done: Callable[[list[Any]], None],
    failed: Callable[[BaseException], None],
) -> None:
    """Fetch every list from the backend (it keeps what it has when it cannot) and hand back
    the wrap-up codes, for the wrap-up dialog to offer."""

    def work() -> list[Any]:
        reference.refresh()
        return list(reference.wrap_up_codes().codes)

    BackgroundOp(parent, work).success(done).failure(failed).run()
