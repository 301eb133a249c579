"""Starts ``agentdesk server`` processes quickly, for tests that kill and restart it many times.

Run as ``python -m tests.faults.server_fork``: it imports the server once, then for each
``start LOG ARG...`` line on stdin forks a process that runs ``agentdesk`` with those arguments
(``agentdesk.cli.main``, as the installed command does), its output going to LOG, and answers
``started <pid>``. ``poll <pid>`` answers ``running`` or ``exited <status>``; ``reap <pid>``
waits for it and answers ``exited <status>``. A restarted server is a new process on the same
database, as after an operator's restart; only the ~2-5 s of imports (on a loaded 2-core
machine) are spared, which twenty restarts could not afford.
"""

from __future__ import annotations

import os
import sys

import agentdesk.cli
import agentdesk.server.app  # noqa: F401 - what a start would import, imported once
import agentdesk.server.main  # noqa: F401


def _answer(text: str) -> None:
    os.write(1, f"{text}\n".encode())


def main() -> None:
    for line in sys.stdin:
        command, *words = line.split()
        if command == "start":
            log, argv = words[0], words[1:]
            pid = os.fork()
            if pid == 0:
                out = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                os.dup2(out, 1)
                os.dup2(out, 2)
                os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
                code = 1
                try:
                    code = agentdesk.cli.main(argv)
                finally:
                    os._exit(code)
            _answer(f"started {pid}")
        elif command == "poll":
            pid, status = os.waitpid(int(words[0]), os.WNOHANG)
            _answer("running" if pid == 0 else f"exited {status}")
        elif command == "reap":
            _, status = os.waitpid(int(words[0]), 0)
            _answer(f"exited {status}")
        else:
            break


if __name__ == "__main__":
    main()
