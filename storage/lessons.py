"""Lessons learned: the table, its full-text index and the queries (ranked search included).

The search index is the database's own: SQLite's FTS5 (an external-content table
`lesson_fts`, written beside each lesson in the same transaction) and PostgreSQL's
`tsvector` (a GIN expression index on `to_tsvector('english', text)`). Both stem English
words (FTS5's porter tokenizer, PostgreSQL's english configuration), match every word of the
query anywhere in the lesson, and rank by relevance (bm25 / ts_rank), best first.
Queries take a Session and never commit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.db import insert_new, is_postgres
from storage.models import Base

FTS_TABLE = "lesson_fts"
PG_SEARCH_INDEX = "ix_lesson_search"
# The search index's own objects: they live outside the models' metadata (FTS5's virtual
# table and its shadow tables; a functional GIN index), so schema comparison leaves them out.
SEARCH_OBJECTS = re.compile(rf"^({FTS_TABLE}(_\w+)?|{PG_SEARCH_INDEX})$")
SOURCES = ("manual", "retro", "risk-close", "escalation")
_WORD = re.compile(r"\w+", re.UNICODE)


class Lesson(Base):
    """One lesson; `id` is the number people see as L-<id>."""

    __tablename__ = "lesson"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # the delivery that stored it
    team: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(40))
    risk_id: Mapped[int | None] = mapped_column(ForeignKey("risk.id"))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))  # manual | retro | risk-close | escalation
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_lesson_created", "created_at"),
        Index("ix_lesson_team", "team", "created_at"),
    )

    @property
    def ref(self) -> str:
        return f"L-{self.id}"


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, other: Any) -> bool:
    """Alembic's filter: the search index's objects are not part of the models' schema."""
    return not (name and SEARCH_OBJECTS.match(name))


def add(session: Session, values: dict[str, Any]) -> Lesson | None:
    """Store a lesson and index it; None when its `key` was already stored (a redelivery)."""
    lesson = insert_new(session, Lesson, values, "key")
    if lesson is not None and not is_postgres(session):
        # PostgreSQL's index follows the table by itself; FTS5's external content does not.
        session.execute(
            text(f"INSERT INTO {FTS_TABLE} (rowid, text) VALUES (:id, :text)"),  # noqa: S608
            {"id": lesson.id, "text": lesson.text},
        )
    return lesson


def add_many(session: Session, rows: Sequence[dict[str, Any]]) -> list[Lesson]:
    """`add` for each row; the new lessons in order."""
    return [lesson for row in rows if (lesson := add(session, row)) is not None]


def quoted_words(words: str) -> str:
    """The words, each one quoted: to FTS5 and to `websearch_to_tsquery` alike that means
    every word is required, anywhere in the lesson, and no operator or syntax error can come
    from what a person typed. Empty when there are no words."""
    return " ".join(f'"{word}"' for word in _WORD.findall(words))


def search(session: Session, words: str, *, limit: int) -> list[Lesson]:
    """The lessons that contain every word (stemmed), the most relevant first."""
    query = quoted_words(words)
    if not query:
        return []
    if is_postgres(session):
        stmt = text(
            "SELECT lesson.id FROM lesson, websearch_to_tsquery('english', :q) AS query "
            "WHERE to_tsvector('english', lesson.text) @@ query "
            "ORDER BY ts_rank(to_tsvector('english', lesson.text), query) DESC, lesson.id DESC "
            "LIMIT :limit"
        )
        params: dict[str, Any] = {"q": query, "limit": limit}
    else:
        stmt = text(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q "  # noqa: S608
            f"ORDER BY bm25({FTS_TABLE}), rowid DESC LIMIT :limit"
        )
        params = {"q": query, "limit": limit}
    ids = [int(row[0]) for row in session.execute(stmt, params)]
    found = {
        lesson.id: lesson for lesson in session.scalars(select(Lesson).where(Lesson.id.in_(ids)))
    }
    return [found[i] for i in ids if i in found]


def latest(session: Session, *, team: str | None, limit: int) -> list[Lesson]:
    """The newest lessons (of one team, or all), newest first."""
    stmt = select(Lesson).order_by(Lesson.created_at.desc(), Lesson.id.desc()).limit(limit)
    if team is not None:
        stmt = stmt.where(Lesson.team == team)
    return list(session.scalars(stmt))


def since(session: Session, start: datetime | None, end: datetime | None = None) -> list[Lesson]:
    """Lessons recorded in `[start, end)` (open ends: everything), oldest first."""
    stmt = select(Lesson).order_by(Lesson.created_at, Lesson.id)
    if start is not None:
        stmt = stmt.where(Lesson.created_at >= start)
    if end is not None:
        stmt = stmt.where(Lesson.created_at < end)
    return list(session.scalars(stmt))
