"""The instant every test's frozen clock starts at."""

from __future__ import annotations

from datetime import UTC, datetime

# Tuesday 24 November 2026, 14:00 UTC (09:00 in New York, 15:00 in Berlin, 22:00 in Shanghai).
START = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
