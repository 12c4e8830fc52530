"""Lesson test helpers: the stored lessons."""

from __future__ import annotations

from sqlalchemy import select

from bot.app.container import Services
from storage.db import unit_of_work
from storage.lessons import Lesson


def lessons(services: Services) -> list[Lesson]:
    with unit_of_work(services.factory) as session:
        return list(session.scalars(select(Lesson).order_by(Lesson.id)))
