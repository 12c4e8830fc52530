"""Escalation runs: the pure policy, the service that pages, its journal and renderers."""
