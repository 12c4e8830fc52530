"""Shared goals: a metric with a target and a due date that several teams share, and its
append-only history of updates."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.db import insert_ignore, insert_new
from storage.models import Base


class Goal(Base):
    """One shared goal; `id` is the number people see as G-<id>."""

    __tablename__ = "goal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    target: Mapped[float | None] = mapped_column(Float)
    value: Mapped[float] = mapped_column(Float, default=0.0)
    due: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # The Slack delivery that created it (`command:{trigger_id}`): a redelivery adds nothing.
    create_key: Mapped[str] = mapped_column(String(200), unique=True)


class GoalTeam(Base):
    """A team that shares a goal."""

    __tablename__ = "goal_team"

    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(64), primary_key=True)

    __table_args__ = (Index("ix_goal_team_team", "team_id"),)


class GoalUpdate(Base):
    """One `/goal update`: the value before and after, who and when."""

    __tablename__ = "goal_update"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"))
    previous: Mapped[float] = mapped_column(Float)
    value: Mapped[float] = mapped_column(Float)
    by: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]
    key: Mapped[str] = mapped_column(String(200), unique=True)

    __table_args__ = (Index("ix_goal_update_goal", "goal_id", "at"),)


def add_if_absent(
    session: Session,
    *,
    title: str,
    target: float | None,
    due: date | None,
    teams: Sequence[str],
    by: str,
    now: datetime,
    key: str,
) -> Goal | None:
    """Store a goal shared by `teams`; None when the delivery `key` stored one already."""
    goal = insert_new(
        session,
        Goal,
        {
            "title": title,
            "target": target,
            "value": 0.0,
            "due": due,
            "created_by": by,
            "created_at": now,
            "updated_at": now,
            "create_key": key,
        },
        "create_key",
    )
    if goal is None:
        return None
    session.add_all(GoalTeam(goal_id=goal.id, team_id=team) for team in teams)
    session.flush()
    return goal


def get(session: Session, number: int) -> Goal | None:
    return session.get(Goal, number)


def teams_of(session: Session, goal_ids: Collection[int]) -> dict[int, tuple[str, ...]]:
    """The sharing teams of each goal, sorted (one statement)."""
    found: dict[int, list[str]] = {goal_id: [] for goal_id in goal_ids}
    if not goal_ids:
        return {}
    rows = session.execute(
        select(GoalTeam.goal_id, GoalTeam.team_id)
        .where(GoalTeam.goal_id.in_(list(goal_ids)))
        .order_by(GoalTeam.goal_id, GoalTeam.team_id)
    )
    for goal_id, team_id in rows:
        found[goal_id].append(team_id)
    return {goal_id: tuple(teams) for goal_id, teams in found.items()}


def record_update(
    session: Session, goal: Goal, *, value: float, by: str, now: datetime, key: str
) -> float | None:
    """Set the goal's current value; the value before, or None when `key` was recorded."""
    previous = goal.value
    added = insert_ignore(
        session,
        GoalUpdate,
        {"goal_id": goal.id, "previous": previous, "value": value, "by": by, "at": now, "key": key},
    )
    if not added:
        return None
    session.execute(
        update(Goal).where(Goal.id == goal.id).values(value=value, updated_at=now),
        execution_options={"synchronize_session": False},
    )
    goal.value, goal.updated_at = value, now
    return previous


def of_teams(
    session: Session, team_ids: Collection[str], *, due_from: date | None = None
) -> list[Goal]:
    """Goals shared by any of `team_ids`, oldest first; with `due_from`, only those without a
    due date or due on or after it (one statement)."""
    if not team_ids:
        return []
    shared = select(GoalTeam.goal_id).where(GoalTeam.team_id.in_(list(team_ids)))
    query = select(Goal).where(Goal.id.in_(shared)).order_by(Goal.id)
    if due_from is not None:
        query = query.where(or_(Goal.due.is_(None), Goal.due >= due_from))
    return list(session.scalars(query))


def with_teams(
    session: Session, team_ids: Collection[str], *, due_from: date | None = None
) -> list[tuple[Goal, tuple[str, ...]]]:
    """`of_teams` with each goal's sharing teams (two statements)."""
    goals = of_teams(session, team_ids, due_from=due_from)
    teams = teams_of(session, [g.id for g in goals])
    return [(goal, teams.get(goal.id, ())) for goal in goals]


def changed_since(session: Session, since: datetime | None) -> list[tuple[Goal, tuple[str, ...]]]:
    """Every goal created or updated at or after `since` (all for None), with its teams."""
    query = select(Goal).order_by(Goal.id)
    if since is not None:
        query = query.where(Goal.updated_at >= since)
    goals = list(session.scalars(query))
    teams = teams_of(session, [g.id for g in goals])
    return [(goal, teams.get(goal.id, ())) for goal in goals]
