"""UI test factories: real services (wired as the composition root wires them) against the
live demo backend, and records built from the contract for model tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.customers import CustomerAlert, CustomerProfile
from agentdesk.contract.holdings import Account, Card, Holdings, Loan, WealthHolding
from agentdesk.contract.interactions import Interaction
from agentdesk.contract.tickets import TicketSummary
from agentdesk.services import AppServices
from agentdesk.services.wiring import build_app_services
from ui.kit.bridge import EventBridge
from ui.kit.gc_guard import install_gui_thread_gc
from ui.kit.i18n import install_translators
from ui.kit.workers import BackgroundOp
from ui.shell.main_window import MainWindow


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread(qapp: Any) -> None:
    """As the app does (ui/gc_guard.py): a collection on a core thread that frees a Qt object
    crashes the process."""
    install_gui_thread_gc(qapp)


@pytest.fixture
def chinese(qapp: Any) -> Iterator[None]:
    """The UI in zh_CN, as ``ui.shell.app`` starts it for that language: our translator and the
    default locale (which picks the reference lists' Chinese labels)."""
    previous = QLocale()
    translators = install_translators(qapp, "zh_CN")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    QLocale.setDefault(previous)


@dataclass(frozen=True)
class KnownCustomer:
    id: int
    name: str
    phone_e164: str


@pytest.fixture
def make_services(qtbot: Any) -> Iterator[Callable[..., AppServices]]:
    """Services as the composition root builds them; closed at the end of the test as the app
    closes them at exit (sync threads stopped, cache closed), after running operations end."""
    made: list[AppServices] = []

    def make(
        *,
        backend_url: str = "",
        demo_mode: bool = True,
        listen: bool = True,
        sync_autostart: bool = True,
        language: Literal["en", "zh_CN"] = "en",
        cache_scope: Literal["working-set", "all"] = "all",
    ) -> AppServices:
        # The suite's desks cache every customer (the pops it drives offline expect them) unless
        # a test is about the working-set scope.
        settings = DesktopSettings(
            backend_url=backend_url, language=language, cache_scope=cache_scope
        )
        services = build_app_services(
            settings,
            AppPaths.from_environment(),
            demo_mode=demo_mode,
            listen=listen,
            sync_autostart=sync_autostart,
        )
        made.append(services)
        return services

    yield make
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0, timeout=15_000)
    for services in made:
        services.close()


@pytest.fixture
def make_main_window(qtbot: Any) -> Iterator[Callable[[AppServices], MainWindow]]:
    bridges: list[EventBridge] = []

    def make(services: AppServices) -> MainWindow:
        bridge = EventBridge(services.bus)
        bridges.append(bridge)
        window = MainWindow(services, bridge)
        qtbot.addWidget(window)
        window.show()
        return window

    yield make
    for bridge in bridges:
        bridge.close()
    # Let running operations deliver before the next test tears its widgets down.
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0, timeout=15_000)


def _sqlite_path(database_url: str) -> str:
    return database_url.removeprefix("sqlite:///")


def _query(live_backend: Any, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(_sqlite_path(live_backend.database_url)) as db:
        return list(db.execute(sql))


@pytest.fixture(scope="session")
def known_customer(live_backend: Any) -> KnownCustomer:
    """A seeded customer whose number belongs to nobody else (so the pop opens a profile)."""
    rows = _query(
        live_backend,
        "select c.id, c.name, p.e164 from customers c join customer_phones p "
        "on p.customer_id = c.id where p.e164 in "
        "(select e164 from customer_phones group by e164 having count(*) = 1) "
        "order by c.id limit 1",
    )
    assert rows, "the demo data has no customer with a number of their own"
    customer_id, name, phone = rows[0]
    return KnownCustomer(customer_id, name, phone)


@pytest.fixture(scope="session")
def family_phone(live_backend: Any) -> str | None:
    rows = _query(
        live_backend,
        "select e164 from customer_phones group by e164 having count(*) > 1 limit 1",
    )
    return rows[0][0] if rows else None


def visible_text(root: QWidget) -> str:
    """Every text a person can see under ``root``: labels and the cells of item views."""
    parts: list[str] = []
    for label in root.findChildren(QLabel):
        if label.isVisibleTo(root) and label.text():
            parts.append(label.text())
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if not view.isVisibleTo(root) or model is None:
            continue
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                parts.append(str(model.index(row, column).data() or ""))
                parts.append(str(model.index(row, column).data(3) or ""))  # tooltip
    return "\n".join(parts)


def make_profile(**changes: Any) -> CustomerProfile:
    """A complete customer 360 for widget and model tests that need no server."""
    when = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
    values: dict[str, Any] = {
        "id": 7,
        "cif": "620000000007",
        "name": "张伟",
        "name_pinyin": "zhang wei",
        "tier": "gold",
        "risk_profile": "C3",
        "risk_assessed_on": date(2026, 3, 1),
        "phone_masked": "+86 138****5678",
        "alerts": [CustomerAlert(kind="fraud_watch", note="card skimmed 2026-09")],
        "language": "zh",
        "birth_year": 1985,
        "id_number_masked": "1101**********123X",
        "email_masked": "z*******@example.com",
        "phones_masked": ["+86 138****5678"],
        "aum": Decimal("880000.00"),
        "yearly_revenue": Decimal("4200.00"),
        "segments": ["age_35_44"],
        "relationship_manager": "李娜 (RM0007)",
        "marketing_consent": True,
        "do_not_call": False,
        "holdings": Holdings(
            accounts=[
                Account(
                    id=1,
                    kind="savings",
                    number_masked="************5678",
                    currency="CNY",
                    balance=Decimal("12345.60"),
                )
            ],
            cards=[
                Card(
                    id=2,
                    kind="credit",
                    product="白金信用卡",
                    pan_masked="622588******7890",
                    status="active",
                    credit_limit=Decimal("50000"),
                )
            ],
            loans=[
                Loan(
                    id=3,
                    kind="mortgage",
                    principal=Decimal("1000000"),
                    outstanding=Decimal("640000"),
                    rate_pct=Decimal("3.85"),
                    matures_on=date(2045, 6, 30),
                )
            ],
            wealth=[
                WealthHolding(
                    id=4,
                    product_code="WM-R3-001",
                    product_name="稳健增利",
                    risk_level="R3",
                    market_value=Decimal("200000"),
                    unrealized_pnl=Decimal("-1520.40"),
                ),
                WealthHolding(
                    id=5,
                    product_code="WM-R2-002",
                    product_name="安心 90 天",
                    risk_level="R2",
                    market_value=Decimal("100000"),
                    unrealized_pnl=Decimal("830.00"),
                ),
            ],
        ),
        "recent_interactions": [
            Interaction(
                id=10,
                customer_id=7,
                channel="phone_in",
                started_at=when,
                agent="agent02",
                reason="card activation",
                wrap_up_code="RESOLVED",
                notes="activated\nnew card",
            ),
            Interaction(
                id=11,
                customer_id=7,
                channel="wechat",
                started_at=datetime(2026, 11, 1, 8, 0, tzinfo=UTC),
                agent="bot",
                reason="balance",
            ),
        ],
        "open_tickets": [
            TicketSummary(
                id=20,
                reference="CMP-2026-0020",
                customer_id=7,
                category="fees",
                severity="medium",
                status="investigating",
                summary="annual fee charged twice",
                opened_at=when,
                due_at=datetime(2026, 10, 16, tzinfo=UTC),
            )
        ],
    }
    values.update(changes)
    return CustomerProfile(**values)
