"""AgentDesk's configuration, one module per part so that each process imports only its own.

- :mod:`.paths`: where the per-user folders and the IT-managed settings file are.
- :mod:`.desktop`: what the desktop reads (backend URL, CA bundle, language, theme, timeouts).
- :mod:`.server`: what the backend reads (database, tokens, sync windows, event streams).
- :mod:`.telephony`: the ACD's queues, timers and figures, and the demo call simulator.
- :mod:`.settings`: the layered whole (defaults < system file < user file < environment <
  command line) that the entry point loads once and hands out part by part.

Nothing is re-exported here: the server imports ``agentdesk.config.server`` and
``agentdesk.config.telephony`` and never the desktop's part (an import contract checks it).
"""
