"""The risk register's vocabulary: statuses, the editable fields, outbox keys, a new risk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.risk.grammar import DEFAULT_SCORE


class RiskStatus(StrEnum):
    """Where a risk stands. `closed` is set only by closing it (with a reason)."""

    OPEN = "open"
    MITIGATING = "mitigating"
    WATCH = "watch"
    OCCURRED = "occurred"
    CLOSED = "closed"


# Fields compared and recorded by an update, in the order replies list them.
EDITABLE = (
    "title",
    "description",
    "kind",
    "category",
    "team",
    "owner",
    "probability",
    "impact",
    "due_at",
    "response_strategy",
    "response_plan",
    "trigger",
    "contingency_plan",
    "customer_impact",
    "status",
)


def root_key(number: int) -> str:
    """Outbox key of the risk's thread root; escalations post their log under it."""
    return f"risk:{number}:root"


@dataclass(frozen=True)
class NewRisk:
    """A risk about to be raised, validated (by the command grammar or the form)."""

    title: str
    owner: str
    probability: int = DEFAULT_SCORE
    impact: int = DEFAULT_SCORE
    category: str = ""
    kind: str = "threat"
    team: str | None = None
    due_at: datetime | None = None
    description: str = ""
    response_strategy: str | None = None
    response_plan: str = ""
    trigger: str = ""
    contingency_plan: str = ""
    customer_impact: bool = False


def plain(value: object) -> object:
    """JSON-safe form of an attribute value for the history."""
    return value.isoformat() if isinstance(value, datetime) else value
