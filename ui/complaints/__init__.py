"""Complaint intake, the ticket lists, the ticket editor and its clock panel."""
