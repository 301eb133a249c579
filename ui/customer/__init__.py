"""The customer 360: header, holdings, timeline, tickets and tasks tabs, offers, search."""
