"""Imports every table module so `Base.metadata` is the whole schema (for Alembic and tests)."""

from storage import (
    digests,
    escalations,
    goals,
    handovers,
    home,
    kudos,
    lessons,
    metrics,
    models,
    oncall,
    retros,
    risks,
)
from storage.models import Base
from storage.standups import models as standups

__all__ = [
    "Base",
    "digests",
    "escalations",
    "goals",
    "handovers",
    "home",
    "kudos",
    "lessons",
    "metrics",
    "models",
    "oncall",
    "retros",
    "risks",
    "standups",
]
