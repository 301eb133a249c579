"""Pure bank and contact-center rules: no I/O, no clock reads (a clock is passed in)."""
