"""SQLAlchemy 2 models of the backend (system of record).

Works on PostgreSQL (production) and SQLite (embedded default). Money is Numeric; times are
timezone-aware UTC. Phones are stored normalised to E.164 (``customer_phones.e164``, indexed) so
that the screen-pop lookup is one index probe.

Every record the workstations sync (customers, tickets, interactions, tasks) carries
``change_seq``, the server-wide change sequence of its last write (``agentdesk.server.changes``
assigns it); a change to a customer's phones or holdings re-stamps the customer. Alembic
migrations under ``agentdesk/server/migrations`` create these tables; the app never calls
``create_all``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Connection,
    CursorResult,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    Result,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    false,
    inspect,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Mapper,
    Session,
    mapped_column,
    relationship,
)

from agentdesk.domain.names import initials_of, romanize

__all__ = [
    "AccessGrant",
    "Account",
    "AuditEvent",
    "Base",
    "Bind",
    "CallRecord",
    "Card",
    "Customer",
    "CustomerPhone",
    "EventLog",
    "Interaction",
    "Loan",
    "RefreshToken",
    "SyncCounter",
    "SystemSetting",
    "SyncFeedEntry",
    "SyncMutation",
    "SyncTombstone",
    "Task",
    "Team",
    "Ticket",
    "TicketActivity",
    "TokenFamily",
    "User",
    "Verification",
    "VerificationAttempt",
    "VerificationOtp",
    "WealthHolding",
    "WorkstationSync",
    "rows_changed",
    "table_of",
]

# Deterministic constraint names, so Alembic migrations read the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = Numeric(18, 2)
# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT identities.
Id = BigInteger().with_variant(Integer(), "sqlite")


class _UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out, on every database.

    SQLite keeps no offset and hands back naive values; PostgreSQL hands back the session's
    zone. Values are stored as UTC (a naive value is taken to be UTC already) and always come
    back aware, so comparisons with ``datetime.now(UTC)`` and ordering work the same everywhere.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


UtcDateTime = _UtcDateTime()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# Core statements run alike on an ORM session and on a connection (the feed's bulk build).
Bind = Session | Connection


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed (SQLAlchemy types ``Session.execute``'s result
    as a plain Result; for those statements it is a CursorResult, which counts them)."""
    if not isinstance(result, CursorResult):
        raise TypeError("not the result of an UPDATE or DELETE")
    return result.rowcount


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class, for bulk statements (SQLAlchemy types ``__table__``
    as any selectable, as a class may map to a join)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to one table")
    return table


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))  # agent | supervisor | admin
    password_hash: Mapped[str] = mapped_column(String(256))
    team: Mapped[str] = mapped_column(String(64), default="")
    # The branch they work at ("" if none): a complaint about a branch is never theirs (回避).
    branch: Mapped[str] = mapped_column(String(64), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The queues they serve; empty: their team's (``teams``).
    skills: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))


class Team(Base):
    """A team and the queues its agents serve (seeded from the configuration on first use)."""

    __tablename__ = "teams"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    queues: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))


class SystemSetting(Base):
    """The one row (id 1) of the settings the server applies without a restart: a versioned
    JSON of ``contract.admin.SystemSettings`` without its version."""

    __tablename__ = "system_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_by: Mapped[str] = mapped_column(String(64), default="", server_default="")


class RefreshToken(Base):
    """Opaque refresh tokens, stored only as SHA-256 hashes; a family shares one login.

    Rotation: each use retires the token and issues a successor in the same family; a retired
    token presented again means theft, and the whole family is revoked.
    """

    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family: Mapped[str] = mapped_column(String(32), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    workstation_id: Mapped[str] = mapped_column(String(64), default="")
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class TokenFamily(Base):
    """One sign-in: the refresh tokens it rotates through share it, and its access tokens name
    it (``sid``). Signing out or a detected theft revokes it, and with it those access tokens
    at once (checked on every request, by primary key)."""

    __tablename__ = "token_families"

    family: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    workstation_id: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


def _name_of_row(context: DefaultExecutionContext) -> str:
    row: dict[str, Any] = context.get_current_parameters()  # type: ignore[no-untyped-call]  # unannotated in SQLAlchemy
    return str(row["name"])


def _pinyin_of_row(context: DefaultExecutionContext) -> str:
    return romanize(_name_of_row(context)).pinyin


def _initials_of_row(context: DefaultExecutionContext) -> str:
    return romanize(_name_of_row(context)).initials


class Customer(Base):
    """A customer. ``name_pinyin`` and ``name_initials`` (what an agent types to find them) are
    always there: a write without them gets them from the name (:func:`_romanize_name`, and
    the column defaults for a Core insert that leaves them out)."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    cif: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    name_pinyin: Mapped[str] = mapped_column(String(128), default=_pinyin_of_row)
    name_initials: Mapped[str] = mapped_column(String(32), default=_initials_of_row)
    language: Mapped[str] = mapped_column(String(8), default="zh")
    birth_date: Mapped[date] = mapped_column(Date)
    id_number: Mapped[str] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(128), default="")
    tier: Mapped[str] = mapped_column(String(16))
    segments: Mapped[list[str]] = mapped_column(JSON, default=list)
    aum: Mapped[Decimal] = mapped_column(Money)
    yearly_revenue: Mapped[Decimal] = mapped_column(Money)
    risk_profile: Mapped[str] = mapped_column(String(2))
    risk_assessed_on: Mapped[date] = mapped_column(Date)
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    do_not_call: Mapped[bool] = mapped_column(Boolean, default=False)
    alerts: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    relationship_manager: Mapped[str] = mapped_column(String(64), default="")
    # What the tier and segment rules read and decided (``agentdesk.server.customer_facts``).
    customer_since: Mapped[date | None] = mapped_column(Date, nullable=True)
    e_channel_login_days: Mapped[list[str]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )  # ISO days with an app or web-banking login, the last window's
    tier_reason: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    segment_details: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    # Linked to the customer by an agent, never used to pop or verify until verified.
    pending_phones: Mapped[list[str]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    # An unknown caller kept as a contact until a real customer matches (then merged_into).
    provisional: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    contact_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    merged_into: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Nullable in the schema only because SQLite cannot add a NOT NULL column to a filled table
    # without copying it (and every holding table references this one); the migration backfills
    # it and every write stamps it (the session hook in changes.py, the seeder).
    change_seq: Mapped[int | None] = mapped_column(BigInteger, index=True, nullable=True)

    phones: Mapped[list[CustomerPhone]] = relationship(
        back_populates="customer", order_by="CustomerPhone.id"
    )


@event.listens_for(Customer, "before_insert")
@event.listens_for(Customer, "before_update")
def _romanize_name(_mapper: Mapper[Customer], _connection: Connection, customer: Customer) -> None:
    """Every customer the ORM writes has the pinyin and initials of its name: a new one without
    them gets them, and a rename that did not bring its own pinyin gets the new name's."""
    state = inspect(customer)
    if state.has_identity and state.attrs.name.history.has_changes():
        if not state.attrs.name_pinyin.history.has_changes():
            customer.name_pinyin = ""
        if not state.attrs.name_initials.history.has_changes():
            customer.name_initials = ""
    if not customer.name_pinyin:
        customer.name_pinyin = romanize(customer.name).pinyin
    if not customer.name_initials:
        customer.name_initials = initials_of(customer.name_pinyin)


class CustomerPhone(Base):
    __tablename__ = "customer_phones"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    e164: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="mobile")  # mobile | home | work

    customer: Mapped[Customer] = relationship(back_populates="phones")


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # current | savings | time_deposit
    number: Mapped[str] = mapped_column(String(32))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    balance: Mapped[Decimal] = mapped_column(Money)


class Card(Base):
    __tablename__ = "cards"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # debit | credit
    product: Mapped[str] = mapped_column(String(64))
    pan: Mapped[str] = mapped_column(String(19))
    status: Mapped[str] = mapped_column(String(16), default="active")
    credit_limit: Mapped[Decimal | None] = mapped_column(Money, nullable=True)


class Loan(Base):
    __tablename__ = "loans"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # mortgage | consumer | business
    principal: Mapped[Decimal] = mapped_column(Money)
    outstanding: Mapped[Decimal] = mapped_column(Money)
    rate_pct: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    matures_on: Mapped[date] = mapped_column(Date)


class WealthHolding(Base):
    __tablename__ = "wealth_holdings"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    product_code: Mapped[str] = mapped_column(String(16))
    product_name: Mapped[str] = mapped_column(String(128))
    risk_level: Mapped[str] = mapped_column(String(2))  # R1..R5
    market_value: Mapped[Decimal] = mapped_column(Money)
    unrealized_pnl: Mapped[Decimal] = mapped_column(Money)
    # A price change revalues the holding at units × NAV (None: not revalued by price).
    units: Mapped[Decimal | None] = mapped_column(Numeric(20, 4), nullable=True)
    matures_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class Interaction(Base):
    """Append-only record of one contact on any channel."""

    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_customer_started", "customer_id", "started_at"),
        Index("ux_interactions_agent_client_id", "agent", "client_id", unique=True),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    # None for a caller no customer matched (yet); phone_e164 then says who called.
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    channel: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    agent: Mapped[str] = mapped_column(String(64), default="")
    queue: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(String(128), default="")
    wrap_up_code: Mapped[str] = mapped_column(String(32), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    phone_e164: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # The telephony's call this contact was (ties the wrap-up to the call's record).
    call_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    # The id the workstation made with its local row (an offline create), unique per agent
    # (found by the agent's unique index: one of its own would be written for nothing).
    client_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The transcripts of the scripted flows run during the contact (checked when pushed).
    flows: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # OfferOutcome dicts: what the customer said to each offer (the next ranking reads them).
    offers: Mapped[list[dict[str, str]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    task_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    change_seq: Mapped[int] = mapped_column(BigInteger, index=True)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_customer_status", "customer_id", "status"),
        Index("ux_tickets_opened_by_client_id", "opened_by", "client_id", unique=True),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    category: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(256))
    description: Mapped[str] = mapped_column(Text, default="")
    desired_outcome: Mapped[str] = mapped_column(Text, default="")
    assignee: Mapped[str] = mapped_column(String(64), default="")
    team: Mapped[str] = mapped_column(String(64), default="")
    # Who opened it (a username; "" for tickets from before this was kept, or imported).
    opened_by: Mapped[str] = mapped_column(String(64), default="", server_default="")
    regime: Mapped[str] = mapped_column(String(16), default="cn")
    # The regime's kind of complaint, and why a person chose other than the suggestion.
    complaint_type: Mapped[str] = mapped_column(
        String(32), default="standard", server_default="standard"
    )
    regime_override_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The day of receipt in the regime's own calendar (its time zone): the clock counts from it.
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # TicketParty dicts: whom the complaint is about (recusal).
    parties: Mapped[list[dict[str, str]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    call_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    flow_run_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # TicketClockEvent dicts, in the order recorded.
    clock_events: Mapped[list[dict[str, str]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    root_cause: Mapped[str | None] = mapped_column(String(32), nullable=True)
    remediation: Mapped[str] = mapped_column(Text, default="", server_default="")
    resolution: Mapped[str] = mapped_column(Text, default="", server_default="")
    satisfaction: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # TicketNotice dicts: the letters sent, oldest first.
    notices: Mapped[list[dict[str, str]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # A PendingExtension dict: the assignee asked for more time; a supervisor decides.
    pending_extension: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Unique per creator (a client id of another agent is simply a new id for this one).
    client_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Nullable for the same reason as Customer.change_seq.
    change_seq: Mapped[int | None] = mapped_column(BigInteger, index=True, nullable=True)


class TicketActivity(Base):
    """One line of a ticket's activity log: who did what, when (``detail``: codes and ids,
    never a customer's data). Escalations are logged here too, which is what keeps a scan
    from escalating the same step twice."""

    __tablename__ = "ticket_activity"
    __table_args__ = (Index("ix_ticket_activity_ticket_at", "ticket_id", "at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class Task(Base):
    """A follow-up callback or care call, owned by one agent or (owner ``""``) waiting in a
    queue for someone to take it. A care task names the rule that made it, its subject (one
    task per rule, customer and subject, ever), its reason and figures."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ux_tasks_owner_client_id", "owner", "client_id", unique=True),
        Index("ix_tasks_customer_rule", "customer_id", "rule"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # callback | care
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    queue: Mapped[str] = mapped_column(String(32), default="", server_default="")
    rule: Mapped[str] = mapped_column(String(32), default="", server_default="")
    subject: Mapped[str] = mapped_column(String(64), default="", server_default="")
    reason: Mapped[str] = mapped_column(String(32), default="", server_default="")
    figures: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    outcome: Mapped[str] = mapped_column(Text, default="", server_default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    # Unique per creator (a client id of another agent is simply a new id for this one).
    client_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    change_seq: Mapped[int] = mapped_column(BigInteger, index=True)


class ServiceRequest(Base):
    """Something a scripted flow asked the bank to do for a customer (block a card, subscribe
    a service…), for the back office; one per flow step (``client_id`` is the action's key)."""

    __tablename__ = "service_requests"
    # A client id is the requesting agent's own (another agent's finds nothing of theirs).
    __table_args__ = (
        Index(
            "ux_service_requests_requested_by_client_id", "requested_by", "client_id", unique=True
        ),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    flow_id: Mapped[str] = mapped_column(String(64))
    flow_version: Mapped[int] = mapped_column(Integer)
    run_id: Mapped[str] = mapped_column(String(64), index=True)
    call_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done | refused


class FlowVersion(Base):
    """A published version of a scripted flow: immutable once stored (a new text is a new
    version), so every transcript and service request naming it is checked against the very
    definition the desk ran."""

    __tablename__ = "flow_versions"
    __table_args__ = (UniqueConstraint("flow_id", "version", name="uq_flow_versions_id_version"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    flow_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)
    published_by: Mapped[str] = mapped_column(String(64))
    change_seq: Mapped[int] = mapped_column(BigInteger, index=True)


class SyncCounter(Base):
    """The server-wide change sequence: one row (id 1) holding the last sequence handed out.

    A table rather than a PostgreSQL SEQUENCE because it is transactional: its committed value
    is a high-water mark below which every stamped change is committed (see ``changes.py``).
    """

    __tablename__ = "sync_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(BigInteger)


class SyncTombstone(Base):
    """A synced record that was deleted, at the change sequence of its deletion."""

    __tablename__ = "sync_tombstones"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[int] = mapped_column(BigInteger)


class SyncFeedEntry(Base):
    """The latest synced form of one record, at the change sequence of its last write.

    Derived data (``agentdesk.server.sync_feed`` writes it in the transaction that stamps the
    record, and can rebuild it): ``body`` is the record's JSON as the workstations cache it,
    None for a deleted record; ``owner`` (tasks) and ``started_at`` (interactions) are what
    ``GET /sync/changes`` filters on.
    """

    __tablename__ = "sync_feed"

    entity: Mapped[str] = mapped_column(String(16), primary_key=True)
    entity_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, index=True, unique=True)
    owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    body: Mapped[str | None] = mapped_column(Text, nullable=True)


class SyncMutation(Base):
    """A pushed mutation's idempotency key with its first result (replayed on a retry)."""

    __tablename__ = "sync_mutations"

    idempotency_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    workstation_id: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(BigInteger)
    payload_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    applied_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class WorkstationSync(Base):
    """The last per-workstation mutation sequence applied (advanced with each mutation)."""

    __tablename__ = "workstation_sync"

    workstation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_applied_seq: Mapped[int] = mapped_column(BigInteger)


class EventLog(Base):
    """Live events, persisted so that any worker can serve them and a client can resume.

    Ids only grow (AUTOINCREMENT on SQLite, so a purge never lets an id come back).
    ``audience`` is one of those ``events.audiences_of`` names (``all``, ``user:<username>``,
    ``team:<team>``, ``supervisors:<team>``, ``supervisors``); an event for several is
    logged once for each.
    """

    __tablename__ = "event_log"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    audience: Mapped[str] = mapped_column(String(80), default="all")


class AuditEvent(Base):
    """Who looked at, unmasked or changed what, when, and from which workstation."""

    __tablename__ = "audit_events"
    # Each filter of the audit viewer with ``id``: a filtered page, newest first, is a range
    # scan of its index (keyset on ``id``).
    __table_args__ = (
        Index("ix_audit_events_entity", "entity", "entity_id"),
        Index("ix_audit_events_customer_id", "customer_id", "id"),
        Index("ix_audit_events_username_id", "username", "id"),
        Index("ix_audit_events_action_id", "action", "id"),
        Index("ix_audit_events_entity_newest", "entity", "id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(64))
    workstation_id: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32))  # view | unmask | update | login ...
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    # The customer the event concerns (a view, an unmask, their ticket), when one does.
    customer_id: Mapped[int | None] = mapped_column(Id, nullable=True)
    detail: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


# -- identity verification (agentdesk.server.verification) ----------------------------------


class AccessGrant(Base):
    """Back-office access to one customer without a call: an agent asks with a reason, a
    supervisor of their team approves it, for a time (``expires_at``)."""

    __tablename__ = "access_grants"
    __table_args__ = (Index("ix_access_grants_customer_user", "customer_id", "user_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(64))
    team: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    approved_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Verification(Base):
    """A verified caller: this agent (or, for IVR, this call) verified this customer, until
    ``expires_at`` or until ``ended_at`` (the call ended)."""

    __tablename__ = "verifications"
    __table_args__ = (Index("ix_verifications_customer_user", "customer_id", "user_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    # None for an IVR verification no agent has taken up yet (it is tied to the call).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(64))
    workstation_id: Mapped[str] = mapped_column(String(64), default="")
    call_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    method: Mapped[str] = mapped_column(String(16))  # knowledge | otp | ivr
    verified_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class VerificationAttempt(Base):
    """Every verification attempt of a customer (any agent): the failure count and the lock.

    ``locked_until`` is set on the failure that locked the customer's verification.
    """

    __tablename__ = "verification_attempts"
    __table_args__ = (Index("ix_verification_attempts_customer_at", "customer_id", "at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    method: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))  # verified | failed
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class VerificationOtp(Base):
    """A one-time code sent to a customer, stored only as a salted SHA-256 hash."""

    __tablename__ = "verification_otps"
    __table_args__ = (Index("ix_verification_otps_customer_user", "customer_id", "user_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    salt: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    tries_left: Mapped[int] = mapped_column(Integer)
    # Used, out of tries, or replaced by a newer code: it verifies nothing any more.
    spent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class CallRecord(Base):
    """One finished call leg (answered and ended, transferred, or abandoned), for history and
    KPIs. Written by the telephony when the leg ends and again when its wrap-up ends; the
    durations are seconds, ``snapshot`` is the leg's ``Call.to_dict`` (holds, transfers,
    missed rings)."""

    __tablename__ = "calls"
    __table_args__ = (UniqueConstraint("call_id", "leg"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    call_id: Mapped[str] = mapped_column(String(64))
    leg: Mapped[int] = mapped_column(Integer, default=0)
    queue: Mapped[str] = mapped_column(String(32), index=True)
    caller: Mapped[str] = mapped_column(String(20), index=True)  # E.164
    agent: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    state: Mapped[str] = mapped_column(String(16))  # ended | transferred | abandoned
    direct: Mapped[bool] = mapped_column(Boolean, default=False)
    offered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    wrap_up_ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    wait_s: Mapped[float] = mapped_column(Float, default=0.0)
    talk_s: Mapped[float] = mapped_column(Float, default=0.0)
    hold_s: Mapped[float] = mapped_column(Float, default=0.0)
    wrap_up_s: Mapped[float | None] = mapped_column(Float, nullable=True)  # None: not over
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)


class QueueInterval(Base):
    """One queue's counts over one reporting interval (``domain.intervals``): upserted by the
    switchboard while the interval runs, final (``closed``) once it is over. What the
    console's trends of today and the reports of past days read."""

    __tablename__ = "queue_intervals"
    __table_args__ = (UniqueConstraint("queue", "start"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    queue: Mapped[str] = mapped_column(String(32))
    start: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    end: Mapped[datetime] = mapped_column(UtcDateTime)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    offered: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    abandoned: Mapped[int] = mapped_column(Integer, default=0)
    short_abandoned: Mapped[int] = mapped_column(Integer, default=0)
    answered_within: Mapped[int] = mapped_column(Integer, default=0)
    total_wait_s: Mapped[float] = mapped_column(Float, default=0.0)
    talk_s: Mapped[float] = mapped_column(Float, default=0.0)
    hold_s: Mapped[float] = mapped_column(Float, default=0.0)
    wrap_up_s: Mapped[float] = mapped_column(Float, default=0.0)
    handled: Mapped[int] = mapped_column(Integer, default=0)


class AgentPresenceRow(Base):
    """Each agent's last presence, written with every change, read when the server starts so
    a restart keeps who is ready and who is not (and why, since when, set by whom)."""

    __tablename__ = "agent_presence"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    team: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    pending_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    since: Mapped[datetime] = mapped_column(UtcDateTime)
    set_by: Mapped[str] = mapped_column(String(64), default="")


class BroadcastRecord(Base):
    """A supervisor's message to the desks of their team."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    sender: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class AcdStateRow(Base):
    """The shared ACD's state (PostgreSQL, several workers), its header: one row (id 1) that
    the leader moves on in the transaction of every batch of moves, with the moves' events and
    outcomes and the rows of the agents and legs they changed (``AcdStateAgent``,
    ``AcdStateCall``). ``version`` fences a leader that lost its lock: its write expects the
    version it read. ``seq`` (the ACD's arrival count) is null until a state is stored;
    ``clock`` is the ACD's as of its last change; ``supervision`` the supervisors' names and
    the teams watched."""

    __tablename__ = "acd_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    leader: Mapped[str] = mapped_column(String(128), default="")
    clock: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    supervision: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AcdStateAgent(Base):
    """One agent in the shared ACD's state: their ACD entry, team and the supervisor who set
    their state (``switchboard.StoredAgent``). ``version``: the header's version of the batch
    that last wrote it."""

    __tablename__ = "acd_state_agents"

    agent: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(BigInteger)


class AcdStateCall(Base):
    """One live leg in the shared ACD's state (waiting, ringing, on the line, in wrap-up):
    the leg with its arrival order and patience. ``version``: as for an agent."""

    __tablename__ = "acd_state_calls"

    call_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    leg: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(BigInteger)


class AcdCommand(Base):
    """A move or a question for the shared ACD, from any worker, applied by the leader in
    order of ``id``; ``outcome`` (the answer, or the refusal) is written in the same
    transaction as what the move changed, so a move is applied once even across a failover."""

    __tablename__ = "acd_commands"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    args: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
