"""No personal data in logs: numbers that look like phones, cards or IDs are redacted."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator
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
