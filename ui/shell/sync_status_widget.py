"""The sync corner of the main window's status bar.

From left to right: the initial-sync progress (shown only while a pull of several pages runs),
the "changes need your attention" chip, the warning chip when offline changes cannot survive a
restart (no secure keyring), and the connectivity indicator with the count of changes waiting.

It owns the "Sync now" and "Changes needing attention" actions (the main window puts them in
its menu). Everything that reads the cache or talks to the backend runs in a background
operation; core events arrive through the bridge. Nothing here is modal: an agent on a call is
never interrupted.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QToolButton,
    QWidget,
)

from agentdesk.events import (
    Connectivity,
    ConnectivityChanged,
    MutationNeedsAttention,
    OutboxChanged,
    SessionStarted,
    SyncProgress,
)
from agentdesk.services import AppServices, SyncStatus
from ui.kit.actions import make_action
from ui.kit.bridge import EventBridge
from ui.kit.error_text import error_sentence
from ui.kit.naming import named
from ui.kit.workers import BackgroundOp
from ui.shell.connectivity_widget import ConnectivityWidget

__all__ = ["SHOW_PROBLEMS_SHORTCUT", "SYNC_NOW_SHORTCUT", "SyncStatusWidget"]

SYNC_NOW_SHORTCUT = "Ctrl+Shift+S"
SHOW_PROBLEMS_SHORTCUT = "Ctrl+Shift+P"
# How long a transient notice stays in the status bar's message area.
NOTICE_MS = 20_000


def _native(shortcut: str) -> str:
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


class SyncStatusWidget(QWidget):
    # The agent asked to see the changes that need attention (chip or menu).
    problems_requested = Signal()
    # A sentence for the status bar's message area (transient, never a dialog).
    notice_posted = Signal(str, int)
    # A "sync now" round ended: True when it reached the backend.
    sync_finished = Signal(bool)
    # A fresh SyncStatus is on screen (counts, cache problem).
    status_refreshed = Signal(object)

    def __init__(
        self, services: AppServices, bridge: EventBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self._services = services
        self._bridge = bridge
        self._refreshing = False
        self._refresh_again = False
        self._seen_connectivity = bridge.last_connectivity is not None
        self.syncing = False
        self.needs_attention = 0
        self.cache_problem: str | None = None

        self._build_actions()
        self._build_widgets()

        bridge.connectivity_changed.connect(self._on_bridge_connectivity_changed)
        bridge.outbox_changed.connect(self._on_bridge_outbox_changed)
        bridge.sync_progressed.connect(self._on_bridge_sync_progressed)
        bridge.mutation_flagged.connect(self._on_bridge_mutation_flagged)
        bridge.session_started.connect(self._on_bridge_session_started)
        if bridge.last_connectivity is not None:
            self.indicator.show_state(bridge.last_connectivity)
        if bridge.last_progress is not None:
            self.show_progress(bridge.last_progress)
        self.refresh()

    # -- layout --------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.sync_now_action = make_action(
            self,
            self.tr("Sync &now"),
            SYNC_NOW_SHORTCUT,
            self.tr("Send the changes waiting and fetch what changed on the server"),
            self._on_sync_now_action_triggered,
            object_name="syncNowAction",
        )
        self.show_problems_action = make_action(
            self,
            self.tr("Changes needing &attention…"),
            SHOW_PROBLEMS_SHORTCUT,
            self.tr("Show the saved changes the server did not take, and resolve them"),
            self.problems_requested.emit,
            object_name="showSyncProblemsAction",
        )

    def _build_widgets(self) -> None:
        self.progress_label = named(QLabel(), "syncProgressLabel")
        self.progress_bar = named(QProgressBar(), "syncProgressBar")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedWidth(120)
        self.progress_bar.setAccessibleName(self.tr("Synchronisation progress"))
        self.progress_row = named(QWidget(), "syncProgressRow")
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.setSpacing(6)
        progress_layout.addWidget(self.progress_label)
        progress_layout.addWidget(self.progress_bar, 0, Qt.AlignmentFlag.AlignVCenter)
        self.progress_row.hide()

        self.attention_chip = named(QToolButton(), "syncAttentionChip")
        self.attention_chip.setAccessibleName(self.tr("Changes needing attention"))
        self.attention_chip.setCursor(Qt.CursorShape.PointingHandCursor)
        self.attention_chip.setToolTip(
            self.tr("Open the list of changes to resolve (%1)").replace(
                "%1", _native(SHOW_PROBLEMS_SHORTCUT)
            )
        )
        self.attention_chip.clicked.connect(self.problems_requested.emit)
        self.attention_chip.hide()

        self.cache_chip = named(QLabel(), "cacheProblemChip")
        self.cache_chip.setAccessibleName(self.tr("Offline changes not kept"))
        self.cache_chip.setText(
            self.tr("Unsent changes are lost at exit: enable the system keyring")
        )
        self.cache_chip.setToolTip(
            self.tr(
                "This computer has no secure keyring, so AgentDesk keeps the changes you save "
                "only until it closes: anything not yet sent to the server is lost at exit. "
                "To fix it, install and unlock a system keyring (Windows Credential Manager, "
                "macOS Keychain, or GNOME Keyring or KWallet on Linux) and restart AgentDesk."
            )
        )
        self.cache_chip.setAccessibleDescription(self.cache_chip.toolTip())
        self.cache_chip.hide()

        self.indicator = ConnectivityWidget()
        self.indicator.set_shortcut_text(_native(SYNC_NOW_SHORTCUT))
        self.indicator.clicked.connect(self._on_sync_now_action_triggered)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        # The status bar gives room to its message area first; these texts must never clip.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.attention_chip)
        layout.addWidget(self.cache_chip)
        layout.addWidget(self.indicator)

    # -- public --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the counts and the cache problem off the GUI thread (coalesced)."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        sync = self._services.sync

        def read() -> tuple[SyncStatus, str | None]:
            problem = sync.cache_problem  # opens the cache if needed: off the GUI thread
            return sync.status(), problem

        BackgroundOp(self, read).success(self._on_status_read).failure(
            self._on_status_read_failed
        ).run()

    def show_progress(self, event: SyncProgress) -> None:
        if event.total <= 0 or event.done >= event.total:
            self.progress_row.hide()
            return
        percent = int(100 * event.done / event.total)
        if event.indexing:
            text = self.tr("Building the customer search index… %1%")
        else:
            text = self.tr("Synchronising customers… %1%")
        self.progress_label.setText(text.replace("%1", str(percent)))
        self.progress_bar.setRange(0, event.total)
        self.progress_bar.setValue(event.done)
        self.progress_row.show()

    def show_status(self, status: SyncStatus, cache_problem: str | None) -> None:
        if not self._seen_connectivity:
            self.indicator.show_state(
                ConnectivityChanged(status.connectivity, status.changes_waiting)
            )
        else:
            self.indicator.show_waiting(status.changes_waiting)
        self.needs_attention = status.needs_attention
        if status.needs_attention == 1:
            self.attention_chip.setText(self.tr("1 change needs your attention"))
        elif status.needs_attention:
            self.attention_chip.setText(
                self.tr("%1 changes need your attention").replace("%1", str(status.needs_attention))
            )
        self.attention_chip.setVisible(status.needs_attention > 0)
        self.cache_problem = cache_problem or status.cache_problem
        self.cache_chip.setVisible(self.cache_problem is not None)
        self.status_refreshed.emit(status)

    # -- slots ---------------------------------------------------------------------------

    def _on_status_read(self, result: tuple[SyncStatus, str | None]) -> None:
        self._refreshing = False
        self.show_status(*result)
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    def _on_status_read_failed(self, _exc: BaseException) -> None:
        # The indicator keeps what the events said; the next event triggers another read.
        self._refreshing = False
        self._refresh_again = False

    def _on_bridge_connectivity_changed(self, event: ConnectivityChanged) -> None:
        self._seen_connectivity = True
        self.indicator.show_state(event)
        if event.state is Connectivity.OFFLINE:
            # A pull cut off midway resumes later; a frozen percentage would only mislead.
            self.progress_row.hide()

    def _on_bridge_outbox_changed(self, event: OutboxChanged) -> None:
        self.indicator.show_waiting(event.waiting)
        self.refresh()  # the attention count may have changed with it

    def _on_bridge_sync_progressed(self, event: SyncProgress) -> None:
        self.show_progress(event)

    def _on_bridge_session_started(self, _event: SessionStarted) -> None:
        self.refresh()

    def _on_bridge_mutation_flagged(self, event: MutationNeedsAttention) -> None:
        if event.status == "conflict":
            text = self.tr(
                "A change you saved conflicts with someone else's: choose which to keep (%1)."
            )
        else:
            text = self.tr(
                "The server did not accept a change you saved: see why and discard it (%1)."
            )
        self.notice_posted.emit(text.replace("%1", _native(SHOW_PROBLEMS_SHORTCUT)), NOTICE_MS)
        self.refresh()

    def _on_sync_now_action_triggered(self) -> None:
        if self.syncing:
            return
        self.syncing = True
        self.sync_now_action.setEnabled(False)
        self.indicator.set_syncing(True)
        self.notice_posted.emit(self.tr("Synchronising…"), NOTICE_MS)
        BackgroundOp(self, self._services.sync.sync_now).success(
            self._on_sync_now_finished
        ).failure(self._on_sync_now_failed).run()

    def _on_sync_now_finished(self, reached: bool) -> None:
        self._end_sync()
        if reached:
            text = self.tr("Synchronised: the server has your changes and you have its.")
        else:
            text = self.tr(
                "The server could not be reached. Your changes wait on this computer and are "
                "sent when it answers."
            )
        self.notice_posted.emit(text, NOTICE_MS)
        self.sync_finished.emit(bool(reached))
        self.refresh()

    def _on_sync_now_failed(self, exc: BaseException) -> None:
        self._end_sync()
        self.notice_posted.emit(error_sentence(exc), NOTICE_MS)
        self.sync_finished.emit(False)
        self.refresh()

    def _end_sync(self) -> None:
        self.syncing = False
        self.sync_now_action.setEnabled(True)
        self.indicator.set_syncing(False)
