"""Customer search (Ctrl+F): results as you type, Enter opens the customer 360.

Typing restarts a 40 ms pause (about one keystroke: searching the local cache takes a few
milliseconds even at a million customers, so a longer pause only delays the answer); then one
search runs in a background operation. Each search carries a generation and an older answer
arriving late is dropped, so the table always shows the results of what is in the box now.
Down moves from the box into the results; Enter (in either) opens the selected customer, or
the first one.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from agentdesk.services import CustomerSearch, CustomerSummary
from ui.kit.error_text import error_sentence
from ui.kit.naming import named
from ui.kit.record_table import Column, RecordTableModel
from ui.kit.record_table_view import RecordTableView
from ui.kit.vocabulary import tier_name
from ui.kit.workers import BackgroundOp

__all__ = ["SEARCH_DEBOUNCE_MS", "SEARCH_LIMIT", "CustomerResultsTableModel", "SearchDialog"]

# Keys typed closer together than this make one search. Short: a search of the cache takes a few
# milliseconds at 1M customers and a late answer to an older search is dropped, so the pause
# only has to merge a burst (a paste, an input method's commit), not a person's typing.
SEARCH_DEBOUNCE_MS = 15
SEARCH_LIMIT = 50


class CustomerResultsTableModel(RecordTableModel[CustomerSummary]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(QCoreApplication.translate("SearchModel", "Name"), lambda c: c.name),
                Column(QCoreApplication.translate("SearchModel", "CIF number"), lambda c: c.cif),
                Column(
                    QCoreApplication.translate("SearchModel", "Tier"), lambda c: tier_name(c.tier)
                ),
                Column(
                    QCoreApplication.translate("SearchModel", "Phone"), lambda c: c.phone_masked
                ),
            ],
            (),
            parent,
        )


class SearchDialog(QDialog):
    # The agent opened a customer from the results (carries the customer id).
    customer_chosen = Signal(int)
    # A search's results are on screen (carries the text searched).
    results_shown = Signal(str)

    def __init__(self, customers: CustomerSearch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchDialog")
        self.setWindowTitle(self.tr("Find a customer"))
        self._customers = customers
        self._generation = 0
        self.searches = 0  # searches started (tests prove the debounce)

        self.edit = named(QLineEdit(), "searchEdit")
        self.edit.setPlaceholderText(self.tr("Name, pinyin, CIF number or phone"))
        self.edit.setAccessibleName(self.tr("Search customers"))
        self.edit.setClearButtonEnabled(True)
        self.model = CustomerResultsTableModel(self)
        self.view = RecordTableView(
            self.model,
            self.tr("Search results"),
            column_widths=(160, 140, 110),
            empty_text=self.tr("Type to search"),
        )
        self.status_label = named(QLabel(), "mutedLabel")
        self.status_label.setAccessibleName(self.tr("Search status"))
        label = QLabel(self.tr("&Search"))
        label.setBuddy(self.edit)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.edit.installEventFilter(self)
        self.view.installEventFilter(self)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())

        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status_label)
        self.resize(640, 420)
        self.edit.setFocus()

    # -- public --------------------------------------------------------------------------

    def search_now(self) -> None:
        self._debounce.stop()
        text = self.edit.text().strip()
        self._generation += 1
        generation = self._generation
        if not text:
            self.model.set_rows([])
            self.status_label.clear()
            return
        self.searches += 1
        self.status_label.setText(self.tr("Searching…"))
        customers = self._customers
        BackgroundOp(self, lambda: customers.search(text, SEARCH_LIMIT)).success(
            lambda rows: self._on_search_finished(generation, text, rows)
        ).failure(lambda exc: self._on_search_failed(generation, exc)).run()

    def open_selected(self) -> None:
        if self.model.rowCount() == 0:
            return
        rows = self.view.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        self.customer_chosen.emit(self.model.record(row).id)
        self.accept()

    # -- slots ---------------------------------------------------------------------------

    def _on_edit_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_debounce_timeout(self) -> None:
        self.search_now()

    def _on_search_finished(self, generation: int, text: str, rows: list[CustomerSummary]) -> None:
        if generation != self._generation:
            return  # the box changed since: a newer search is on its way
        self.model.set_rows(rows)
        if rows:
            self.view.selectRow(0)
        self.status_label.setText(self.tr("%n customer(s) found", "", len(rows)))
        self.results_shown.emit(text)

    def _on_search_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.status_label.setText(error_sentence(exc))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._debounce.isActive():
                    self.search_now()  # Enter before the pause: search, then open on arrival
                    self.results_shown.connect(self._open_after_search)
                else:
                    self.open_selected()
                return True
            if watched is self.edit and key == Qt.Key.Key_Down and self.model.rowCount():
                self.view.setFocus()
                return True
        return super().eventFilter(watched, event)

    def _open_after_search(self, _text: str) -> None:
        self.results_shown.disconnect(self._open_after_search)
        self.open_selected()
