"""The events port: features say what happened, in the transaction where it happened.

A feature calls `events.emit(session, Event(...))` inside its unit of work; whoever listens
(webhooks today) queues its outbox rows in that same transaction and returns their keys, which
the feature flushes after commit with its own messages. So an event is recorded exactly when
its change commits, and never for a change that rolled back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

# The events a `[[webhooks]]` entry may subscribe to (CONTRACT).
EVENT_NAMES = (
    "risk.raised",
    "risk.changed",
    "escalation.started",
    "escalation.acknowledged",
    "escalation.exhausted",
    "standup.submitted",
)
# Events only Tandem itself listens to (App Home refreshes): no webhook may subscribe to them,
# and the webhooks listener skips them whatever a file says.
INTERNAL_EVENT_NAMES = (
    "goal.added",  # data: goal (ref), teams (ids), by
    "goal.updated",  # data: goal (ref), teams (ids), by
    "kudos.given",  # data: kudos (id), giver, receiver, team
)


@dataclass(frozen=True)
class Event:
    """One thing that happened. `key` is unique per occurrence (a retry emits the same key)."""

    name: str
    key: str
    at: datetime
    data: Mapping[str, Any]


class Events(Protocol):
    """Where features emit events; returns the outbox keys it queued, to flush after commit."""

    def emit(self, session: Session, event: Event) -> list[str]: ...


class NoEvents:
    """Nobody listens (services built without the webhooks, as in many tests)."""

    def emit(self, session: Session, event: Event) -> list[str]:
        return []


class EventFanout:
    """Every listener hears every event, in order; the keys they queued, together."""

    def __init__(self, *listeners: Events) -> None:
        self.listeners = listeners

    def emit(self, session: Session, event: Event) -> list[str]:
        return [key for listener in self.listeners for key in listener.emit(session, event)]
