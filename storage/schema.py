"""Imports every table module so `Base.metadata` is the whole schema (for Alembic and tests)."""

from storage import models, risks
from storage.models import Base

__all__ = ["Base", "models", "risks"]
