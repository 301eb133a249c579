"""What every feature uses: the event bridge, background work, tables, badges, theme, texts."""
