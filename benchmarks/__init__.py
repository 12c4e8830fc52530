"""Benchmarks: `python -m benchmarks [--quick]` (CI runs the quick one)."""
