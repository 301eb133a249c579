"""The administrator's settings page: what the server applies at once, without a restart (the
short-abandon threshold, each queue's service-level target, the care rules' holding-loss
threshold and confirmation delay).

``settings`` is what the page read last, with its version; Save sends the edited copy with that
version (If-Match). When someone else saved in between (412), the page says so and reads the
settings again, so nobody's save is overwritten unseen. Threading: GUI thread only; the server
is read and written in background operations.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from agentdesk.services import (
    AdminService,
    QueueInfo,
    ReferenceService,
    StaleRecord,
    SystemSettings,
)
from ui.admin.admin_page import AdminPage
from ui.admin.queue_choices import reference_queues
from ui.kit.actions import make_action
from ui.kit.error_text import error_sentence
from ui.kit.naming import named
from ui.kit.vocabulary import reference_label
from ui.kit.workers import BackgroundOp

__all__ = ["SettingsPage"]


class SettingsPage(AdminPage):
    def __init__(
        self,
        admin: AdminService,
        parent: QWidget | None = None,
        *,
        reference: ReferenceService | None = None,
    ) -> None:
        super().__init__(admin, parent, reference=reference, object_name="settingsPage")
        self._queue_names: dict[str, str] = {}
        self._saving = False
        # The values the spin boxes showed right after the last load or save: Save and Revert
        # apply when they differ.
        self._shown: tuple[float, ...] = ()
        self.settings: SystemSettings | None = None
        self.target_spins: dict[str, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}

        self.short_abandon_spin = self._double_spin("shortAbandonSpin", 0, 60, 1, self.tr(" s"))
        self.short_abandon_spin.setAccessibleName(self.tr("Short-abandon threshold in seconds"))
        self.loss_spin = self._double_spin("holdingLossSpin", 0.1, 100, 1, self.tr(" %"))
        self.loss_spin.setAccessibleName(self.tr("Holding loss that makes a care call, in %"))
        self.confirmation_spin = named(QSpinBox(), "confirmationDaysSpin")
        self.confirmation_spin.setRange(0, 90)
        self.confirmation_spin.setSuffix(self.tr(" days"))
        self.confirmation_spin.setAccessibleName(
            self.tr("Days until a resolved complaint's confirmation call")
        )
        # Mnemonics clear of the window's tabs (Alt+S is the Settings tab) and menus (View).
        self.save_button = named(QPushButton(self.tr("Sav&e")), "saveSettingsButton")
        self.revert_button = named(QPushButton(self.tr("&Revert")), "revertSettingsButton")
        self.revert_button.setToolTip(self.tr("Show the settings as they were read again"))
        self.save_action = make_action(
            self,
            self.tr("Save the settings"),
            QKeySequence.StandardKey.Save,
            self.tr("Save the settings; the server applies them at once"),
            self.save,
            object_name="saveSettingsAction",
        )
        self.save_button.setToolTip(self.save_action.toolTip())
        self.error_label.setAccessibleName(self.tr("Settings problem"))
        self._build_layout()

        for spin in (self.short_abandon_spin, self.loss_spin):
            spin.valueChanged.connect(self._on_value_changed)
        self.confirmation_spin.valueChanged.connect(self._on_value_changed)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self._update_buttons()

    # -- layout ---------------------------------------------------------------------------------

    def _double_spin(
        self, name: str, low: float, high: float, decimals: int, suffix: str
    ) -> QDoubleSpinBox:
        spin = named(QDoubleSpinBox(), name)
        spin.setRange(low, high)
        spin.setDecimals(decimals)
        spin.setSuffix(suffix)
        spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        return spin

    def _explanation(self, text: str) -> QLabel:
        label = named(QLabel(text), "mutedLabel")
        label.setWordWrap(True)
        return label

    def _field(self, grid: QGridLayout, label_text: str, spin: QWidget, explanation: str) -> None:
        row = grid.rowCount()
        label = QLabel(label_text)
        label.setBuddy(spin)
        grid.addWidget(label, row, 0)
        grid.addWidget(spin, row, 1, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self._explanation(explanation), row + 1, 0, 1, 3)

    def _build_layout(self) -> None:
        calls = QGroupBox(self.tr("Call figures"))
        calls_grid = QGridLayout(calls)
        calls_grid.setColumnStretch(2, 1)
        self._field(
            calls_grid,
            self.tr("Short-a&bandon threshold:"),
            self.short_abandon_spin,
            self.tr(
                "Callers who hang up within this many seconds of joining a queue are left out "
                "of the figures: they count neither as answered nor as abandoned. 0 counts "
                "every abandoned call."
            ),
        )
        care = QGroupBox(self.tr("Care calls"))
        care_grid = QGridLayout(care)
        care_grid.setColumnStretch(2, 1)
        self._field(
            care_grid,
            self.tr("Holding &loss for a care call:"),
            self.loss_spin,
            self.tr(
                "A customer's wealth or fund holding down by more than this percentage makes a "
                "care call task (checked by each care scan and each price change)."
            ),
        )
        self._field(
            care_grid,
            self.tr("&Confirmation call after:"),
            self.confirmation_spin,
            self.tr(
                "A resolved complaint's confirmation call is due this many days after it was "
                "resolved (0: at once)."
            ),
        )
        targets = QGroupBox(self.tr("Service-level targets"))
        targets_layout = QVBoxLayout(targets)
        targets_layout.addWidget(
            self._explanation(
                self.tr(
                    "A queue's service level is the share of its calls answered within the "
                    "threshold. The queue wall and the interval figures measure each queue "
                    "against its target; a change applies to the next figures."
                )
            )
        )
        self.targets_grid = QGridLayout()
        self.targets_grid.setColumnStretch(3, 1)
        targets_layout.addLayout(self.targets_grid)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.error_label)
        content_layout.addWidget(calls)
        content_layout.addWidget(care)
        content_layout.addWidget(targets)
        content_layout.addStretch(1)
        scroll = named(QScrollArea(), "settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _show_targets(self, settings: SystemSettings) -> None:
        """One row a queue (in the reference list's order, then unknown codes): its name, the
        threshold and the target; the rows are made again when the queues changed."""
        order = {code: index for index, code in enumerate(self._queue_names)}
        codes = sorted(settings.queue_targets, key=lambda code: (order.get(code, len(order)), code))
        if list(self.target_spins) != codes:
            self._clear_targets()
            headers = (self.tr("Queue"), self.tr("Answered within"), self.tr("Target"))
            for column, header in enumerate(headers):
                self.targets_grid.addWidget(named(QLabel(header), "fieldLabel"), 0, column)
            for row, code in enumerate(codes, start=1):
                name = self._queue_names.get(code, code)
                threshold = self._double_spin(f"threshold_{code}", 1, 600, 0, self.tr(" s"))
                threshold.setAccessibleName(
                    self.tr("Service-level threshold of %1, in seconds").replace("%1", name)
                )
                target = self._double_spin(f"target_{code}", 0.1, 100, 1, self.tr(" %"))
                target.setAccessibleName(
                    self.tr("Service-level target of %1, in %").replace("%1", name)
                )
                label = QLabel(name)
                label.setBuddy(threshold)
                self.targets_grid.addWidget(label, row, 0)
                self.targets_grid.addWidget(threshold, row, 1)
                self.targets_grid.addWidget(target, row, 2)
                threshold.valueChanged.connect(self._on_value_changed)
                target.valueChanged.connect(self._on_value_changed)
                self.target_spins[code] = (threshold, target)
        for code, (threshold, target) in self.target_spins.items():
            threshold.setValue(settings.queue_targets[code].threshold_s)
            target.setValue(settings.queue_targets[code].target * 100)

    def _clear_targets(self) -> None:
        while self.targets_grid.count():
            item = self.targets_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.target_spins = {}

    # -- state ----------------------------------------------------------------------------------

    def show_settings(self, settings: SystemSettings) -> None:
        """Show ``settings`` (as read or as saved): the page's values from now on."""
        self.settings = settings
        self.short_abandon_spin.setValue(settings.short_abandon_s)
        self.loss_spin.setValue(settings.care_holding_loss_pct)
        self.confirmation_spin.setValue(settings.care_confirmation_after_days)
        self._show_targets(settings)
        self._shown = self._values()
        self._update_buttons()

    def _values(self) -> tuple[float, ...]:
        values = [
            self.short_abandon_spin.value(),
            self.loss_spin.value(),
            float(self.confirmation_spin.value()),
        ]
        for threshold, target in self.target_spins.values():
            values += [threshold.value(), target.value()]
        return tuple(values)

    def has_changes(self) -> bool:
        return self.settings is not None and self._values() != self._shown

    def edited(self) -> SystemSettings | None:
        """The settings read, with the page's values (and the version read); None before the
        first load."""
        if self.settings is None:
            return None
        targets = {
            code: self.settings.queue_targets[code].model_copy(
                update={"threshold_s": threshold.value(), "target": target.value() / 100}
            )
            for code, (threshold, target) in self.target_spins.items()
        }
        return self.settings.model_copy(
            update={
                "short_abandon_s": self.short_abandon_spin.value(),
                "care_holding_loss_pct": self.loss_spin.value(),
                "care_confirmation_after_days": self.confirmation_spin.value(),
                "queue_targets": targets,
            }
        )

    def _update_buttons(self) -> None:
        changed = self.has_changes() and not self._saving
        self.save_button.setEnabled(changed)
        self.revert_button.setEnabled(changed)
        self.save_action.setEnabled(changed)

    def _on_value_changed(self, _value: float) -> None:
        self._update_buttons()

    # -- loading and saving ---------------------------------------------------------------------

    def load(self) -> None:
        """Read the settings (and the queues' names) from the server and show them."""
        if self.reading or self._saving:
            return
        admin, reference = self._admin, self._reference
        self._read(
            lambda: (admin.settings(), reference_queues(reference)),
            self._show_read,
            self.tr("The settings could not be read: %1"),
        )

    def _show_read(self, result: tuple[SystemSettings, list[QueueInfo]]) -> None:
        settings, queues = result
        self._queue_names = {queue.code: reference_label(queue) for queue in queues}
        self.show_settings(settings)

    def revert(self) -> None:
        """Show the settings as read, dropping the edits."""
        if self.settings is not None:
            self.show_settings(self.settings)

    def save(self) -> None:
        wanted = self.edited()
        if wanted is None or not self.has_changes() or self._saving:
            return
        self._saving = True
        self._update_buttons()
        admin = self._admin
        BackgroundOp(self, lambda: admin.save_settings(wanted)).success(
            self._on_settings_saved
        ).failure(self._on_save_failed).run()

    def _on_settings_saved(self, saved: SystemSettings) -> None:
        self._saving = False
        self.show_settings(saved)
        self.message_posted.emit(self.tr("Settings saved."))

    def _on_save_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, StaleRecord):
            self.message_posted.emit(
                self.tr("Someone else saved these settings; they were read again.")
            )
            self.load()
            return
        # Anything else (the server unreachable, a value refused): the edits stay, to save again
        # or revert.
        self._update_buttons()
        self.message_posted.emit(error_sentence(exc))
