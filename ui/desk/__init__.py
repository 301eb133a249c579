"""The agent's call: softphone bar, call desk, wrap-up, transfer and verification dialogs."""
