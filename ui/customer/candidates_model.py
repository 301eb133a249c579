"""Table model of the customers sharing a caller's number (a family): the agent picks one."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject

from agentdesk.services import CustomerSummary
from ui.kit.record_table import CENTER, Column, RecordTableModel
from ui.kit.vocabulary import tier_name

__all__ = ["CandidatesTableModel"]


class CandidatesTableModel(RecordTableModel[CustomerSummary]):
    def __init__(self, rows: Sequence[CustomerSummary] = (), parent: QObject | None = None) -> None:
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
                    lambda c: str(c.risk_profile or ""),
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
