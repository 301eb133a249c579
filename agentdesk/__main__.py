"""``python -m agentdesk``: the same entry point as the ``agentdesk`` console script."""

import multiprocessing

from agentdesk.cli import main

if __name__ == "__main__":
    # A spawned worker (sync/bulk_pages.py) re-imports this module as __mp_main__; frozen, the
    # executable itself is started again, and freeze_support() runs the worker instead of main.
    multiprocessing.freeze_support()
    raise SystemExit(main())
