"""``agentdesk``: the entry point and the composition root of every AgentDesk process.

    agentdesk [gui]        the desktop (default)
    agentdesk demo         embedded backend with demo data + the desktop signed in as a demo agent
    agentdesk server       migrate the database and serve the REST API
    agentdesk seed         fill a database with demo bank data
    agentdesk self-test    check this installation (Qt plugins, keyring, TLS roots, backend)
    agentdesk flows validate [PATH…]   check flow files (default: the shipped library)
    agentdesk flows publish FILE…      publish flow versions to the backend (administrators)
    agentdesk complaints clock …       a complaint's deadlines under a regime's rules

The GUI is the optional ``gui`` extra and the core must not depend on it, so this module loads
``ui.shell.app`` by name only when a GUI command runs (a server host without Qt gets a clear error).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from types import ModuleType

from agentdesk import __version__
from agentdesk.complaint_clock_cli import add_clock_parser, run_clock
from agentdesk.config.paths import AppPaths
from agentdesk.config.settings import Settings, load_settings
from agentdesk.errors import AgentDeskError
from agentdesk.logging_setup import configure_logging

__all__ = ["main"]

log = logging.getLogger(__name__)
DEFAULT_PORT = 8765


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="agentdesk", description="AgentDesk agent workstation")
    parser.add_argument("--version", action="version", version=f"agentdesk {__version__}")
    commands = parser.add_subparsers(dest="command")

    gui = commands.add_parser("gui", help="run the desktop (default)")
    gui.add_argument("--backend-url", help="backend base URL (overrides the config files)")
    gui.add_argument("--language", choices=["en", "zh_CN"])

    demo = commands.add_parser("demo", help="run the desktop against an embedded demo backend")
    demo.add_argument("--customers", type=int, default=2000, help="demo customers to seed")
    demo.add_argument("--port", type=int, default=0, help="backend port (0: a free one)")
    demo.add_argument("--language", choices=["en", "zh_CN"])
    demo.add_argument("--screenshot", metavar="FILE", help="save a PNG of the window after a call")
    demo.add_argument("--exit-after", type=float, metavar="SECONDS", help="quit after this long")
    demo.add_argument("--reset", action="store_true", help="recreate the demo database")
    demo.add_argument(
        "--backend-url",
        help="sign the demo user in to this running backend instead of starting one (benchmarks)",
    )
    demo.add_argument(
        "--as",
        dest="role",
        choices=["agent", "supervisor", "admin"],
        default="agent",
        help="sign in as the demo agent (agent01, the desk), the demo supervisor (sup01, the "
        "supervisor's console) or the administrator (admin, the admin console)",
    )

    server = commands.add_parser("server", help="migrate the database and serve the REST API")
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=int, default=DEFAULT_PORT)
    server.add_argument("--database-url", help="SQLAlchemy URL (default: embedded SQLite)")
    server.add_argument("--demo", action="store_true", help="enable the demo call simulator")
    server.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (more than one needs PostgreSQL; the ACD is shared)",
    )
    server.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="stop when standard input closes (the demo's desktop holds it open)",
    )
    server.add_argument(
        "--call-rate",
        type=float,
        metavar="PER_MINUTE",
        help="demo: simulated calls arriving per minute (0: only on request)",
    )

    seed = commands.add_parser("seed", help="fill a database with demo bank data")
    seed.add_argument("--database-url", help="SQLAlchemy URL (default: embedded SQLite)")
    seed.add_argument("--customers", type=int, default=2000)
    seed.add_argument("--seed", type=int, default=20261122, help="random seed (deterministic)")
    seed.add_argument("--no-progress", action="store_true")

    selftest = commands.add_parser("self-test", help="check this installation")
    selftest.add_argument("--backend-url", help="backend to check (default: the configured one)")

    diagnostics = commands.add_parser(
        "diagnostics", help="save a zip for a support ticket (no customer data)"
    )
    diagnostics.add_argument(
        "--output", metavar="FILE", help="the zip (default: in the home folder)"
    )
    diagnostics.add_argument("--backend-url", help="backend to check (default: the configured one)")

    flows = commands.add_parser("flows", help="scripted service flows")
    flow_commands = flows.add_subparsers(dest="flows_command", required=True)
    validate = flow_commands.add_parser("validate", help="check flow files and say what is wrong")
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="flow files or folders (default: the library)"
    )
    publish = flow_commands.add_parser("publish", help="publish flow files (administrators)")
    publish.add_argument("paths", nargs="+", metavar="FILE")
    publish.add_argument("--backend-url", help="backend (default: the configured one)")
    publish.add_argument("--username", required=True, help="an administrator's user name")

    add_clock_parser(commands)
    return parser


def _default_database_url(paths: AppPaths) -> str:
    paths.ensure()
    return f"sqlite:///{paths.data_dir / 'server.db'}"


def _load_gui() -> ModuleType:
    try:
        return importlib.import_module("ui.shell.app")
    except ImportError as exc:
        if exc.name and exc.name.split(".")[0] in {"PySide6", "pyqtgraph", "ui"}:
            raise SystemExit(
                "The AgentDesk desktop is not installed here (install agentdesk[gui])."
            ) from exc
        raise


def _validate_flows(paths: list[str]) -> int:
    """Print each finding as ``file:line: [node] message``; exit 1 when there is one."""
    from pathlib import Path

    from agentdesk.flow_library import check_files, library_dir

    report = check_files([Path(p) for p in paths] or [library_dir()])
    for issue in report.issues:
        print(issue)
    flows = len(report.sources)
    print(f"{flows} flow{'s' * (flows != 1)} checked, {len(report.issues)} problem(s)")
    return 1 if report.issues else 0


def _save_diagnostics(output: str | None, settings: Settings, paths: AppPaths) -> int:
    from pathlib import Path

    from agentdesk.credentials import CredentialStore
    from agentdesk.services.diagnostics import DiagnosticsService
    from agentdesk.services.local_cache import LocalCache

    cache = LocalCache(paths.data_dir, CredentialStore(), paths.workstation_id())
    service = DiagnosticsService(settings.desktop, paths, cache)
    path = service.save(Path(output) if output else service.default_path())
    print(f"diagnostics saved to {path} (no customer data; attach it to the support ticket)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    paths = AppPaths.from_environment()
    try:
        settings = load_settings(
            backend_url=getattr(args, "backend_url", None),
            language=getattr(args, "language", None),
            database_url=getattr(args, "database_url", None),
            telephony_call_rate=getattr(args, "call_rate", None),
        )
        configure_logging(paths.log_dir, settings.log_level, stderr=command != "self-test")
        return _run(command, args, settings, paths)
    except AgentDeskError as exc:
        print(f"agentdesk: {exc.code}: {exc.detail or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _run(command: str, args: argparse.Namespace, settings: Settings, paths: AppPaths) -> int:
    if command == "server":
        from agentdesk.server.main import serve

        url = settings.server.database_url or _default_database_url(paths)
        return serve(
            settings.server,
            settings.telephony,
            database_url=url,
            log_level=settings.log_level,
            host=args.host,
            port=args.port,
            demo=args.demo,
            exit_with_parent=args.exit_with_parent,
            workers=args.workers,
            call_rate=args.call_rate,
        )
    if command == "seed":
        from agentdesk.demo.seed import seed_database

        url = settings.server.database_url or _default_database_url(paths)
        seed_database(url, customers=args.customers, seed=args.seed, progress=not args.no_progress)
        return 0
    if command == "flows" and args.flows_command == "publish":
        from agentdesk.flow_publish import publish_files

        return publish_files(settings.desktop, args.paths, username=args.username, out=sys.stdout)
    if command == "flows":
        return _validate_flows(args.paths)
    if command == "complaints":
        return run_clock(args, sys.stdout, sys.stderr)
    if command == "self-test":
        from agentdesk.selftest import run_self_test

        return run_self_test(settings.desktop, out=sys.stdout)
    if command == "diagnostics":
        return _save_diagnostics(args.output, settings, paths)
    if command == "demo" and args.backend_url:
        from agentdesk.demo.generator import DEMO_PASSWORD
        from agentdesk.demo.launcher import DEMO_USERNAME

        # No scene is staged on a backend this command did not start.
        return int(
            _load_gui().run_demo(
                settings.desktop,
                paths,
                username=DEMO_USERNAME,
                password=DEMO_PASSWORD,
                screenshot=args.screenshot,
                exit_after=args.exit_after,
            )
        )
    if command == "demo":
        from agentdesk.demo.launcher import DEMO_ADMIN, DEMO_SUPERVISOR, DemoBackend

        with DemoBackend(
            paths, customers=args.customers, port=args.port, reset=args.reset
        ) as backend:
            desktop = settings.desktop.model_copy(update={"backend_url": backend.url})
            if args.role == "supervisor":
                from agentdesk.demo.scene import stage_supervisor_scene

                stage_supervisor_scene(backend.url, backend.password)
            status: int = _load_gui().run_demo(
                desktop,
                paths,
                username={"supervisor": DEMO_SUPERVISOR, "admin": DEMO_ADMIN}.get(
                    args.role, backend.username
                ),
                password=backend.password,
                screenshot=args.screenshot,
                exit_after=args.exit_after,
            )
            return status
    status = _load_gui().run_gui(settings.desktop, paths)
    return status
