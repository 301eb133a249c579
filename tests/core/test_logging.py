"""No personal data in logs: numbers that look like phones, cards or IDs are redacted."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from agentdesk.logging_setup import configure_logging


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
