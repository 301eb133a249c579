"""App start, sign-in, the main window frame, menus, status bar, settings and about."""
