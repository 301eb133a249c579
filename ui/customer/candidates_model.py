"""Table model of the customers sharing a caller's number (a family): the agent picks one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from ui.kit.record_table import CENTER, Column, RecordTableModel
from ui.kit.vocabulary import tier_name

__all__ = ["CandidatesTableModel"]


class CandidatesTableModel(RecordTableModel):
    def __init__(self, rows: Sequence[Any] = (), parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(QCoreApplication.translate("CandidatesModel", "Name"), lambda c: c.name),
                Column(
                    QCoreApplication.translate("CandidatesModel", "CIF number"), lambda c: c.cif
                ),
                Column(
                    QCoreApplication.translate("CandidatesModel", "Tier"),
                    lambda c: tier_name(c.tier),
                ),
                Column(
                    QCoreApplication.translate("CandidatesModel", "Risk profile"),
                    lambda c: str(getattr(c.risk_profile, "value", c.risk_profile)),
                    CENTER,
                ),
                Column(
                    QCoreApplication.translate("CandidatesModel", "Phone"),
                    lambda c: c.phone_masked,
                ),
            ],
            rows,
            parent,
        )
