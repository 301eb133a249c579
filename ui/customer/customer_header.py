"""The caller's header: who they are at a glance (name, tier, risk profile, alerts, RM).

Everything personal arrives masked from the core (phone, ID, e-mail); this panel never shows a
full number. The clock is passed in so the assessment age is testable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from agentdesk.domain.risk import assessment_expired
from agentdesk.services import CustomerProfile
from ui.customer.segment_text import segment_label, segment_reason, tier_reason_text
from ui.kit.badge import BadgeWidget
from ui.kit.formatting import format_assessment_age, format_money
from ui.kit.naming import named
from ui.kit.vocabulary import alert_name, tier_name

__all__ = ["CustomerHeaderPanel"]


class CustomerHeaderPanel(QFrame):
    def __init__(self, parent: QWidget | None = None, *, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.setObjectName("customerHeader")
        self._today = today

        self._name = named(QLabel(), "customerName")
        self._name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._name.setAccessibleName(self.tr("Customer name"))
        self._pinyin = named(QLabel(), "mutedLabel")
        self._tier = BadgeWidget("tierBadge", tier="mass")
        self._tier.setAccessibleName(self.tr("Tier"))
        self._risk = BadgeWidget("riskBadge", expired=False)
        self._risk.setAccessibleName(self.tr("Risk profile"))
        self._alerts = QHBoxLayout()
        self._alerts.setSpacing(6)
        # Segment chips, each with its reason on hover (which figure put the customer there).
        self._segments = QHBoxLayout()
        self._segments.setSpacing(6)
        segment_row = QHBoxLayout()
        segment_row.addLayout(self._segments)
        segment_row.addStretch(1)

        title = QHBoxLayout()
        title.setSpacing(10)
        title.addWidget(self._name)
        title.addWidget(self._pinyin, 0, Qt.AlignmentFlag.AlignBottom)
        title.addSpacing(6)
        title.addWidget(self._tier)
        title.addWidget(self._risk)
        title.addStretch(1)
        title.addLayout(self._alerts)

        self._fields: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        fields = [
            ("cif", self.tr("CIF number")),
            ("phone", self.tr("Phone")),
            ("id_number", self.tr("ID number")),
            ("rm", self.tr("Relationship manager")),
            ("aum", self.tr("AUM (CNY)")),
            ("email", self.tr("Email")),
        ]
        for position, (key, caption) in enumerate(fields):
            row, pair = divmod(position, 3)
            label = named(QLabel(caption), "fieldLabel")
            value = named(QLabel(), "fieldValue")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(caption)
            label.setBuddy(value)
            grid.addWidget(label, row, pair * 2)
            grid.addWidget(value, row, pair * 2 + 1)
            self._fields[key] = value
        for pair in range(3):
            grid.setColumnStretch(pair * 2 + 1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(title)
        layout.addLayout(segment_row)
        layout.addLayout(grid)

    def show_profile(self, profile: CustomerProfile) -> None:
        self._name.setText(profile.name)
        # Pinyin helps an agent pronounce a Chinese name; for a Latin name it only repeats it.
        same = profile.name_pinyin.replace(" ", "") == profile.name.replace(" ", "").lower()
        self._pinyin.setText("" if same else profile.name_pinyin)
        tier = str(profile.tier)
        self._tier.setText(tier_name(tier))
        self._tier.set_style_property("tier", tier)
        reason = profile.tier_reason
        self._tier.setToolTip(tier_reason_text(reason, tier) if reason else tier_name(tier))
        self._tier.setAccessibleDescription(self._tier.toolTip())

        expired = assessment_expired(profile.risk_assessed_on, self._today())
        age = format_assessment_age(profile.risk_assessed_on, self._today())
        risk = str(profile.risk_profile)
        if expired:
            text = self.tr("%1 · assessment expired").replace("%1", risk)
        else:
            text = f"{risk} · {age}"
        self._risk.setText(text)
        self._risk.setToolTip(
            self.tr("Risk profile %1, %2 (on %3)")
            .replace("%1", risk)
            .replace("%2", age)
            .replace("%3", profile.risk_assessed_on.isoformat())
        )
        self._risk.set_style_property("expired", expired)

        self._show_alerts(profile)
        self._show_segments(profile)
        self._fields["cif"].setText(profile.cif)
        self._fields["phone"].setText(profile.phone_masked)
        self._fields["id_number"].setText(profile.id_number_masked)
        self._fields["rm"].setText(profile.relationship_manager or self.tr("None assigned"))
        self._fields["aum"].setText(format_money(profile.aum))
        self._fields["email"].setText(profile.email_masked or "—")

    @staticmethod
    def _clear(layout: QHBoxLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _show_segments(self, profile: CustomerProfile) -> None:
        self._clear(self._segments)
        for info in profile.segment_details:
            chip = BadgeWidget("segmentChip", segment_label(info), kind=info.kind)
            chip.setToolTip(segment_reason(info))
            chip.setAccessibleName(self.tr("Segment: %1").replace("%1", segment_label(info)))
            chip.setAccessibleDescription(chip.toolTip())
            self._segments.addWidget(chip)

    def _show_alerts(self, profile: CustomerProfile) -> None:
        self._clear(self._alerts)
        for alert in profile.alerts:
            kind = str(alert.kind)
            chip = BadgeWidget("alertChip", alert_name(kind), kind=kind)
            chip.setToolTip(alert.note or alert_name(kind))
            chip.setAccessibleName(self.tr("Alert: %1").replace("%1", alert_name(kind)))
            self._alerts.addWidget(chip)
        if profile.do_not_call:
            chip = BadgeWidget("alertChip", self.tr("Do not call"), kind="do_not_call")
            chip.setAccessibleName(self.tr("Do not call"))
            self._alerts.addWidget(chip)
