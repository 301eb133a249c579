"""Small reusable widgets (badges, table views) shared by panels and pages."""
