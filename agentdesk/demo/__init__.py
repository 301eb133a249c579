"""Demo data and the embedded demo backend.

``generator`` makes deterministic, realistic bank customers (pure, no I/O); ``seed`` writes them
into a database through the server's schema; ``launcher`` runs a seeded demo server for
``agentdesk demo`` and the tests. The demo password ``demo`` is for demo databases only.
"""
