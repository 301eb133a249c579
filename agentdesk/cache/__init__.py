"""Local encrypted cache (arrives with the data layer)."""
