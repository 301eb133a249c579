"""The settings the server applies without a restart (``contract.admin.SystemSettings``): the
short-abandon threshold and each queue's service-level target for the switchboard's figures,
and the care rules' holding-loss threshold and confirmation delay.

One row of ``system_settings`` holds them as versioned JSON; before anyone saves, they are the
defaults (``TelephonySettings`` and ``resources/customer_rules.yaml``), version 0. A save names
the version it read (If-Match; a stale one is 412 with what is current), is audited with what
changed, and is applied at once: :func:`apply` gives the switchboard its new
``ServiceLevelRule`` of each queue (the next figures use them), and the care rules read
:func:`care_parameters` on each run (the care scan, a price change). The app applies the stored
row at start. Applying reaches this worker's switchboard: with several workers, the telephony
worker is the one that counts (see ``telephony/switchboard.py``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from agentdesk.config.telephony import TelephonySettings
from agentdesk.contract.admin import QueueTarget, SystemSettings
from agentdesk.customer_rules import CustomerRules, load_customer_rules
from agentdesk.domain.care_rules import CareParameters
from agentdesk.domain.errors import FieldIssue, InvalidValue, StaleVersion
from agentdesk.domain.queue_stats import ServiceLevelRule
from agentdesk.server import audit
from agentdesk.server.actor import Actor
from agentdesk.server.models import SystemSetting

__all__ = [
    "care_parameters",
    "current",
    "defaults",
    "service_levels",
    "update",
]

_ROW = 1


def defaults(telephony: TelephonySettings, rules: CustomerRules | None = None) -> SystemSettings:
    """What applies before anyone saves: the configuration's and the shipped rules'."""
    care = (rules or load_customer_rules()).care
    target = QueueTarget(
        threshold_s=telephony.service_level_s, target=telephony.service_level_target
    )
    return SystemSettings(
        version=0,
        short_abandon_s=telephony.short_abandon_s,
        queue_targets={queue: target for queue in telephony.queues},
        care_holding_loss_pct=float(care.holding_loss_pct),
        care_confirmation_after_days=care.confirmation_after_days,
    )


def current(session: Session, telephony: TelephonySettings) -> SystemSettings:
    """The settings in force: the stored row over the defaults (a queue added to the
    configuration since gets the default target; one removed is left out)."""
    base = defaults(telephony)
    row = session.get(SystemSetting, _ROW)
    if row is None:
        return base
    data: dict[str, Any] = {**base.model_dump(), **row.data, "version": row.version}
    stored = data.get("queue_targets") or {}
    data["queue_targets"] = {
        queue: stored.get(queue, base.queue_targets[queue]) for queue in telephony.queues
    }
    return SystemSettings.model_validate(data)


def _check_queues(telephony: TelephonySettings, settings: SystemSettings) -> None:
    for queue in settings.queue_targets:
        if queue not in telephony.queues:
            raise InvalidValue(
                "unknown_queue",
                f"no queue {queue}",
                fields=[FieldIssue(f"queue_targets.{queue}", f"no queue {queue}")],
            )


def _changes(before: dict[str, Any], after: dict[str, Any], prefix: str = "") -> dict[str, str]:
    changed: dict[str, str] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            changed.update(_changes(old, new, f"{prefix}{key}."))
        elif old != new:
            changed[f"{prefix}{key}"] = f"{old} → {new}"
    return changed


def update(
    session: Session,
    telephony: TelephonySettings,
    wanted: SystemSettings,
    *,
    expected_version: int | None,
    actor: Actor,
    now: datetime,
) -> SystemSettings:
    """Store ``wanted`` over the version the admin read (None: whatever is current); queues
    left out of ``queue_targets`` keep theirs. Audited with each changed value; the caller
    commits and applies."""
    _check_queues(telephony, wanted)
    row = session.get(SystemSetting, _ROW, with_for_update=True)
    now_in_force = current(session, telephony)
    if expected_version is not None and expected_version != now_in_force.version:
        raise StaleVersion(
            "settings.stale",
            f"the settings changed since version {expected_version}",
            current=now_in_force.model_dump(mode="json"),
            version=now_in_force.version,
        )
    before = now_in_force.model_dump(mode="json", exclude={"version"})
    after = wanted.model_dump(mode="json", exclude={"version"})
    after["queue_targets"] = {**before["queue_targets"], **after["queue_targets"]}
    version = now_in_force.version + 1
    if row is None:
        row = SystemSetting(id=_ROW, version=version, data=after)
        session.add(row)
    else:
        row.version = version
        row.data = after
    row.updated_at = now
    row.updated_by = actor.username
    audit.record(
        session,
        actor,
        at=now,
        action="update",
        entity="settings",
        entity_id="system",
        detail={"version": str(version), **_changes(before, after)},
    )
    session.flush()
    return SystemSettings.model_validate({**after, "version": version})


def service_levels(settings: SystemSettings) -> dict[str, ServiceLevelRule]:
    """The switchboard's rule of each queue."""
    return {
        queue: ServiceLevelRule(
            threshold_s=target.threshold_s,
            target=target.target,
            short_abandon_s=settings.short_abandon_s,
        )
        for queue, target in settings.queue_targets.items()
    }


def care_parameters(session: Session, base: CareParameters) -> CareParameters:
    """``base`` (the rules file's) with the thresholds the admin console saved, if any."""
    row = session.get(SystemSetting, _ROW)
    if row is None:
        return base
    data = row.data
    return replace(
        base,
        holding_loss_pct=Decimal(str(data.get("care_holding_loss_pct", base.holding_loss_pct))),
        confirmation_after_days=int(
            data.get("care_confirmation_after_days", base.confirmation_after_days)
        ),
    )
