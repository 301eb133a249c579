"""The PBX commands that the ACD's own timers owe: :class:`TimerCommands`.

One timer changes what the PBX must do (``pbx.py``): an outbound call nobody answered by the
ring timeout, which the ACD ends while the PBX still rings it. The switchboard notices it in
any move or tick (the ACD runs its timers before every move) and hands a ``hang_up`` here. No
request waits for it, so it is sent on a thread of its own: never under the switchboard's lock,
never inside the shared ACD's batch. A refusal or no answer is logged and left: the PBX reports
what it did with the call through the webhook.

The shared ACD's leader sends these (its batch and tick apply the timers), through the PBX the
app built; should that batch roll back, the next leader's timers end the call again and the PBX
hears the hang-up twice, with two ids (it finds the call already gone).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from agentdesk.domain.errors import UpstreamRefused, UpstreamUnavailable
from agentdesk.server.telephony.pbx import PbxCommands

__all__ = ["TimerCommands"]

log = logging.getLogger(__name__)


class TimerCommands:
    """Sends the timers' hang-ups to ``pbx``, one at a time, in the order they came."""

    def __init__(self, pbx: PbxCommands) -> None:
        self._pbx = pbx
        # Its thread starts with the first command: most servers never have one to send.
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pbx-timers")

    def hang_up(self, call_id: str, agent: str) -> None:
        """Tell the PBX, soon, to drop ``call_id`` (it rang ``agent``); returns at once."""
        self._sender.submit(self._send_hang_up, call_id, agent)

    def close(self) -> None:
        """Stop at the end of the app: the command being sent finishes, the rest are dropped
        (the PBX reports those calls through the webhook as it ends them itself)."""
        self._sender.shutdown(wait=True, cancel_futures=True)

    def _send_hang_up(self, call_id: str, agent: str) -> None:
        try:
            self._pbx.hang_up(call_id, agent)
        except (UpstreamRefused, UpstreamUnavailable) as exc:
            log.warning("the PBX took no hang-up of timed-out call %s: %s", call_id, exc.code)
        except Exception:  # the sender's thread must go on for the next command
            log.exception("the hang-up of timed-out call %s failed", call_id)
