"""Imports every table module so `Base.metadata` is the whole schema (for Alembic and tests)."""

from storage import escalations, models, oncall
from storage.models import Base

__all__ = ["Base", "escalations", "models", "oncall"]
