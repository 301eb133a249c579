"""PySide6 presentation of AgentDesk."""
