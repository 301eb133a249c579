"""The central backend: FastAPI app, SQLAlchemy models, Alembic migrations, auth, audit.

Imports only ``agentdesk.contract``, ``agentdesk.domain`` and ``agentdesk.flows`` of the core.
"""
