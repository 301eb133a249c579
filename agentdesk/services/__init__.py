"""The application facade: the only part of the core that ``ui/`` calls.

Service methods block (they may touch the network); the UI runs them in background operations
(``ui/workers.py``) and never on its own thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from agentdesk.cache.records import CachedInteraction, CachedTask
from agentdesk.cache.tickets import CachedTicket
from agentdesk.client.errors import StaleRecord
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.admin import AuditEvent, QueueTarget, StaffUser, SystemSettings, TeamInfo
from agentdesk.contract.admin import AuditPage as AuditEventPage
from agentdesk.contract.auth import Role, UserInfo
from agentdesk.contract.customers import (
    AlertKind,
    CustomerAlert,
    CustomerProfile,
    CustomerSummary,
    SegmentInfo,
    TierReason,
)
from agentdesk.contract.flows import FlowVersionInfo
from agentdesk.contract.holdings import Account, Card, Holdings, Loan, WealthHolding
from agentdesk.contract.interactions import Channel, Interaction
from agentdesk.contract.reference import (
    ComplaintCategoryInfo,
    ComplaintCategoryList,
    Product,
    ProductKind,
    ProductShelf,
    QueueInfo,
    QueueList,
    WrapUpCode,
    WrapUpCodeList,
)
from agentdesk.contract.supervisor import (
    AgentRow,
    Broadcast,
    IntervalStats,
    PendingExtension,
    SupervisorSnapshot,
    WaitingCall,
)
from agentdesk.contract.supervisor import ComplaintRow as BoardComplaint
from agentdesk.contract.sync import Task, TicketRecord
from agentdesk.contract.telephony import FigureInfo, QueueStats
from agentdesk.contract.tickets import (
    Assignee,
    ComplaintCategory,
    NoticeKind,
    RootCause,
    Satisfaction,
    Severity,
    TicketActivity,
    TicketNotice,
    TicketParty,
    TicketSummary,
)
from agentdesk.contract.verification import (
    OtpChallenge,
    UnmaskField,
    VerificationFailure,
    VerificationMethod,
    VerificationState,
    VerificationStatus,
)
from agentdesk.events import EventBus
from agentdesk.services.admin import AdminService, AuditFilter, FlowPublishResult
from agentdesk.services.calls import (
    AgentCallState,
    Callback,
    CallService,
    TransferTargets,
    WrapUp,
    WrapUpContext,
    WrapUpSaved,
)
from agentdesk.services.complaints import (
    ComplaintRow,
    ComplaintService,
    DeadlinePreview,
    NewComplaint,
    TicketChanged,
    TicketRefused,
)
from agentdesk.services.contacts import ContactService
from agentdesk.services.customers import (
    CachedTimeline,
    CustomerService,
    RecentTimeline,
    ScreenPop,
)
from agentdesk.services.diagnostics import DiagnosticsService
from agentdesk.services.flows import FlowChoice, FlowService, FlowStep
from agentdesk.services.interactions import InteractionService
from agentdesk.services.offers import Offer, OfferOutcomeCode, OfferService, RankedOffers
from agentdesk.services.protocols import (
    CallControl,
    CallerVerification,
    CustomerSearch,
    InteractionTimeline,
)
from agentdesk.services.reference import ReferenceRefresh, ReferenceService
from agentdesk.services.session import LastLogin, OfflineUnlockRefused, SessionService
from agentdesk.services.supervisor import (
    SupervisorService,
    home_queue_of,
    queue_board_of,
    queue_stats_of,
    same_weekday_last_week,
)
from agentdesk.services.sync import Resolution, SyncProblem, SyncService, SyncStatus
from agentdesk.services.tasks import TaskAction, TaskService, WorkItem, Worklist
from agentdesk.services.verification import VerificationService

__all__ = [
    "AdminService",
    "AuditEvent",
    "AuditEventPage",
    "AuditFilter",
    "FlowPublishResult",
    "FlowVersionInfo",
    "QueueTarget",
    "StaffUser",
    "StaleRecord",
    "SystemSettings",
    "TeamInfo",
    "same_weekday_last_week",
    "home_queue_of",
    "queue_board_of",
    "queue_stats_of",
    "WaitingCall",
    "SupervisorSnapshot",
    "SupervisorService",
    "QueueStats",
    "PendingExtension",
    "IntervalStats",
    "FigureInfo",
    "Broadcast",
    "BoardComplaint",
    "AgentRow",
    "Account",
    "AgentCallState",
    "AlertKind",
    "AppServices",
    "Assignee",
    "CachedInteraction",
    "CachedTask",
    "CachedTicket",
    "CachedTimeline",
    "CallControl",
    "CallService",
    "Callback",
    "CallerVerification",
    "Card",
    "Channel",
    "ComplaintCategory",
    "ComplaintCategoryInfo",
    "ComplaintCategoryList",
    "ComplaintRow",
    "ComplaintService",
    "ContactService",
    "CustomerAlert",
    "CustomerProfile",
    "CustomerSearch",
    "CustomerService",
    "DiagnosticsService",
    "CustomerSummary",
    "DeadlinePreview",
    "FlowChoice",
    "FlowService",
    "FlowStep",
    "Holdings",
    "Interaction",
    "InteractionService",
    "InteractionTimeline",
    "LastLogin",
    "Loan",
    "NewComplaint",
    "NoticeKind",
    "Offer",
    "OfferOutcomeCode",
    "OfferService",
    "OfflineUnlockRefused",
    "OtpChallenge",
    "Product",
    "ProductKind",
    "ProductShelf",
    "QueueInfo",
    "QueueList",
    "RankedOffers",
    "RecentTimeline",
    "ReferenceRefresh",
    "ReferenceService",
    "Resolution",
    "Role",
    "RootCause",
    "Satisfaction",
    "ScreenPop",
    "SegmentInfo",
    "SessionService",
    "Severity",
    "SyncProblem",
    "SyncService",
    "SyncStatus",
    "Task",
    "TaskAction",
    "TaskService",
    "TicketActivity",
    "TicketChanged",
    "TicketRefused",
    "TicketNotice",
    "TicketParty",
    "TicketRecord",
    "TicketSummary",
    "TierReason",
    "TransferTargets",
    "UnmaskField",
    "UserInfo",
    "VerificationFailure",
    "VerificationMethod",
    "VerificationService",
    "VerificationState",
    "VerificationStatus",
    "WealthHolding",
    "WorkItem",
    "Worklist",
    "WrapUp",
    "WrapUpCode",
    "WrapUpCodeList",
    "WrapUpContext",
    "WrapUpSaved",
]


@dataclass(frozen=True)
class AppServices:
    """Everything the UI may call, built once by the composition root (``agentdesk.cli``)."""

    settings: DesktopSettings
    paths: AppPaths
    bus: EventBus
    session: SessionService
    customers: CustomerService
    calls: CallService
    sync: SyncService
    interactions: InteractionService
    verification: VerificationService
    offers: OfferService
    tasks: TaskService
    reference: ReferenceService
    flows: FlowService
    complaints: ComplaintService
    contacts: ContactService
    diagnostics: DiagnosticsService
    supervisor: SupervisorService
    admin: AdminService
    demo_mode: bool = False

    def close(self) -> None:
        """At exit: stop the sync threads and close the cache (queued changes stay in it)."""
        self.customers.close()  # the views it still has to queue for audit
        self.sync.close()
