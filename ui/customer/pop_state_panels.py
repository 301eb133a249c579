"""The small cards of the screen-pop: waiting, looking up, unknown caller, a caller known only
by the phone index (their profile not on this desk, offline), lookup failed.

Numbers shown here are always masked (``agentdesk.domain.masking.mask_phone``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.kit.naming import named

__all__ = [
    "IdlePanel",
    "IndexedCallerPanel",
    "LoadingPanel",
    "PopErrorPanel",
    "UnknownCallerPanel",
]


def _card(parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
    """A centred card: these states carry one message and should look calm, not empty."""
    outer = QVBoxLayout(parent)
    outer.setContentsMargins(0, 40, 0, 0)
    row = QHBoxLayout()
    card = named(QFrame(), "card")
    card.setMinimumWidth(520)
    card.setMaximumWidth(640)
    row.addStretch(1)
    row.addWidget(card, 2)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(1)
    inner = QVBoxLayout(card)
    inner.setContentsMargins(28, 24, 28, 24)
    inner.setSpacing(10)
    return card, inner


def _wrapping(text: str = "", object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    return label


class IdlePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _, box = _card(self)
        title = _wrapping(self.tr("Waiting for a call"), "pageTitle")
        self.hint = _wrapping(
            self.tr("The caller's profile appears here as soon as a call is offered."),
            "mutedLabel",
        )
        box.addWidget(title)
        box.addWidget(self.hint)


class LoadingPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _, box = _card(self)
        self.caption = _wrapping(self.tr("Incoming call from"), "mutedLabel")
        self.number = named(QLabel(), "incomingNumber")
        self.number.setAccessibleName(self.tr("Caller's number (masked)"))
        self.status = _wrapping(self.tr("Looking up the caller…"), "busyLabel")
        progress = QProgressBar()
        progress.setRange(0, 0)  # busy: the lookup has no measurable progress
        progress.setTextVisible(False)
        progress.setAccessibleName(self.tr("Looking up the caller"))
        box.addWidget(self.caption)
        box.addWidget(self.number)
        box.addWidget(progress)
        box.addWidget(self.status)

    def show_incoming(self, masked_number: str, status: str | None = None) -> None:
        self.number.setText(masked_number)
        self.status.setText(status or self.tr("Looking up the caller…"))


class UnknownCallerPanel(QWidget):
    """Nobody has the number: find the caller (search prefilled with the number's digits), link
    the number to the customer found (a pending phone, verified later), or keep the caller as a
    provisional contact (name, language, note), which the server links when a customer
    matches. The last two work offline: they wait in the outbox."""

    # Search for the caller: carries the number's digits and whether the customer chosen gets
    # the number linked (True) or is only opened.
    search_requested = Signal(str, bool)
    provisional_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _, box = _card(self)
        title = _wrapping(self.tr("Unknown caller"), "pageTitle")
        self.number = named(QLabel(), "incomingNumber")
        self.number.setAccessibleName(self.tr("Caller's number (masked)"))
        message = _wrapping(
            self.tr(
                "No customer has this number. Ask for the caller's name and ID number to find "
                "them, or handle the call as a new contact."
            )
        )
        self.digits = ""
        self.search_button = QPushButton(self.tr("&Search for the caller"))
        self.search_button.setToolTip(self.tr("Search customers by this number (Alt+S)"))
        self.search_button.clicked.connect(lambda: self.search_requested.emit(self.digits, False))
        self.link_button = QPushButton(self.tr("&Link this number to a customer…"))
        self.link_button.setToolTip(
            self.tr("Find the customer; the number is kept as theirs, to verify later (Alt+L)")
        )
        self.link_button.clicked.connect(lambda: self.search_requested.emit(self.digits, True))
        self.provisional_button = QPushButton(self.tr("Create a &provisional contact…"))
        self.provisional_button.setToolTip(
            self.tr("Keep the caller with their name; linked when a customer matches (Alt+P)")
        )
        self.provisional_button.clicked.connect(self.provisional_requested)
        self.status = _wrapping(object_name="mutedLabel")
        self.status.hide()
        # One action a line: side by side, the longer Chinese labels were cut off in the card.
        buttons = QVBoxLayout()
        for button in (self.search_button, self.link_button, self.provisional_button):
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(title)
        box.addWidget(self.number)
        box.addWidget(message)
        box.addLayout(buttons)
        box.addWidget(self.status)

    def show_number(self, masked_number: str, digits: str = "") -> None:
        self.number.setText(masked_number)
        self.digits = digits
        self.status.hide()
        for button in (self.link_button, self.provisional_button):
            button.setEnabled(bool(digits))

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()


class IndexedCallerPanel(QWidget):
    """The number is a known customer's, but this desk keeps only its agent's working set and
    the backend is out of reach: say who calls (their customer number) and that the profile
    opens once the backend is back; the call can be handled and wrapped up meanwhile (the
    server links the wrap-up to the customer by the number)."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _, box = _card(self)
        title = _wrapping(self.tr("Known customer — profile not on this desk"), "pageTitle")
        self.number = named(QLabel(), "incomingNumber")
        self.number.setAccessibleName(self.tr("Caller's number (masked)"))
        self.who = _wrapping(object_name="indexedCustomer")
        self.who.setAccessibleName(self.tr("Who is calling"))
        message = _wrapping(
            self.tr(
                "This desk keeps only the customers you work with, and the backend cannot be "
                "reached now: their profile opens when the connection is back. You can take "
                "the call and wrap it up: the wrap-up keeps the caller's number, and is linked "
                "to the customer when only one has it."
            )
        )
        self.retry = QPushButton(self.tr("&Try again"))
        self.retry.setToolTip(self.tr("Look the caller up again (Alt+T)"))
        self.retry.clicked.connect(self.retry_requested)
        box.addWidget(title)
        box.addWidget(self.number)
        box.addWidget(self.who)
        box.addWidget(message)
        box.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)

    def show_caller(self, masked_number: str, customer_ids: tuple[int, ...]) -> None:
        self.number.setText(masked_number)
        numbers = ", ".join(str(cid) for cid in customer_ids)
        if len(customer_ids) == 1:
            self.who.setText(self.tr("Customer no. %1").replace("%1", numbers))
        else:
            self.who.setText(
                self.tr("One of the customers no. %1 (they share this number)").replace(
                    "%1", numbers
                )
            )


class PopErrorPanel(QWidget):
    """The lookup failed: say why in a sentence and offer to try again."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _, box = _card(self)
        title = _wrapping(self.tr("The caller could not be looked up"), "pageTitle")
        self.number = named(QLabel(), "incomingNumber")
        self.message = _wrapping(object_name="errorLabel")
        self.message.setAccessibleName(self.tr("Error"))
        self.retry = QPushButton(self.tr("&Try again"))
        self.retry.setProperty("primary", True)
        self.retry.setToolTip(self.tr("Look the caller up again (Alt+T)"))
        self.retry.clicked.connect(self.retry_requested)
        box.addWidget(title)
        box.addWidget(self.number)
        box.addWidget(self.message)
        box.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)

    def show_error(self, masked_number: str, sentence: str) -> None:
        self.number.setText(masked_number)
        self.message.setText(sentence)
