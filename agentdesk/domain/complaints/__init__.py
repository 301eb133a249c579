"""Complaints: rule packs (configuration), working-day calendars, the one clock, the ticket's
lifecycle, recusal, the regime's choice, deadline alerts and the letters' mandatory content.

Import the module you need (``agentdesk.domain.complaints.clock``…): the package itself
imports nothing, so reading a ticket's status does not load the holiday calendars.
"""
