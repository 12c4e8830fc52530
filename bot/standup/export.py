"""`tandem export standups`: one row per answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.exports import Row
from storage.db import SessionFactory, unit_of_work
from storage.standups import reads as repo

COLUMNS = [
    "standup",
    "team",
    "user",
    "date",
    "question_number",
    "question",
    "answer",
    "blocker",
    "answered_at",
    "updated_at",
    "late",
]


def export_standups(
    factory: SessionFactory, tz: ZoneInfo, since: datetime | None
) -> tuple[list[str], Iterator[Row]]:
    """Answers from the stand-up day of `since` (in the workspace zone `tz`) on."""
    day = since.astimezone(tz).date() if since else None

    def rows() -> Iterator[Row]:
        with unit_of_work(factory) as session:
            for prompt, answer in repo.answer_rows(session, day):
                yield {
                    "standup": prompt.standup_id,
                    "team": prompt.team_id,
                    "user": prompt.user_id,
                    "date": prompt.local_date.isoformat(),
                    "question_number": answer.question + 1,
                    "question": prompt.questions[answer.question]
                    if answer.question < len(prompt.questions)
                    else "",
                    "answer": answer.text,
                    "blocker": answer.question == prompt.blocker_index,
                    "answered_at": answer.created_at,
                    "updated_at": answer.updated_at,
                    "late": answer.late,
                }

    return COLUMNS, rows()
