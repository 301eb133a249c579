"""The audit viewer: who viewed, unmasked or changed what, filtered by user, customer, action and
date, paged newest first through any number of rows, with the whole event beside the list and
the matching rows exported as CSV.

Paging follows the server's keyset (``next_before``): Older asks for the page below the last
row; Newer goes back through the ``before`` values already visited, so a page reads the same rows
however many events arrive meanwhile. Threading: GUI thread only; the reads run in background
operations.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelection, Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from agentdesk.services import AdminService, AuditEvent, AuditEventPage, AuditFilter
from agentdesk.services.reference import ReferenceService
from ui.admin.admin_page import AdminPage
from ui.admin.audit_text import (
    AUDIT_ACTIONS,
    action_name,
    audit_time,
    detail_text,
    entity_name,
    event_summary,
)
from ui.kit.error_text import error_sentence
from ui.kit.naming import named
from ui.kit.record_table import RIGHT, Column, RecordTableModel
from ui.kit.record_table_view import RecordTableView
from ui.kit.workers import BackgroundOp

__all__ = ["AuditPage"]

PAGE_SIZE = 100
# A date edit at its minimum shows "Any": no bound on that side.
NO_DATE = QDate(2000, 1, 1)


class AuditPage(AdminPage):
    def __init__(
        self,
        admin: AdminService,
        parent: QWidget | None = None,
        *,
        reference: ReferenceService | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(admin, parent, reference=reference, object_name="auditPage")
        self._page_size = page_size
        self._where = AuditFilter()
        # ``before`` of every page visited so far; the last is the page shown.
        self._befores: list[int | None] = [None]
        self._next_before: int | None = None
        self.model: RecordTableModel[AuditEvent] = RecordTableModel(self._columns(), parent=self)
        self.view = RecordTableView(
            self.model,
            self.tr("Audit events"),
            column_widths=(150, 90, 110, 150, 150, 80),
            empty_text=self.tr("No event matches the filter."),
        )
        self.view.setObjectName("auditView")
        self.detail_edit = named(QPlainTextEdit(), "auditDetail")
        self.detail_edit.setReadOnly(True)
        self.detail_edit.setAccessibleName(self.tr("Event detail"))
        self.detail_edit.setPlaceholderText(self.tr("Choose an event to see all of it."))
        self._build_filters()
        self._build_paging()
        self._build_layout()
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        self._show_paging()

    def _columns(self) -> list[Column[AuditEvent]]:
        return [
            Column(self.tr("When"), lambda e: audit_time(e.at)),
            Column(self.tr("User"), lambda e: e.username),
            Column(self.tr("Action"), lambda e: action_name(e.action), tooltip=lambda e: e.action),
            Column(self.tr("Record"), lambda e: f"{entity_name(e.entity)} {e.entity_id}".strip()),
            Column(self.tr("Detail"), event_summary, tooltip=event_summary),
            Column(
                self.tr("Customer"),
                lambda e: "" if e.customer_id is None else str(e.customer_id),
                RIGHT,
            ),
        ]

    def _build_filters(self) -> None:
        self.user_edit = named(QLineEdit(), "auditUserEdit")
        self.user_edit.setPlaceholderText(self.tr("any"))
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.customer_edit = named(QLineEdit(), "auditCustomerEdit")
        self.customer_edit.setPlaceholderText(self.tr("any"))
        self.customer_edit.setValidator(QIntValidator(1, 2_000_000_000, self))
        self.customer_edit.setAccessibleName(self.tr("Customer number"))
        self.action_combo = named(QComboBox(), "auditActionCombo")
        self.action_combo.setAccessibleName(self.tr("Action"))
        self.action_combo.addItem(self.tr("Any action"), "")
        for code in AUDIT_ACTIONS:
            self.action_combo.addItem(action_name(code), code)
        self.from_edit = self._date_edit("auditFromDate", self.tr("From date"))
        self.to_edit = self._date_edit("auditToDate", self.tr("To date"))
        self.search_button = named(QPushButton(self.tr("S&earch")), "auditSearchButton")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.clear_button = named(QPushButton(self.tr("C&lear")), "auditClearButton")
        self.clear_button.clicked.connect(self.clear_filters)
        for edit in (self.user_edit, self.customer_edit):
            edit.returnPressed.connect(self.search)

    def _date_edit(self, name: str, accessible: str) -> QDateEdit:
        edit = named(QDateEdit(), name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("Any"))
        edit.setDate(NO_DATE)
        edit.setAccessibleName(accessible)
        return edit

    def _build_paging(self) -> None:
        self.newer_button = named(QPushButton(self.tr("&Newer")), "auditNewerButton")
        self.newer_button.setToolTip(self.tr("The page of events after these"))
        self.newer_button.clicked.connect(self.show_newer)
        self.older_button = named(QPushButton(self.tr("Ol&der")), "auditOlderButton")
        self.older_button.setToolTip(self.tr("The page of events before these"))
        self.older_button.clicked.connect(self.show_older)
        self.page_label = named(QLabel(), "auditPageLabel")
        self.export_button = named(QPushButton(self.tr("E&xport CSV…")), "auditExportButton")
        self.export_button.setToolTip(self.tr("Every event that matches the filter, as CSV"))
        self.export_button.clicked.connect(self.open_export)

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        for text, field in (
            (self.tr("Use&r:"), self.user_edit),
            (self.tr("&Customer no.:"), self.customer_edit),
            (self.tr("Act&ion:"), self.action_combo),
            (self.tr("Fro&m:"), self.from_edit),
            (self.tr("T&o:"), self.to_edit),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            filters.addWidget(label)
            filters.addWidget(field, 1)
        filters.addWidget(self.search_button)
        filters.addWidget(self.clear_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail_edit)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        paging = QHBoxLayout()
        paging.addWidget(self.newer_button)
        paging.addWidget(self.older_button)
        paging.addWidget(self.page_label, 1)
        paging.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.error_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(paging)

    # -- reading --------------------------------------------------------------------------------

    def load(self) -> None:
        """The first page for the filter shown (the newest events)."""
        self._befores = [None]
        self._read_page()

    def search(self) -> None:
        self._where = self.current_filter()
        self.load()

    def clear_filters(self) -> None:
        self.user_edit.clear()
        self.customer_edit.clear()
        self.action_combo.setCurrentIndex(0)
        self.from_edit.setDate(NO_DATE)
        self.to_edit.setDate(NO_DATE)
        self.search()

    def show_older(self) -> None:
        if self._next_before is None or self.reading:
            return
        self._befores.append(self._next_before)
        self._read_page()

    def show_newer(self) -> None:
        if len(self._befores) < 2 or self.reading:
            return
        self._befores.pop()
        self._read_page()

    def current_filter(self) -> AuditFilter:
        customer = self.customer_edit.text().strip()
        return AuditFilter(
            username=self.user_edit.text(),
            customer_id=int(customer) if customer else None,
            action=str(self.action_combo.currentData() or ""),
            start=_local_midnight(self.from_edit.date()),
            end=_local_midnight(self.to_edit.date(), days_after=1),
        )

    def _read_page(self) -> None:
        admin, where, before, size = self._admin, self._where, self._befores[-1], self._page_size
        self._read(
            lambda: admin.audit_page(where, before=before, limit=size),
            self._show_page,
            self.tr("The audit trail could not be read: %1"),
        )
        self._show_paging()

    def _show_page(self, page: AuditEventPage) -> None:
        self._next_before = page.next_before
        self.model.set_rows(page.events)
        self.detail_edit.clear()
        if page.events:
            self.view.selectRow(0)
        self._show_paging()

    def _read_failed(self) -> None:
        if len(self._befores) > 1:
            self._befores.pop()  # still on the page shown
        self._show_paging()

    def _show_paging(self) -> None:
        page = len(self._befores)
        self.newer_button.setEnabled(not self.reading and page > 1)
        self.older_button.setEnabled(not self.reading and self._next_before is not None)
        self.search_button.setEnabled(not self.reading)
        rows = self.model.total_count()
        if rows == 0:
            self.page_label.setText(self.tr("Page %1").replace("%1", str(page)))
            return
        first = (page - 1) * self._page_size + 1
        self.page_label.setText(
            self.tr("Page %1 · events %2–%3")
            .replace("%1", str(page))
            .replace("%2", str(first))
            .replace("%3", str(first + rows - 1))
        )

    # -- detail ---------------------------------------------------------------------------------

    def selected_event(self) -> AuditEvent | None:
        index = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def _on_view_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        event = self.selected_event()
        self.detail_edit.setPlainText("" if event is None else detail_text(event))

    # -- export ---------------------------------------------------------------------------------

    def open_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the audit trail"),
            str(Path.home() / f"audit-{date.today().isoformat()}.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Every event matching the filter shown (not only this page) to ``path``."""
        admin, where = self._admin, self._where
        BackgroundOp(self, lambda: admin.export_audit_csv(where, path)).success(
            lambda _n: self.message_posted.emit(
                self.tr("Audit events saved to %1").replace("%1", str(path))
            )
        ).failure(lambda exc: self.message_posted.emit(error_sentence(exc))).run()


def _local_midnight(day: QDate, *, days_after: int = 0) -> datetime | None:
    """The start of ``day`` (plus ``days_after``) on this workstation's clock; None for "Any"."""
    if day <= NO_DATE:
        return None
    start = datetime.combine(day.toPython(), time()) + timedelta(days=days_after)  # type: ignore[arg-type]
    return start.astimezone()
