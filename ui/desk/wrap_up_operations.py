"""Saving a wrap-up: the interaction, then the follow-up callback, in one background operation.

Both are local cache writes with their outbox entries (durable, offline-first); the server gets
them when the sync runner drains the outbox. Telling the telephony that wrap-up is over is a
separate step (``ui.desk.call_operations.finish_wrap_up``): it needs the network, the record does
not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from ui.kit.workers import BackgroundOp

if TYPE_CHECKING:
    from ui.desk.wrap_up_dialog import WrapUpContext

__all__ = ["save_wrap_up"]


def save_wrap_up(
    parent: QObject,
    interactions: Any,
    tasks: Any,
    context: WrapUpContext,
    *,
    code: str,
    notes: str,
    callback_due: datetime | None,
    callback_note: str,
    done: Callable[[str], None],
    failed: Callable[[BaseException], None],
) -> None:
    def work() -> str:
        client_id = interactions.record_wrap_up(
            wrap_up_code=code,
            started_at=context.started_at,
            ended_at=context.ended_at,
            customer_id=context.customer_id,
            phone_e164=context.phone_e164,
            queue=context.queue,
            notes=notes,
            call_id=context.call_id or None,
        )
        if callback_due is not None and tasks is not None and context.customer_id is not None:
            tasks.schedule_callback(context.customer_id, callback_due, callback_note or notes)
        return str(client_id)

    BackgroundOp(parent, work).success(done).failure(failed).run()
