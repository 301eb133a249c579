"""SQLAlchemy 2 models of the backend (system of record).

Works on PostgreSQL (production) and SQLite (embedded default). Money is Numeric; times are
timezone-aware UTC. Phones are stored normalised to E.164 (``customer_phones.e164``, indexed) so
that the screen-pop lookup is one index probe. Alembic migrations under
``agentdesk/server/migrations`` create these tables; the app never calls ``create_all``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "Account",
    "AuditEvent",
    "Base",
    "Card",
    "Customer",
    "CustomerPhone",
    "Interaction",
    "Loan",
    "RefreshToken",
    "ServerKey",
    "Ticket",
    "User",
    "WealthHolding",
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


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))  # agent | supervisor | admin
    password_hash: Mapped[str] = mapped_column(String(256))
    team: Mapped[str] = mapped_column(String(64), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


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


class ServerKey(Base):
    """Signing key for access tokens, shared by every worker through the database."""

    __tablename__ = "server_keys"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32), unique=True)
    secret: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    cif: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    name_pinyin: Mapped[str] = mapped_column(String(128), default="")
    name_initials: Mapped[str] = mapped_column(String(32), default="")
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
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    phones: Mapped[list[CustomerPhone]] = relationship(
        back_populates="customer", order_by="CustomerPhone.id"
    )


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


class Interaction(Base):
    """Append-only record of one contact on any channel."""

    __tablename__ = "interactions"
    __table_args__ = (Index("ix_interactions_customer_started", "customer_id", "started_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    channel: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    agent: Mapped[str] = mapped_column(String(64), default="")
    queue: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(String(128), default="")
    wrap_up_code: Mapped[str] = mapped_column(String(32), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_customer_status", "customer_id", "status"),)

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
    regime: Mapped[str] = mapped_column(String(16), default="cn")
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditEvent(Base):
    """Who looked at, unmasked or changed what, when, and from which workstation."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(64))
    workstation_id: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32))  # view | unmask | update | login ...
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
