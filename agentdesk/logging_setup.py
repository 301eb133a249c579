"""The one logging setup of every AgentDesk process.

Logs go to a rotating file under the log folder and to stderr. A filter masks anything that
looks like a phone, card or ID number before it is written: personal data never reaches logs,
even when a message or an exception text carries it by mistake.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

__all__ = ["PersonalDataFilter", "configure_logging"]

# Runs of 7+ digits (phones, cards, ID numbers; optionally with an X check digit, spaced or
# dashed) are replaced wholesale: a log line never needs them.
_LONG_NUMBER = re.compile(r"\+?\d(?:[\d \-]{5,}\d)[\dXx]?")


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _LONG_NUMBER.sub("[redacted]", message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = _LONG_NUMBER.sub("[redacted]", text)
        return True


def configure_logging(log_dir: Path | None, level: str = "INFO", *, stderr: bool = True) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_agentdesk", False):
            root.removeHandler(handler)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_dir / "agentdesk.log", maxBytes=5_000_000, backupCount=5, encoding="utf-8"
            )
        )
    if stderr:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(PersonalDataFilter())
        handler._agentdesk = True  # type: ignore[attr-defined]  # our mark on a stdlib handler
        root.addHandler(handler)
    root.setLevel(level)
    # Alembic announces every plugin and revision at INFO; operators need only its problems.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))
