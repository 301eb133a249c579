"""Sync engine: outbox drain, pull cursors, conflicts, connectivity (with the data layer)."""
