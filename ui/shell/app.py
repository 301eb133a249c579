"""GUI entry points called by the composition root (``agentdesk.cli``).

``run_gui`` is the agent's desktop; ``run_demo`` signs in as the demo agent against the
embedded demo backend (and can take a screenshot for docs and CI). Both build the services,
the event bridge and the controller here, and nowhere else.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox

from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.errors import AgentDeskError
from agentdesk.services import AppServices
from agentdesk.services.wiring import build_app_services
from ui.kit.bridge import EventBridge
from ui.kit.error_text import error_sentence
from ui.kit.gc_guard import install_gui_thread_gc
from ui.kit.i18n import install_translators
from ui.kit.icons import icon
from ui.kit.theme import apply_theme, value_colors
from ui.shell.app_controller import AppController
from ui.shell.demo_run import DemoRun
from ui.shell.startup_trace import StartupTrace

__all__ = ["run_demo", "run_gui"]

log = logging.getLogger(__name__)

# Background operations still running at exit get this long to finish (e.g. sign-out).
SHUTDOWN_WAIT_MS = 5_000


def _application(settings: DesktopSettings) -> QApplication:
    existing = QApplication.instance()  # a test harness may own it already
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("AgentDesk")
    app.setOrganizationName("AgentDesk")
    app.setDesktopFileName("agentdesk")
    app.setWindowIcon(icon("agentdesk"))
    app.setQuitOnLastWindowClosed(True)
    install_gui_thread_gc(app)
    translators = install_translators(app, settings.language)
    # Translators must outlive this function; the application object keeps them.
    app._agentdesk_translators = translators  # type: ignore[attr-defined]  # kept on the app
    apply_theme(app, settings.theme)
    return app


def _services_or_message(
    settings: DesktopSettings, paths: AppPaths, *, demo_mode: bool
) -> AppServices | None:
    try:
        return build_app_services(settings, paths, demo_mode=demo_mode)
    except AgentDeskError as exc:
        log.error("cannot start: %s (%s)", exc.code, exc.detail)
        QMessageBox.critical(None, "AgentDesk", error_sentence(exc))
        return None


def _controller(
    app: QApplication, settings: DesktopSettings, services: AppServices, bridge: EventBridge
) -> AppController:
    return AppController(
        services,
        bridge,
        quit_app=app.exit,
        theme=settings.theme,
        colors=value_colors(settings.theme, settings.language),
        on_theme_chosen=lambda theme: apply_theme(app, theme),
    )


def _trace_startup(app: QApplication, settings: DesktopSettings, bridge: EventBridge) -> None:
    if settings.startup_trace:
        StartupTrace(app, bridge, Path(settings.startup_trace))


def _exec(app: QApplication, services: AppServices, bridge: EventBridge) -> int:
    code = app.exec()
    bridge.close()
    QThreadPool.globalInstance().waitForDone(SHUTDOWN_WAIT_MS)
    # After the pool: a background operation may still be writing to the cache. Queued
    # changes stay in the cache and go out at the next start.
    try:
        services.close()
    except AgentDeskError as exc:
        log.error("closing the cache failed: %s (%s)", exc.code, exc.detail)
    return code


def run_gui(settings: DesktopSettings, paths: AppPaths) -> int:
    app = _application(settings)
    services = _services_or_message(settings, paths, demo_mode=False)
    if services is None:
        return 2
    bridge = EventBridge(services.bus)
    _trace_startup(app, settings, bridge)
    controller = _controller(app, settings, services, bridge)
    controller.start()
    return _exec(app, services, bridge)


def run_demo(
    settings: DesktopSettings,
    paths: AppPaths,
    *,
    username: str,
    password: str,
    screenshot: str | None = None,
    exit_after: float | None = None,
) -> int:
    app = _application(settings)
    services = _services_or_message(settings, paths, demo_mode=True)
    if services is None:
        return 2
    bridge = EventBridge(services.bus)
    _trace_startup(app, settings, bridge)
    controller = _controller(app, settings, services, bridge)
    demo = DemoRun(
        services,
        controller,
        username=username,
        password=password,
        quit_app=app.exit,
        screenshot=screenshot,
        exit_after=exit_after,
    )
    demo.start()
    return _exec(app, services, bridge)
