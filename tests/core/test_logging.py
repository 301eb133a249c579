"""No personal data in logs: numbers that look like phones, cards or IDs are redacted."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.types import Message, Receive, Scope, Send

from agentdesk.logging_setup import configure_logging
from agentdesk.server.middleware import AccessLogMiddleware


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    level = logging.getLogger().level
    yield
    configure_logging(None, logging.getLevelName(level), stderr=False)


def test_phone_card_and_id_numbers_never_reach_the_log_file(tmp_path: Path) -> None:
    configure_logging(tmp_path, "INFO", stderr=False)
    log = logging.getLogger("agentdesk.test")
    log.info("lookup for %s", "+86 138 1234 5678")
    log.warning("card 6222021234567890 and id 11010519491231002X")
    try:
        raise ValueError("customer 13812345678 not found")
    except ValueError:
        log.exception("failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = (tmp_path / "agentdesk.log").read_text(encoding="utf-8")
    for secret in ("1234 5678", "13812345678", "6222021234567890", "19491231"):
        assert secret not in text
    assert text.count("[redacted]") >= 4
    assert "lookup for" in text


def test_a_slow_request_keeps_its_status_and_duration_in_the_access_log(tmp_path: Path) -> None:
    configure_logging(tmp_path, "INFO", stderr=False)
    app = AccessLogMiddleware(_slow_ok)
    scope = {"type": "http", "method": "POST", "path": "/sync/push"}
    asyncio.run(app(scope, _no_body, _discard))
    for handler in logging.getLogger().handlers:
        handler.flush()
    line = (tmp_path / "agentdesk.log").read_text(encoding="utf-8").splitlines()[-1]
    assert "[redacted]" not in line
    assert re.search(r"POST /sync/push 200 in 1\d\d\.\d ms$", line), line


async def _slow_ok(scope: Scope, receive: Receive, send: Send) -> None:
    await asyncio.sleep(0.12)  # the lines an operator looks for: 100 ms and over
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _discard(message: Message) -> None:
    pass


def _logged(tmp_path: Path, emit: Callable[[logging.Logger], None]) -> str:
    """What ``emit`` leaves in the log file, through the real logging setup."""
    configure_logging(tmp_path, "INFO", stderr=False)
    emit(logging.getLogger("agentdesk.test"))
    for handler in logging.getLogger().handlers:
        handler.flush()
    return (tmp_path / "agentdesk.log").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "spelling",
    [
        "138.1234.5678",
        "138/1234/5678",
        "138_1234_5678",
        "%2B8613812345678",
        "%2B86%20138%201234%205678",
        "+86 138 1234 5678",
        "(0755) 8888-6666",
        "+44 7911 123456",
    ],
)
def test_a_phone_number_is_masked_however_it_is_written(tmp_path: Path, spelling: str) -> None:
    text = _logged(tmp_path, lambda log: log.info("GET /customers/lookup?phone=%s done", spelling))
    assert spelling not in text
    assert "GET /customers/lookup?phone=[redacted] done" in text


def test_email_addresses_are_masked_plain_and_url_encoded(tmp_path: Path) -> None:
    def emit(log: logging.Logger) -> None:
        log.info("mail to %s failed", "zhang.wei@example.com")
        log.info("query email=%s", "zhang.wei%40example.com.cn")

    text = _logged(tmp_path, emit)
    assert "zhang.wei" not in text
    assert "mail to [redacted] failed" in text
    assert "query email=[redacted]" in text


def test_personal_fields_the_app_names_are_masked_wherever_they_appear(tmp_path: Path) -> None:
    def emit(log: logging.Logger) -> None:
        # The app knows these are personal: the structured extra names the field.
        log.warning("caller %s asked for a refund", "张伟", extra={"customer_name": "张伟"})
        log.info("verified %(name)s on call %(call)s", {"name": "John Smith", "call": "c-42"})

    text = _logged(tmp_path, emit)
    assert "张伟" not in text and "John Smith" not in text
    assert "caller [redacted] asked for a refund" in text
    assert "verified [redacted] on call c-42" in text


def test_ids_status_codes_and_durations_are_kept(tmp_path: Path) -> None:
    def emit(log: logging.Logger) -> None:
        # uvicorn's access line, and ids of every length the app uses.
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:54321", "GET", "/tickets/12345", "1.1", 200
        )
        log.info("ticket 1234567 moved to version 12 after 1500 ms (seq 20251205)")
        log.info("GET /customers/9876543/verification 403 in 12.5 ms")

    text = _logged(tmp_path, emit)
    assert "[redacted]" not in text
    assert '127.0.0.1:54321 - "GET /tickets/12345 HTTP/1.1" 200' in text
    assert "ticket 1234567 moved to version 12 after 1500 ms (seq 20251205)" in text
    assert "GET /customers/9876543/verification 403 in 12.5 ms" in text
