"""Identity verification and unmasking, each one background operation.

Every attempt and every unmask is audited by the server; nothing here keeps a clear value
beyond handing it to the callback.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject

from ui.kit.workers import BackgroundOp

__all__ = ["load_status", "send_otp", "unmask", "verify_knowledge", "verify_otp"]

Failed = Callable[[BaseException], None]


def load_status(
    parent: QObject,
    verification: Any,
    customer_id: int,
    call_id: str | None,
    done: Callable[[Any], None],
    failed: Failed,
) -> None:
    """The agent's verification of the customer; naming the call takes up an IVR verification
    the telephony made for it."""
    BackgroundOp(parent, lambda: verification.status(customer_id, call_id=call_id)).success(
        done
    ).failure(failed).run()


def verify_knowledge(
    parent: QObject,
    verification: Any,
    customer_id: int,
    *,
    birth_date: date | None,
    id_last4: str | None,
    transaction_amount: Decimal | None,
    call_id: str | None,
    done: Callable[[Any], None],
    failed: Failed,
) -> None:
    def work() -> Any:
        return verification.verify_knowledge(
            customer_id,
            birth_date=birth_date,
            id_last4=id_last4,
            transaction_amount=transaction_amount,
            call_id=call_id,
        )

    BackgroundOp(parent, work).success(done).failure(failed).run()


def send_otp(
    parent: QObject,
    verification: Any,
    customer_id: int,
    done: Callable[[Any], None],
    failed: Failed,
) -> None:
    BackgroundOp(parent, lambda: verification.send_otp(customer_id)).success(done).failure(
        failed
    ).run()


def verify_otp(
    parent: QObject,
    verification: Any,
    customer_id: int,
    code: str,
    done: Callable[[Any], None],
    failed: Failed,
) -> None:
    BackgroundOp(parent, lambda: verification.verify_otp(customer_id, code)).success(done).failure(
        failed
    ).run()


def unmask(
    parent: QObject,
    verification: Any,
    customer_id: int,
    field: str,
    item_id: int | None,
    done: Callable[[str], None],
    failed: Failed,
) -> None:
    """The field in clear (the server audits the look); ``done`` gets the text."""
    BackgroundOp(parent, lambda: verification.unmask(customer_id, field, item_id)).success(
        done
    ).failure(failed).run()
