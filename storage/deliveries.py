"""Slack deliveries that already had their effect (event_id, trigger_id, action keys)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from storage.db import insert_ignore
from storage.models import ProcessedDelivery


def claim(session: Session, key: str, now: datetime) -> bool:
    """Record `key` in the caller's transaction; False when it was already processed.

    Claiming inside the same transaction as the effect means a delivery whose first attempt
    failed is processed again on Slack's retry, and one that succeeded never is.
    """
    return insert_ignore(session, ProcessedDelivery, {"key": key[:200], "received_at": now})


def prune(session: Session, now: datetime, keep: timedelta = timedelta(days=7)) -> None:
    """Forget deliveries older than Slack's retry window (with a wide margin)."""
    session.execute(delete(ProcessedDelivery).where(ProcessedDelivery.received_at < now - keep))
