"""Complaint tickets (the summary; the full ticket arrives with the complaints work)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

# The lifecycle owns the statuses (its table of moves is written in them); the contract shows
# the same enum so a status on the wire is one the lifecycle knows.
from agentdesk.domain.complaints.lifecycle import TicketStatus

__all__ = ["ComplaintCategory", "RootCause", "Severity", "TicketStatus", "TicketSummary"]


class ComplaintCategory(StrEnum):
    FEES = "fees"
    CARDS = "cards"
    LOANS = "loans"
    WEALTH_MIS_SELLING = "wealth_mis_selling"
    SERVICE_ATTITUDE = "service_attitude"
    DIGITAL_CHANNEL = "digital_channel"
    FRAUD_DISPUTE = "fraud_dispute"
    OTHER = "other"


class RootCause(StrEnum):
    """Why the complaint arose (``resources/reference/complaint_root_causes.yaml``)."""

    PRODUCT_DESIGN = "product_design"
    FEE_DISCLOSURE = "fee_disclosure"
    SALES_SUITABILITY = "sales_suitability"
    STAFF_CONDUCT = "staff_conduct"
    PROCESS_ERROR = "process_error"
    SYSTEM_ERROR = "system_error"
    THIRD_PARTY = "third_party"
    CUSTOMER_MISUNDERSTANDING = "customer_misunderstanding"
    FRAUD = "fraud"
    NO_FAULT_FOUND = "no_fault_found"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class TicketSummary(BaseModel):
    id: int
    reference: str
    customer_id: int
    category: ComplaintCategory
    severity: Severity
    status: TicketStatus
    summary: str
    opened_at: datetime
    due_at: datetime
    version: int = 1
