"""End-to-end tests: the real desktop window, driven by keyboard and mouse as an agent drives it,
against a real backend process on a loopback port that a test may stop and start again."""
