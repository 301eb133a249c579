"""Scripted service flows: schema, validator, runner state machine (pure)."""
