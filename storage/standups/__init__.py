"""Stand-up and status-report tables and their queries, one module per job (never commit here)."""
