"""Time source: every decision about "now" goes through a Clock, never the system time directly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time as a UTC-aware datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that says one instant until moved; used by `tandem tick --at` and tests."""

    def __init__(self, at: datetime) -> None:
        self._at = aware(at)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = aware(at)

    def advance(self, delta: timedelta) -> datetime:
        self._at += delta
        return self._at


def aware(value: datetime) -> datetime:
    """Return `value` in UTC, refusing naive datetimes (they are always a bug here)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: every datetime in Tandem carries a zone")
    return value.astimezone(UTC)
