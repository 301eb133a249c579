"""The HTTP routes of the backend, one module per area; each stays thin."""
