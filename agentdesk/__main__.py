"""``python -m agentdesk``: the same entry point as the ``agentdesk`` console script."""

from agentdesk.cli import main

raise SystemExit(main())
