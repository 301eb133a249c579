"""Table model of a customer's interaction history (every channel), newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from ui.kit.formatting import format_datetime
from ui.kit.record_table import Column, RecordTableModel
from ui.kit.vocabulary import channel_name

__all__ = ["InteractionsTableModel"]


def _one_line(text: str) -> str:
    return " ".join(text.split())


class InteractionsTableModel(RecordTableModel):
    def __init__(self, rows: Sequence[Any] = (), parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    QCoreApplication.translate("InteractionsModel", "Channel"),
                    lambda i: channel_name(i.channel),
                ),
                Column(
                    QCoreApplication.translate("InteractionsModel", "Time"),
                    lambda i: format_datetime(i.started_at),
                ),
                Column(QCoreApplication.translate("InteractionsModel", "Agent"), lambda i: i.agent),
                Column(
                    QCoreApplication.translate("InteractionsModel", "Reason"), lambda i: i.reason
                ),
                Column(
                    QCoreApplication.translate("InteractionsModel", "Wrap-up code"),
                    lambda i: i.wrap_up_code,
                ),
                Column(
                    QCoreApplication.translate("InteractionsModel", "Notes"),
                    lambda i: _one_line(i.notes),
                    tooltip=lambda i: i.notes,
                ),
            ],
            self._newest_first(rows),
            parent,
        )

    def set_rows(self, rows: Sequence[Any]) -> None:
        super().set_rows(self._newest_first(rows))

    @staticmethod
    def _newest_first(rows: Sequence[Any]) -> list[Any]:
        return sorted(rows, key=lambda i: i.started_at, reverse=True)
