"""Small Qt item models over the core's records; testable without any widget."""
