"""Imports every table module so `Base.metadata` is the whole schema (for Alembic and tests)."""

from storage import digests, escalations, models, oncall, risks, standups
from storage.models import Base

__all__ = ["Base", "digests", "escalations", "models", "oncall", "risks", "standups"]
