"""The words of the staff and team pages: role names, an account's status, and lists of queues
by their labels (a code shows as itself only when no label is known).

Threading: GUI thread (translations follow the translator installed at the call).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QCoreApplication

from agentdesk.services import Role

__all__ = ["ROLES", "account_status_name", "labelled_list", "role_name"]

# The order the role combos offer them: the most common first.
ROLES = (Role.AGENT, Role.SUPERVISOR, Role.ADMIN)


def role_name(role: str) -> str:
    names = {
        Role.AGENT.value: QCoreApplication.translate("PeopleText", "Agent"),
        Role.SUPERVISOR.value: QCoreApplication.translate("PeopleText", "Supervisor"),
        Role.ADMIN.value: QCoreApplication.translate("PeopleText", "Administrator"),
    }
    key = str(role)
    return names.get(key, key)


def account_status_name(active: bool) -> str:
    if active:
        return QCoreApplication.translate("PeopleText", "Active")
    return QCoreApplication.translate("PeopleText", "Deactivated")


def labelled_list(codes: Iterable[str], names: Mapping[str, str]) -> str:
    """``codes`` (queues, usernames) by their names, comma-separated in the UI language; a
    code without a name as itself."""
    separator = QCoreApplication.translate("PeopleText", ", ")
    return separator.join(names.get(code, code) for code in codes)
