"""Collects the outbox messages a transaction writes, to send exactly those after commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.core.outbox import Outbox
from storage import outbox as repo


class Sends:
    """`add` inside the unit of work, `flush` after it committed."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.keys: list[str] = []

    def add(self, session: Session, *, key: str, channel: str, text: str, **kwargs: Any) -> None:
        """Queue a message (see `storage.outbox.enqueue`); a key queued before is ignored."""
        if repo.enqueue(session, key=key, channel=channel, text=text, now=self.now, **kwargs):
            self.keys.append(key)

    def flush(self, outbox: Outbox) -> None:
        if self.keys:
            outbox.flush(self.now, keys=self.keys)
