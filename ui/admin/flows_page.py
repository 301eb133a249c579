"""The administrator's flows page: publish scripted service flow files, and see every published
version.

Publishing checks the chosen files here first, as ``agentdesk flows validate`` does: a file with
findings publishes nothing (not even the clean files chosen with it), and the findings list
names the file, the line and the step of each. Clean files are published, each as an immutable
``id@version``; the list of published versions is then read again. Threading: GUI thread only;
checking, publishing and reading run in background operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from agentdesk.flows.source import FlowIssue
from agentdesk.services import AdminService, FlowPublishResult, FlowVersionInfo, ReferenceService
from ui.admin.admin_page import AdminPage
from ui.kit.error_text import error_sentence
from ui.kit.formatting import format_datetime
from ui.kit.naming import named
from ui.kit.record_table import RIGHT, Column, RecordTableModel
from ui.kit.record_table_view import RecordTableView
from ui.kit.vocabulary import chinese_ui
from ui.kit.workers import BackgroundOp

__all__ = ["FlowsPage"]


class FlowsPage(AdminPage):
    # A publish finished (carries the FlowPublishResult): findings or the versions published.
    publish_finished = Signal(object)

    def __init__(
        self,
        admin: AdminService,
        parent: QWidget | None = None,
        *,
        reference: ReferenceService | None = None,
    ) -> None:
        super().__init__(admin, parent, reference=reference, object_name="flowsPage")
        self._publishing = False
        self.last_result: FlowPublishResult | None = None

        self.findings_model: RecordTableModel[FlowIssue] = RecordTableModel(
            [
                Column(self.tr("File"), lambda i: Path(i.file).name, tooltip=lambda i: i.file),
                Column(self.tr("Line"), lambda i: str(i.line), RIGHT),
                Column(self.tr("Step"), lambda i: i.node),
                Column(self.tr("Finding"), lambda i: i.message),
            ],
            parent=self,
        )
        self.published_model: RecordTableModel[FlowVersionInfo] = RecordTableModel(
            [
                Column(self.tr("Flow"), _title),
                Column(self.tr("Flow ID"), lambda f: f.flow_id),
                Column(self.tr("Version"), lambda f: str(f.version), RIGHT),
                Column(self.tr("Published"), lambda f: format_datetime(f.published_at)),
                Column(self.tr("Published by"), lambda f: f.published_by),
            ],
            parent=self,
        )
        self.choose_button = named(
            QPushButton(self.tr("&Choose flow files…")), "chooseFlowFilesButton"
        )
        self.choose_button.setToolTip(
            self.tr("Check flow files (YAML) and publish them when they have no finding")
        )
        self.intro_label = named(
            QLabel(
                self.tr(
                    "Choose validated flow files to publish; a file with findings publishes "
                    "nothing. A published version never changes: to change a flow, publish it "
                    "with a higher version."
                )
            ),
            "mutedLabel",
        )
        self.intro_label.setWordWrap(True)
        self.result_label = named(QLabel(), "flowResultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName(self.tr("Result of the last publish"))
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setAccessibleName(self.tr("Flows problem"))
        self.findings_view = named(
            RecordTableView(
                self.findings_model,
                self.tr("Findings"),
                column_widths=(180, 60, 140, 420),
                empty_text=self.tr("No finding."),
            ),
            "flowFindingsView",
        )
        self.published_view = named(
            RecordTableView(
                self.published_model,
                self.tr("Published flow versions"),
                column_widths=(240, 160, 70, 140, 120),
                empty_text=self.tr("No flow version is published yet."),
            ),
            "publishedFlowsView",
        )
        self._build_layout()
        self.choose_button.clicked.connect(self.open_chooser)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.intro_label, 1)
        top.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        self.findings_box = QWidget()
        findings_layout = QVBoxLayout(self.findings_box)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        findings_title = QLabel(self.tr("Fin&dings of the last check:"))
        findings_title.setBuddy(self.findings_view)
        findings_layout.addWidget(findings_title)
        findings_layout.addWidget(self.findings_view)
        self.findings_box.setVisible(False)
        published = QWidget()
        published_layout = QVBoxLayout(published)
        published_layout.setContentsMargins(0, 0, 0, 0)
        published_title = QLabel(self.tr("&Published versions:"))
        published_title.setBuddy(self.published_view)
        published_layout.addWidget(published_title)
        published_layout.addWidget(self.published_view)
        splitter = named(QSplitter(Qt.Orientation.Vertical), "flowsSplitter")
        splitter.addWidget(self.findings_box)
        splitter.addWidget(published)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addWidget(splitter, 1)

    # -- loading --------------------------------------------------------------------------------

    def load(self) -> None:
        """Read every published version from the server and list it."""
        self._read(
            self._admin.published_flows,
            self.published_model.set_rows,
            self.tr("The published flows could not be read: %1"),
        )

    # -- publishing -----------------------------------------------------------------------------

    def open_chooser(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Choose flow files to publish"))
        dialog.setObjectName("flowFilesDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([self.tr("Flow files (*.yaml *.yml)")])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(lambda files: self.publish([Path(f) for f in files]))
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def publish(self, paths: Sequence[Path]) -> None:
        """Check ``paths`` and publish them when there is no finding (in the background)."""
        if self._publishing or not paths:
            return
        self._publishing = True
        self.choose_button.setEnabled(False)
        self.result_label.setText(self.tr("Checking and publishing…"))
        admin, files = self._admin, list(paths)
        BackgroundOp(self, lambda: admin.publish_flows(files)).success(
            self._on_publish_finished
        ).failure(self._on_publish_failed).run()

    def _on_publish_finished(self, result: FlowPublishResult) -> None:
        self._publishing = False
        self.choose_button.setEnabled(True)
        self.last_result = result
        self.findings_model.set_rows(result.issues)
        self.findings_box.setVisible(bool(result.issues))
        if result.issues:
            message = self.tr("Nothing was published: %n finding(s).", "", len(result.issues))
            self.result_label.setText(message)
        else:
            message = self.tr("Published %n flow version(s).", "", len(result.published))
            self.result_label.setText(
                message
                + " "
                + ", ".join(f"{_title(f)} ({f.flow_id} v{f.version})" for f in result.published)
            )
            self.load()
        self.message_posted.emit(message)
        self.publish_finished.emit(result)

    def _on_publish_failed(self, exc: BaseException) -> None:
        self._publishing = False
        self.choose_button.setEnabled(True)
        sentence = error_sentence(exc)
        self.result_label.setText(self.tr("Not published: %1").replace("%1", sentence))
        self.message_posted.emit(sentence)
        # Some files may have been published before the refusal: show what is.
        self.load()


def _title(flow: FlowVersionInfo) -> str:
    return (flow.title_zh if chinese_ui() else flow.title_en) or flow.flow_id
