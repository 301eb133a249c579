"""AgentDesk: the headless core and the server of the bank contact-center agent workstation.

Nothing under this package imports Qt or the ``ui`` package (checked by import-linter and a test).
"""

__version__ = "0.1.0"
