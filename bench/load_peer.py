"""The peer of ``make bench-load``: django-helpdesk, installed from PyPI into a throwaway venv
(``bench/.work/peer``, made here when missing), on a database of its own on the same
PostgreSQL, behind gunicorn with 2 workers on a loopback port.

Nothing of django-helpdesk is committed: this module writes a settings module, a URL conf and
a set-up script into ``bench/.work/peer/site`` and runs them with the peer's own Python.

- Its REST API (``HELPDESK_ACTIVATE_API_ENDPOINT``, ``/helpdesk/api/tickets/``, Django REST
  framework) with DRF's token authentication: one staff user and token per client, as
  AgentDesk's desks each have their own access token (DRF's basic authentication would hash
  the password on every request, which no deployment would measure).
- Per-queue staff permission on (``HELPDESK_ENABLE_PER_QUEUE_STAFF_PERMISSION``) and each user
  granted one of 20 queues, so "a queue's open tickets" is what the ticket list returns.
- gunicorn: 2 workers of 8 threads (``gthread``), persistent database connections
  (``CONN_MAX_AGE``), e-mail to Django's dummy backend; AgentDesk's server answers from an
  event loop with a thread pool, so both overlap their requests' database waits.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from processes import ServerProcess, free_port
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent
PEER_DIR = ROOT / ".work" / "peer"
# The peer's versions, pinned so runs compare the same thing (pip resolves the rest).
PEER_REQUIREMENTS = ("django-helpdesk==2.6.1", "gunicorn==23.0.0", "psycopg[binary]==3.3.9")
PEER_WORKERS = 2
PEER_THREADS = 8
QUEUES = 20

_SETTINGS = '''\
"""django-helpdesk for make bench-load (written by bench/load_peer.py)."""
import os

SECRET_KEY = os.environ["PEER_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "helpdesk",
]
SITE_ID = 1
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "peer_urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["PEER_DB_NAME"],
        "USER": os.environ.get("PEER_DB_USER", "postgres"),
        "HOST": os.environ.get("PEER_DB_HOST", "127.0.0.1"),
        "PORT": os.environ.get("PEER_DB_PORT", "5432"),
        "PASSWORD": os.environ.get("PEER_DB_PASSWORD", ""),
        "CONN_MAX_AGE": 600,
    }
}
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
LOGIN_URL = "/helpdesk/login/"
HELPDESK_ACTIVATE_API_ENDPOINT = True
HELPDESK_API_ENABLED = True
HELPDESK_ENABLE_PER_QUEUE_STAFF_PERMISSION = True
# Knowledge-base teams need pinax-teams; tickets do not.
HELPDESK_TEAMS_MODE_ENABLED = False
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
'''

_URLS = """\
from django.urls import include, path

urlpatterns = [path("helpdesk/", include("helpdesk.urls", namespace="helpdesk"))]
"""

_WSGI = """\
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
"""

# Run with the peer's Python: migrate, the queues, one staff user + token per client, each
# granted one queue. Prints {"queues": [ids], "clients": [[token, queue id], ...]}.
_SETUP = """\
import json, os, sys
import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from helpdesk.models import Queue

clients, queues = int(sys.argv[1]), int(sys.argv[2])
call_command("migrate", verbosity=0, interactive=False)
made = []
for n in range(1, queues + 1):
    queue = Queue.objects.create(title=f"Queue {n:02d}", slug=f"q{n:02d}")
    made.append(queue)
User = get_user_model()
out = []
for n in range(1, clients + 1):
    user = User.objects.create_user(f"b{n:04d}", f"b{n:04d}@bench.invalid", None, is_staff=True)
    queue = made[(n - 1) % len(made)]
    user.user_permissions.add(Permission.objects.get(codename=queue.permission_name[9:]))
    out.append([Token.objects.create(user=user).key, queue.id])
print(json.dumps({"queues": [q.id for q in made], "clients": out}))
"""


@dataclass
class Peer:
    """The running peer: its database, gunicorn, and each client's token and queue."""

    admin_url: str
    database: str
    url: str = ""
    clients: list[tuple[str, int]] = field(default_factory=list)
    server: ServerProcess | None = None

    @property
    def pid(self) -> int:
        assert self.server is not None
        return self.server.pid


def peer_python() -> Path:
    return PEER_DIR / "bin" / "python"


def ensure_installed() -> str:
    """The peer's venv with the pinned packages (made on first use); its django-helpdesk
    version. Raises RuntimeError saying why when it cannot be installed."""
    python = peer_python()
    marker = PEER_DIR / ".installed"
    wanted = "\n".join(PEER_REQUIREMENTS)
    if not (python.exists() and marker.exists() and marker.read_text() == wanted):
        base = getattr(sys, "_base_executable", sys.executable)
        steps = [
            [base, "-m", "venv", str(PEER_DIR)],
            [str(python), "-m", "pip", "install", "--quiet", *PEER_REQUIREMENTS],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, timeout=900)
            if done.returncode != 0:
                raise RuntimeError(
                    f"{' '.join(step[:4])} … failed ({done.returncode}): "
                    f"{(done.stderr or done.stdout).strip()[-600:]}"
                )
        marker.write_text(wanted)
    found = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('django-helpdesk'))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if found.returncode != 0:
        raise RuntimeError(f"django-helpdesk does not import: {found.stderr.strip()[-600:]}")
    return found.stdout.strip()


def _site(work: Path) -> Path:
    site = work / "peer-site"
    site.mkdir(parents=True, exist_ok=True)
    for name, body in (
        ("peer_settings.py", _SETTINGS),
        ("peer_urls.py", _URLS),
        ("peer_wsgi.py", _WSGI),
        ("peer_setup.py", _SETUP),
    ):
        (site / name).write_text(body, encoding="utf-8")
    return site


def _environment(peer: Peer, site: Path) -> dict[str, str]:
    url = httpx.URL(peer.admin_url.replace("postgresql+psycopg://", "postgresql://", 1))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AGENTDESK_", "VIRTUAL_ENV", "PYTHON"))
    }
    env.update(
        {
            "PYTHONPATH": str(site),
            "DJANGO_SETTINGS_MODULE": "peer_settings",
            "PEER_SECRET_KEY": secrets.token_urlsafe(40),
            "PEER_DB_NAME": peer.database,
            "PEER_DB_USER": url.username or "postgres",
            "PEER_DB_PASSWORD": url.password or "",
            "PEER_DB_HOST": url.host or "127.0.0.1",
            "PEER_DB_PORT": str(url.port or 5432),
        }
    )
    return env


def make_database(admin_url: str) -> Peer:
    name = f"helpdesk_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return Peer(admin_url=admin_url, database=name)


def drop_database(peer: Peer) -> None:
    engine = create_engine(peer.admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{peer.database}" WITH (FORCE)'))
    finally:
        engine.dispose()


def start(peer: Peer, work: Path, clients: int) -> None:
    """Migrate and populate the peer's database, then gunicorn on a free loopback port.
    Raises RuntimeError saying why when either fails."""
    site = _site(work)
    env = _environment(peer, site)
    done = subprocess.run(
        [str(peer_python()), str(site / "peer_setup.py"), str(clients), str(QUEUES)],
        capture_output=True,
        text=True,
        env=env,
        cwd=site,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the peer's set-up failed: {done.stderr.strip()[-800:]}")
    made = json.loads(done.stdout.strip().splitlines()[-1])
    peer.clients = [(str(token), int(queue)) for token, queue in made["clients"]]
    port = free_port()
    peer.url = f"http://127.0.0.1:{port}"
    gunicorn = [str(PEER_DIR / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}"]
    gunicorn += ["--workers", str(PEER_WORKERS), "--threads", str(PEER_THREADS)]
    gunicorn += ["--worker-class", "gthread", "--log-level", "warning", "peer_wsgi:application"]
    peer.server = ServerProcess.start(
        "gunicorn",
        gunicorn,
        log_path=work / "peer.log",
        ready_url=f"{peer.url}/helpdesk/api/tickets/",
        headers={"Authorization": f"Token {peer.clients[0][0]}"},
        env=env,
        cwd=site,
    )


def stop(peer: Peer) -> None:
    if peer.server is not None:
        peer.server.stop()
