"""Block Kit rendering only: pure functions from values to payloads, no I/O."""
