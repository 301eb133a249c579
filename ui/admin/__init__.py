"""The administrator's console pages: staff, teams and queues, system settings, flow publishing
and the audit trail (the window that holds them is ``ui.shell.admin_window``)."""
