"""Parts of pages: the customer header, holdings, candidate list, call-state cards."""
