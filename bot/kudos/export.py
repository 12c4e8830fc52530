"""`tandem export kudos`: one row per kudos given since the given time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.core.exports import Row
from storage import kudos as repo
from storage.db import SessionFactory, unit_of_work

COLUMNS = ["id", "given_at", "giver", "receiver", "text", "team", "channel"]


def export_kudos(
    factory: SessionFactory, since: datetime | None
) -> tuple[list[str], Iterable[Row]]:
    with unit_of_work(factory, readonly=True) as session:
        found = repo.given_since(session, since)
    rows = [
        {
            "id": k.id,
            "given_at": k.given_at,
            "giver": k.giver,
            "receiver": k.receiver,
            "text": k.text,
            "team": k.team_id,
            "channel": k.channel,
        }
        for k in found
    ]
    return COLUMNS, rows
