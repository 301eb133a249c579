"""How the moves that change a call reach the PBX: :class:`PbxCommands` and its adapters.

The switchboard asks the ACD whether the move is allowed, tells the PBX, and applies the move
only once the PBX said yes (``Switchboard._commanded``): a PBX that refuses
(:class:`~agentdesk.domain.errors.UpstreamRefused`, ``telephony.pbx_refused``, 502) or does not
answer (:class:`~agentdesk.domain.errors.UpstreamUnavailable`, ``telephony.pbx_unavailable``,
503) leaves the call as it was, and the agent can try again. The moves: an agent's answer,
hold, resume, hang-up, transfer and outbound dial, and a supervisor's move of a waiting call to
another queue. The other direction, the PBX's call events to the backend, is the inbound
webhook (``POST /telephony/events``).

The ACD's own timers tell the PBX nothing, but for one: the PBX holds a caller until an
``answer`` names the agent, so a ring that times out and goes to the next agent, or a wrap-up
that ends by its limit, changes nothing the PBX does; an outbound call nobody answered by the
ring timeout does, as the ACD drops it: the PBX hears a ``hang_up`` for it
(``timer_commands.py``).

- :class:`SimulatedPbx`: the demo's PBX, and a server's with no ``[telephony] pbx_url``. Every
  command is done at once; a hang-up ends the simulated caller's plan.
- :class:`WebhookPbx`: a real PBX or a bridge to one (an Asterisk ARI or FreeSWITCH ESL script, a
  cloud contact center's function) behind one HTTPS endpoint: each command is a signed JSON POST
  (the README's "The PBX and the SMS gateway" documents the format).
- :class:`SilentPbx`: sends nothing. The shared ACD's leader applies its moves with it: the
  worker that got the request told the PBX already (``shared_acd.py``).

Threading: the switchboard calls these outside its lock, on request threads; with the shared
ACD, on the request threads of the worker that got the request, never inside the leader's
batch.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Protocol

import httpx

from agentdesk.config.telephony import TelephonySettings
from agentdesk.domain.clock import Clock
from agentdesk.domain.errors import UpstreamRefused, UpstreamUnavailable
from agentdesk.server.signed_webhook import WebhookRefused, WebhookUnreachable, post_signed

__all__ = ["PbxCommands", "SilentPbx", "SimulatedPbx", "WebhookPbx", "build_pbx"]


class PbxCommands(Protocol):
    """The moves that change a call, told to the PBX before the ACD applies them. ``agent`` is
    the agent's username (the PBX maps it to their extension). Each returns once the PBX has
    done it, or raises ``UpstreamRefused`` / ``UpstreamUnavailable``. ``remote``: the commands
    leave this process (a move waits on, and may be refused by, a system of its own)."""

    remote: bool

    def answer(self, call_id: str, agent: str) -> None: ...

    def hold(self, call_id: str, agent: str) -> None: ...

    def resume(self, call_id: str, agent: str) -> None: ...

    def hang_up(self, call_id: str, agent: str) -> None: ...

    def transfer(
        self, call_id: str, agent: str, *, queue: str | None = None, to_agent: str | None = None
    ) -> None: ...

    def dial(self, call_id: str, agent: str, phone: str, queue: str) -> None:
        """Originate ``call_id`` from ``agent``'s extension to ``phone`` (E.164), a call of
        ``queue`` (the agent's, for the figures); the ACD rings the agent's desk with it."""
        ...

    def move(self, call_id: str, queue: str, by: str) -> None:
        """The supervisor ``by`` (a username) moved a waiting call to ``queue``."""
        ...


class SimulatedPbx:
    """The PBX of the demo's simulated callers: it does every command at once. The callers
    (``driver.SimulatorDriver``) see everything else in the switchboard's state; they are told
    of a hang-up so the caller's plan ends with the call."""

    remote = False

    def __init__(self) -> None:
        self._hang_up_listeners: list[Callable[[str], None]] = []

    def on_hang_up(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(call_id)`` when an agent hangs up a call."""
        self._hang_up_listeners.append(listener)

    def answer(self, call_id: str, agent: str) -> None:
        pass

    def hold(self, call_id: str, agent: str) -> None:
        pass

    def resume(self, call_id: str, agent: str) -> None:
        pass

    def hang_up(self, call_id: str, agent: str) -> None:
        for listener in self._hang_up_listeners:
            listener(call_id)

    def transfer(
        self, call_id: str, agent: str, *, queue: str | None = None, to_agent: str | None = None
    ) -> None:
        pass

    def dial(self, call_id: str, agent: str, phone: str, queue: str) -> None:
        pass

    def move(self, call_id: str, queue: str, by: str) -> None:
        pass


class SilentPbx:
    """Sends nothing: the PBX of the shared ACD leader's switchboard. Every move it applies was
    told to the PBX by the worker that got the request, before that worker asked the leader
    to apply it (``shared_acd.py``); telling it again from the leader would hold up the whole
    batch, every agent's moves on every host, for as long as the PBX takes to answer."""

    remote = False

    def answer(self, call_id: str, agent: str) -> None:
        pass

    def hold(self, call_id: str, agent: str) -> None:
        pass

    def resume(self, call_id: str, agent: str) -> None:
        pass

    def hang_up(self, call_id: str, agent: str) -> None:
        pass

    def transfer(
        self, call_id: str, agent: str, *, queue: str | None = None, to_agent: str | None = None
    ) -> None:
        pass

    def dial(self, call_id: str, agent: str, phone: str, queue: str) -> None:
        pass

    def move(self, call_id: str, queue: str, by: str) -> None:
        pass


class WebhookPbx:
    """Commands as signed JSON POSTs to ``url`` (see the module's docstring):
    ``{"id", "command", "call_id", "agent", "at"}`` and, by command, ``queue`` or
    ``to_agent`` (transfer), ``phone`` and ``queue`` (dial); a move is
    ``{"id", "command", "call_id", "queue", "by", "at"}`` (no agent: the supervisor ``by``)."""

    remote = True

    def __init__(self, url: str, secret: str, client: httpx.Client, *, clock: Clock) -> None:
        self._url = url
        self._secret = secret
        self._client = client
        self._clock = clock

    def answer(self, call_id: str, agent: str) -> None:
        self._send("answer", call_id, agent=agent)

    def hold(self, call_id: str, agent: str) -> None:
        self._send("hold", call_id, agent=agent)

    def resume(self, call_id: str, agent: str) -> None:
        self._send("resume", call_id, agent=agent)

    def hang_up(self, call_id: str, agent: str) -> None:
        self._send("hang_up", call_id, agent=agent)

    def transfer(
        self, call_id: str, agent: str, *, queue: str | None = None, to_agent: str | None = None
    ) -> None:
        target = {"queue": queue} if queue is not None else {"to_agent": to_agent}
        self._send("transfer", call_id, agent=agent, **target)

    def dial(self, call_id: str, agent: str, phone: str, queue: str) -> None:
        self._send("dial", call_id, agent=agent, phone=phone, queue=queue)

    def move(self, call_id: str, queue: str, by: str) -> None:
        self._send("move", call_id, queue=queue, by=by)

    def _send(self, command: str, call_id: str, **fields: Any) -> None:
        payload = {
            "id": uuid.uuid4().hex,  # the same on a retry: the PBX does a repeat once
            "command": command,
            "call_id": call_id,
            **fields,
            "at": self._clock().isoformat(),
        }
        move = command.replace("_", " ")
        # A refused dial leaves no call at all; every other command, the call as it was.
        left = "nothing was dialled" if command == "dial" else f"call {call_id} is as it was"
        try:
            post_signed(self._client, self._url, self._secret, payload, what=f"PBX {command}")
        except WebhookRefused as exc:
            raise UpstreamRefused(
                "telephony.pbx_refused",
                f"the PBX refused to {move} call {call_id} (HTTP {exc.status}); {left}",
            ) from exc
        except WebhookUnreachable as exc:
            raise UpstreamUnavailable(
                "telephony.pbx_unavailable",
                f"the PBX did not answer ({exc}); {left}, try again",
            ) from exc


def build_pbx(
    settings: TelephonySettings, *, client: httpx.Client | None, clock: Clock
) -> PbxCommands:
    """The PBX of a server: ``pbx_url``'s (with ``client``), else the simulated one."""
    if not settings.pbx_url:
        return SimulatedPbx()
    assert client is not None  # the app makes one when a webhook is configured
    return WebhookPbx(settings.pbx_url, settings.pbx_secret.get_secret_value(), client, clock=clock)
