"""A complaint's clock in words: step names, deadlines, countdowns, events, letters, causes.

The rule packs carry each rule's own wording in English and Chinese (``Texts``); the words around
them (step names, "Decide by …", "3 days left") are the UI's, translated through Qt Linguist
with the glossary's terms. Dates read in full ("Thu 8 Oct 2026"), in the UI language.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from agentdesk.domain.complaints.clock import Clock, StepDue
from agentdesk.domain.complaints.rules import Texts
from ui.kit.vocabulary import chinese_ui

__all__ = [
    "clock_note",
    "countdown_text",
    "counted",
    "deadline_sentence",
    "due_end",
    "event_kind_name",
    "long_date",
    "notice_kind_name",
    "root_cause_name",
    "rule_words",
    "satisfaction_name",
    "step_name",
    "unit_words",
]

_ZONES = {
    "cn": ZoneInfo("Asia/Shanghai"),
    "uk": ZoneInfo("Europe/London"),
    "us": ZoneInfo("America/New_York"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("ComplaintClock", text)


def counted(count: int, one: str, many: str) -> str:
    """``one`` or ``many`` (each with %1 for the number), translated. Two sources rather than a
    Qt plural: English has no translation file to pick its forms, Chinese needs only one."""
    return (_t(one) if count == 1 else _t(many)).replace("%1", str(count))


def rule_words(text: Texts) -> str:
    """A rule pack's wording in the UI language."""
    return text.zh_CN if chinese_ui() else text.en


def long_date(day: date) -> str:
    """ "Thu 8 Oct 2026" / "2026年10月8日 星期四"."""
    qdate = QDate(day.year, day.month, day.day)
    if chinese_ui():
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China).toString(
            qdate, "yyyy年M月d日 dddd"
        )
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom).toString(
        qdate, "ddd d MMM yyyy"
    )


def step_name(step: str) -> str:
    names = {
        "decision": _t("Decision"),
        "acknowledgment": _t("Acknowledgement"),
        "summary-resolution": _t("Summary resolution"),
        "final-response": _t("Final response"),
        "investigation": _t("Investigation"),
        "resolution": _t("Resolution"),
        "response": _t("Response"),
    }
    return names.get(step, step)


def _step_due_words(step: str) -> str:
    """ "Decide by %1", in the step's own verb."""
    words = {
        "decision": _t("Decide by %1"),
        "acknowledgment": _t("Acknowledge by %1"),
        "summary-resolution": _t("Summary resolution by %1"),
        "final-response": _t("Final response by %1"),
        "investigation": _t("Investigate by %1"),
        "resolution": _t("Resolve by %1"),
        "response": _t("Respond by %1"),
    }
    return words.get(step, _t("Due by %1"))


def unit_words(count: int, unit: str) -> str:
    if unit == "business_days":
        return counted(count, "%1 business day", "%1 business days")
    if unit == "weeks":
        return counted(count, "%1 week", "%1 weeks")
    return counted(count, "%1 day", "%1 days")


def _moved(step: StepDue) -> bool:
    """The due date was moved off a non-working day (the rule's ``roll: forward``): the count
    alone would have ended earlier."""
    if step.unit != "calendar_days" or step.paused_days:
        return False
    return (step.due_date - step.start).days > step.count


def deadline_sentence(step: StepDue, received: date) -> str:
    """ "Decide by Thu 8 Oct 2026 — 15 days from receipt, moved past a public holiday"."""
    head = _step_due_words(step.step).replace("%1", long_date(step.due_date))
    span = unit_words(step.count, step.unit)
    if step.start != received:
        basis = _t("%1 from the new facts")
    elif step.extensions:
        basis = _t("%1 from receipt, with the extension")
    else:
        basis = _t("%1 from receipt")
    parts = [basis.replace("%1", span)]
    if step.paused_days:
        parts.append(
            counted(step.paused_days, "%1 paused day not counted", "%1 paused days not counted")
        )
    if _moved(step):
        parts.append(_t("moved past a public holiday"))
    return f"{head} — {', '.join(parts)}"


def clock_note(clock: Clock) -> str:
    """The clock's caveat, if any: a year whose holiday schedule is not yet published."""
    if clock.provisional:
        return _t(
            "Provisional: the holiday schedule of a year this deadline reaches is not published "
            "yet; the date may move when it is."
        )
    return ""


def due_end(step: StepDue, regime: str) -> datetime:
    """The end of the due day in the regime's own time zone (the deadline's last moment)."""
    zone = _ZONES.get(regime, _ZONES["cn"])
    return datetime.combine(step.due_date, time(23, 59, 59), zone)


def countdown_text(left_seconds: float) -> str:
    """ "2 d 4 h left", "3 h 12 min left", "overdue by 1 d 2 h"."""
    overdue = left_seconds < 0
    seconds = int(abs(left_seconds))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    if days:
        span = _t("%1 d %2 h").replace("%1", str(days)).replace("%2", str(hours))
    elif hours:
        span = _t("%1 h %2 min").replace("%1", str(hours)).replace("%2", str(minutes))
    else:
        span = _t("%1 min").replace("%1", str(minutes))
    return (_t("overdue by %1") if overdue else _t("%1 left")).replace("%1", span)


def event_kind_name(kind: str) -> str:
    names = {
        "paused": _t("Paused (outside appraisal)"),
        "resumed": _t("Resumed"),
        "new-facts": _t("New facts (clock restarts)"),
        "extended": _t("Extension"),
        "further-extended": _t("Further extension (head office)"),
        "in-progress": _t("First response: in progress"),
        "provisional-credit": _t("Provisional credit given"),
    }
    return names.get(kind, kind)


def notice_kind_name(kind: str) -> str:
    names = {
        "acknowledgement": _t("Acknowledgement letter"),
        "holding": _t("Holding response"),
        "final": _t("Final response letter"),
    }
    return names.get(kind, kind)


def root_cause_name(cause: str) -> str:
    names = {
        "product_design": _t("Product design"),
        "fee_disclosure": _t("Fee disclosure"),
        "sales_suitability": _t("Sales suitability"),
        "staff_conduct": _t("Staff conduct"),
        "process_error": _t("Process error"),
        "system_error": _t("System error"),
        "third_party": _t("Third party"),
        "customer_misunderstanding": _t("Customer misunderstanding"),
        "fraud": _t("Fraud"),
        "no_fault_found": _t("No fault found"),
    }
    return names.get(cause, cause)


def satisfaction_name(value: str) -> str:
    names = {
        "satisfied": _t("Satisfied"),
        "partly": _t("Partly satisfied"),
        "dissatisfied": _t("Dissatisfied"),
        "no_answer": _t("No answer"),
    }
    return names.get(value, value)
