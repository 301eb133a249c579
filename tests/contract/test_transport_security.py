"""The desktop's link to the backend is encrypted and verified: a plain ``http://`` backend is
refused unless it is this computer or IT allowed it, and a server whose certificate cannot be
verified is named as such (not as a bare "ConnectError"), against a real TLS server on loopback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from agentdesk.client.api import ApiClient
from agentdesk.client.http import build_http_client
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.server import ServerSettings
from agentdesk.config.settings import load_settings
from agentdesk.errors import CertificateNotTrusted, PlainHttpRefused
from agentdesk.server.app import create_app
from agentdesk.server.db import migrate
from tests.server.sync_helpers import serve_in_thread


@pytest.mark.parametrize(
    "url",
    ["http://agentdesk.bank", "http://10.20.30.40:8765", "HTTP://agentdesk.bank/api"],
)
def test_a_plain_http_backend_on_another_computer_is_refused(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTDESK_DESKTOP__BACKEND_URL", url)
    with pytest.raises(PlainHttpRefused) as refused:
        load_settings()
    assert "backend_url" in refused.value.detail and url in refused.value.detail
    assert "allow_plain_http" in refused.value.detail


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765",
        "http://127.0.0.2",
        "http://localhost:8765",
        "http://[::1]:8765",
        "https://agentdesk.bank",
    ],
)
def test_https_and_plain_http_to_this_computer_are_accepted(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTDESK_DESKTOP__BACKEND_URL", url)
    assert load_settings().desktop.backend_url == url


def test_it_may_allow_plain_http_explicitly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = tmp_path / "system.toml"
    system.write_text(
        '[desktop]\nbackend_url = "http://bench.bank:8765"\nallow_plain_http = true\n', "utf-8"
    )
    monkeypatch.setenv("AGENTDESK_SYSTEM_CONFIG", str(system))
    assert load_settings().desktop.backend_url == "http://bench.bank:8765"


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_backend(ca: trustme.CA, tmp_path: Path) -> Iterator[str]:
    """The real backend under uvicorn with TLS on a loopback port, its certificate signed by a
    CA this machine does not trust (as a bank's own CA is, until IT installs it)."""
    url = f"sqlite:///{tmp_path / 'server.db'}"
    migrate(url)
    cert = ca.issue_cert("127.0.0.1")
    cert_file, key_file = tmp_path / "server.pem", tmp_path / "server.key"
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    cert.private_key_pem.write_to_path(str(key_file))
    with serve_in_thread(
        create_app(ServerSettings(), url),
        ssl_certfile=str(cert_file),
        ssl_keyfile=str(key_file),
    ) as base:
        yield base


def test_an_untrusted_server_certificate_is_named_not_a_connect_error(tls_backend: str) -> None:
    api = ApiClient(build_http_client(DesktopSettings(backend_url=tls_backend)))
    with pytest.raises(CertificateNotTrusted) as failed:
        api.health()
    assert "certificate could not be verified" in failed.value.detail
    assert "desktop.ca_bundle" in failed.value.detail
    # The connectivity state goes straight to offline, as for any failed connect.
    assert failed.value.context["reason"] == "connect"


def test_with_the_banks_ca_installed_the_same_server_answers(
    tls_backend: str, ca: trustme.CA, tmp_path: Path
) -> None:
    bundle = tmp_path / "bank-root-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    settings = DesktopSettings(backend_url=tls_backend, ca_bundle=str(bundle))
    assert ApiClient(build_http_client(settings)).health().status == "ok"
