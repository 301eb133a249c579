"""``agentdesk flows publish``: an administrator sends flow files to the backend.

Each file is checked here first (so a typo costs no round trip), then published; the server
validates again and keeps the version immutable. The password is asked for on the terminal and
never stored; the connection is the desktop's own (its backend URL, CA bundle, TLS checks).
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from agentdesk.client import ApiClient
from agentdesk.client.http import build_http_client
from agentdesk.config.desktop import DesktopSettings
from agentdesk.contract.flows import FlowVersionInfo
from agentdesk.errors import AgentDeskError
from agentdesk.flow_library import LibraryReport, check_files

__all__ = ["publish_checked", "publish_files"]


def publish_checked(api: ApiClient, report: LibraryReport) -> list[FlowVersionInfo]:
    """Publish the flows of a clean report (the CLI's and the admin console's one way)."""
    if report.issues:
        raise ValueError("a report with findings is not published")
    return [
        api.publish_flow(Path(source.file).read_text(encoding="utf-8"), Path(source.file).name)
        for source in report.sources
    ]


def publish_files(
    settings: DesktopSettings,
    paths: Sequence[str],
    *,
    username: str,
    out: TextIO,
    ask_password: Callable[[str], str] = getpass.getpass,
) -> int:
    """Exit status 0 when every file is published (or was, with the same text), 1 otherwise."""
    report = check_files([Path(p) for p in paths])
    for issue in report.issues:
        print(issue, file=out)
    if report.issues:
        print("nothing published: fix the problems above first", file=out)
        return 1
    api = ApiClient(build_http_client(settings))
    try:
        api.login(
            username, ask_password(f"password for {username}: "), f"publish-{uuid.uuid4().hex[:8]}"
        )
        for info in publish_checked(api, report):
            print(f"published {info.flow_id}@{info.version} ({info.title_en})", file=out)
    except AgentDeskError as exc:
        print(f"not published: {exc.code}: {exc.detail or exc}", file=out)
        return 1
    finally:
        api.logout()
    return 0
