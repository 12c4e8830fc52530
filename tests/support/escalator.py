"""A stand-in for the escalation service that records what risks and stand-ups asked of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypedDict
from zoneinfo import ZoneInfo

from bot.core.ports import Subject


class Started(TypedDict):
    subject: Subject
    by: str | None
    reason: str
    now: datetime
    key: str


class Resolved(TypedDict):
    kind: str
    ref: str
    by: str | None
    now: datetime


@dataclass
class RecordingEscalator:
    """Implements the Escalator port by recording each call.

    A key already started starts nothing and answers False, as the real service does, so a
    caller that retries every tick is recorded once.
    """

    started: list[Started] = field(default_factory=list)
    resolved: list[Resolved] = field(default_factory=list)

    def start(
        self, subject: Subject, *, by: str | None, reason: str, now: datetime, key: str
    ) -> bool:
        if any(call["key"] == key for call in self.started):
            return False
        self.started.append(Started(subject=subject, by=by, reason=reason, now=now, key=key))
        return True

    def describe(
        self, kind: str, ref: str, *, tz: ZoneInfo, link: Callable[[], str | None] | None = None
    ) -> str | None:
        return None  # it never has a run going: every start is recorded

    def resolve(self, kind: str, ref: str, *, by: str | None, now: datetime) -> bool:
        self.resolved.append(Resolved(kind=kind, ref=ref, by=by, now=now))
        return True
