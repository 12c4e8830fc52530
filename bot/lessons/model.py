"""What the rest of the feature sees of a stored lesson: a frozen value, no ORM object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class LessonView:
    id: int
    team: str
    author: str
    risk_id: int | None
    text: str
    source: str
    created_at: datetime

    @property
    def ref(self) -> str:
        return f"L-{self.id}"
