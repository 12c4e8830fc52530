"""The risk register's tables and queries: risks, their append-only history, mitigation actions.

Queries take a Session and never commit. The read functions at the end serve the digests;
each runs a fixed, small number of statements whatever the number of risks.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from storage.db import insert_ignore
from storage.models import Base

STATUSES = ("open", "mitigating", "watch", "occurred", "closed")
ACTIVE = ("open", "mitigating", "watch", "occurred")
RATINGS = ("low", "medium", "high", "critical")


class Risk(Base):
    """One risk; `id` is the number people see as R-<id>."""

    __tablename__ = "risk"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16))  # threat | opportunity
    category: Mapped[str] = mapped_column(String(40))
    team: Mapped[str | None] = mapped_column(String(64))
    owner: Mapped[str] = mapped_column(String(40))
    raised_by: Mapped[str] = mapped_column(String(40))
    probability: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime | None]  # proximity: when it could materialise / decision needed
    response_strategy: Mapped[str | None] = mapped_column(String(16))
    response_plan: Mapped[str] = mapped_column(Text, default="")
    trigger: Mapped[str] = mapped_column(Text, default="")
    contingency_plan: Mapped[str] = mapped_column(Text, default="")
    customer_impact: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="open")
    close_reason: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    next_review_at: Mapped[datetime]
    last_reviewed_at: Mapped[datetime | None]
    # The `next_review_at` the owner was last nudged for: one nudge per review period.
    review_nudged_for: Mapped[datetime | None]
    # The owner's local date of the last due-date nudge: at most one a day.
    due_nudged_on: Mapped[str | None] = mapped_column(String(10))
    channel: Mapped[str | None] = mapped_column(String(40))  # the thread: root message
    thread_ts: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_risk_status_score", "status", "score"),
        Index("ix_risk_next_review_at", "next_review_at"),
    )

    @property
    def ref(self) -> str:
        return f"R-{self.id}"

    @property
    def active(self) -> bool:
        return self.status != "closed"


class RiskEvent(Base):
    """One change to a risk: who, when, what it was before and after. Never updated."""

    __tablename__ = "risk_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk.id"), index=True)
    actor: Mapped[str | None] = mapped_column(String(40))  # None: Tandem itself
    at: Mapped[datetime] = mapped_column(index=True)
    # created | updated | reviewed | trigger_fired | escalated | closed | reopened
    # | action_added | action_done
    type: Mapped[str] = mapped_column(String(24))
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class RiskAction(Base):
    """A mitigation or contingency task with one owner and a due date."""

    __tablename__ = "risk_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … within the risk
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(40))
    due_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done
    done_at: Mapped[datetime | None]
    due_nudged_on: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("risk_id", "number"),)


class RiskSequence(Base):
    """The one counter behind R-1, R-2, …; its row lock serialises concurrent raises."""

    __tablename__ = "risk_sequence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)


# --- writes ---------------------------------------------------------------------------------


def next_number(session: Session) -> int:
    """Allocate the next risk number in the caller's transaction.

    The UPDATE takes the counter row's lock (PostgreSQL) or the database write lock (SQLite,
    BEGIN IMMEDIATE), so two concurrent raises never get the same number; a rolled-back
    raise gives its number back.
    """
    insert_ignore(session, RiskSequence, {"id": 1, "last": 0})
    number = session.execute(
        update(RiskSequence)
        .where(RiskSequence.id == 1)
        .values(last=RiskSequence.last + 1)
        .returning(RiskSequence.last)
    ).scalar_one()
    return int(number)


def add_event(
    session: Session,
    risk: Risk,
    *,
    actor: str | None,
    type: str,
    at: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> RiskEvent:
    event = RiskEvent(
        risk_id=risk.id, actor=actor, at=at, type=type, before=before or {}, after=after or {}
    )
    session.add(event)
    session.flush()
    return event


def add_action(
    session: Session,
    risk: Risk,
    *,
    description: str,
    owner: str,
    due_at: datetime | None,
    now: datetime,
) -> RiskAction:
    highest = session.scalar(
        select(func.max(RiskAction.number)).where(RiskAction.risk_id == risk.id)
    )
    action = RiskAction(
        risk_id=risk.id,
        number=(highest or 0) + 1,
        description=description,
        owner=owner,
        due_at=due_at,
        status="open",
        created_at=now,
    )
    session.add(action)
    session.flush()
    return action


# --- reads for the register ---------------------------------------------------------------


def get(session: Session, number: int, *, lock: bool = False) -> Risk | None:
    """The risk R-<number>; `lock` holds its row until commit (PostgreSQL)."""
    return session.scalar(_get_statement(lock), {"number": number})


@cache
def _get_statement(lock: bool) -> Select[Risk]:
    """Built once: every command naming a risk reads it (or is refused for want of it)."""
    stmt = select(Risk).where(Risk.id == bindparam("number"))
    return stmt.with_for_update() if lock else stmt


def action(session: Session, risk_id: int, number: int) -> RiskAction | None:
    return session.scalar(
        select(RiskAction).where(RiskAction.risk_id == risk_id, RiskAction.number == number)
    )


def actions(session: Session, risk_id: int) -> list[RiskAction]:
    return list(
        session.scalars(
            select(RiskAction).where(RiskAction.risk_id == risk_id).order_by(RiskAction.number)
        )
    )


def history(session: Session, risk_id: int, limit: int) -> tuple[list[RiskEvent], int]:
    """The newest `limit` events, oldest first, and how many there are in all."""
    total = session.scalar(select(func.count()).where(RiskEvent.risk_id == risk_id)) or 0
    newest = session.scalars(
        select(RiskEvent)
        .where(RiskEvent.risk_id == risk_id)
        .order_by(RiskEvent.id.desc())
        .limit(limit)
    )
    return list(reversed(list(newest))), int(total)


@dataclass(frozen=True)
class RiskFilter:
    """Which risks `/risk list` shows. Empty `statuses` means every status but closed."""

    statuses: tuple[str, ...] = ()
    owner: str | None = None
    team: str | None = None
    overdue_at: datetime | None = None  # due or review date before this instant
    customer: bool = False  # only risks flagged as impacting customers


@dataclass(slots=True)
class ListedRisk:
    """A risk as a page of the register carries it: every column rendering names, read
    through Core (mapping rows to ORM objects cost more than the query itself)."""

    id: int
    title: str
    description: str
    kind: str
    category: str
    team: str | None
    owner: str
    raised_by: str
    probability: int
    impact: int
    score: int
    rating: str
    due_at: datetime | None
    response_strategy: str | None
    response_plan: str
    trigger: str
    contingency_plan: str
    customer_impact: bool
    status: str
    close_reason: str | None
    closed_at: datetime | None
    next_review_at: datetime
    created_at: datetime

    @property
    def ref(self) -> str:
        return f"R-{self.id}"

    @property
    def active(self) -> bool:
        return self.status != "closed"


def search(
    conn: Connection, wanted: RiskFilter, *, offset: int, limit: int
) -> tuple[list[ListedRisk], int]:
    """One page of matching risks, highest score first, and the number matching in all.

    One statement: the total rides on every row of the page (`count(*) OVER ()`); only a
    page past the end, which has no rows to carry it, counts separately.
    """
    shape = (wanted.statuses, wanted.owner is not None, wanted.team is not None, wanted.customer)
    overdue = wanted.overdue_at is not None
    params: dict[str, Any] = {
        "owner": wanted.owner,
        "team": wanted.team,
        "overdue_at": wanted.overdue_at,
    }
    rows = conn.execute(
        _page_statement(*shape, overdue), {**params, "offset": offset, "limit": limit}
    ).all()
    if rows:
        return [ListedRisk(*row[:-1]) for row in rows], int(rows[0][-1])
    if offset == 0:
        return [], 0
    return [], int(conn.scalar(_count_statement(*shape, overdue), params) or 0)


def _matching(
    statuses: tuple[str, ...], owner: bool, team: bool, customer: bool, overdue: bool
) -> Any:
    """The WHERE clause of `search` for one shape of filter; values come as parameters."""
    where: list[ColumnElement[bool]] = [
        Risk.status.in_(statuses) if statuses else Risk.status != "closed"
    ]
    if owner:
        where.append(Risk.owner == bindparam("owner"))
    if team:
        where.append(Risk.team == bindparam("team"))
    if customer:
        where.append(Risk.customer_impact == true())
    if overdue:
        at: BindParameter[datetime] = bindparam("overdue_at")
        where.append((Risk.due_at < at) | (Risk.next_review_at < at))
    return where


@cache
def _page_statement(
    statuses: tuple[str, ...], owner: bool, team: bool, customer: bool, overdue: bool
) -> Any:
    """Built once per filter shape: `/risk list` then pays for no statement construction
    or cache-key walk, only for running it."""
    return (
        select(
            *(Risk.__table__.c[f.name] for f in fields(ListedRisk)),
            func.count().over().label("total"),
        )
        .where(*_matching(statuses, owner, team, customer, overdue))
        .order_by(Risk.score.desc(), Risk.id)
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )


@cache
def _count_statement(
    statuses: tuple[str, ...], owner: bool, team: bool, customer: bool, overdue: bool
) -> Any:
    return (
        select(func.count())
        .select_from(Risk)
        .where(*_matching(statuses, owner, team, customer, overdue))
    )


def reviews_to_nudge(session: Session, now: datetime) -> list[Risk]:
    """Active risks whose review date has passed and whose owner was not nudged for it."""
    return list(
        session.scalars(
            select(Risk)
            .where(Risk.status.in_(ACTIVE), Risk.next_review_at <= now)
            .where(
                Risk.review_nudged_for.is_(None) | (Risk.review_nudged_for != Risk.next_review_at)
            )
            .order_by(Risk.id)
        )
    )


def due_by(session: Session, until: datetime) -> list[Risk]:
    """Risks still being worked whose due date is before `until` (overdue ones included)."""
    return list(
        session.scalars(
            select(Risk)
            .where(Risk.status.in_(("open", "mitigating", "watch")), Risk.due_at <= until)
            .order_by(Risk.id)
        )
    )


def actions_due_by(session: Session, until: datetime) -> list[tuple[RiskAction, Risk]]:
    """Open actions of active risks due before `until`, with their risk."""
    rows = session.execute(
        select(RiskAction, Risk)
        .join(Risk, Risk.id == RiskAction.risk_id)
        .where(RiskAction.status == "open", RiskAction.due_at <= until)
        .where(Risk.status != "closed")
        .order_by(RiskAction.id)
    )
    return [(a, r) for a, r in rows]


def since(session: Session, at: datetime | None) -> list[Risk]:
    """Every risk, or those changed at or after `at` (for the export)."""
    stmt = select(Risk).order_by(Risk.id)
    if at is not None:
        stmt = stmt.where(Risk.updated_at >= at)
    return list(session.scalars(stmt))


# --- reads for the digests ----------------------------------------------------------------


def _in_teams(teams: Collection[str] | None) -> ColumnElement[bool]:
    """All risks (None), or those of the given teams plus risks raised for no team."""
    if teams is None:
        return true()
    return or_(Risk.team.in_(list(teams)), Risk.team.is_(None))


def top_open(session: Session, limit: int, teams: Collection[str] | None = None) -> list[Risk]:
    """The `limit` active risks with the highest score (ties: oldest first). One statement."""
    stmt = select(Risk).where(Risk.status.in_(ACTIVE), _in_teams(teams))
    return list(session.scalars(stmt.order_by(Risk.score.desc(), Risk.id).limit(limit)))


def open_of_team(session: Session, team: str, ratings: Collection[str], limit: int) -> list[Risk]:
    """Active risks of `team` rated one of `ratings`, highest score first (a hand-over's list)."""
    stmt = (
        select(Risk)
        .where(Risk.status.in_(ACTIVE), Risk.team == team, Risk.rating.in_(list(ratings)))
        .order_by(Risk.score.desc(), Risk.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class RiskDelta:
    """What happened to the register in a period (the RAID NEW / UPDATED / CLOSED delta).

    A risk is in exactly one list: closed wins over created, created over changed.
    """

    created: list[Risk]
    changed: list[Risk]
    closed: list[Risk]


# History entries that change what a risk is (not reviews, escalations or actions).
DELTA_EVENTS = ("created", "updated", "trigger_fired", "reopened", "closed")


def changes_between(
    session: Session, start: datetime, end: datetime, teams: Collection[str] | None = None
) -> RiskDelta:
    """Risks created, changed or closed in [start, end), read from the history. Two statements.

    A risk that was only reviewed, escalated or given an action in the period is not "changed".
    """
    kinds = session.execute(
        select(RiskEvent.risk_id, RiskEvent.type)
        .where(RiskEvent.at >= start, RiskEvent.at < end, RiskEvent.type.in_(DELTA_EVENTS))
        .distinct()
    ).all()
    seen: dict[int, set[str]] = {}
    for risk_id, kind in kinds:
        seen.setdefault(risk_id, set()).add(kind)
    if not seen:
        return RiskDelta([], [], [])
    stmt = select(Risk).where(Risk.id.in_(list(seen)), _in_teams(teams))
    risks = list(session.scalars(stmt.order_by(Risk.score.desc(), Risk.id)))
    created, changed, closed = [], [], []
    for risk in risks:
        types = seen[risk.id]
        if "closed" in types and risk.status == "closed":
            closed.append(risk)
        elif "created" in types:
            created.append(risk)
        else:
            changed.append(risk)
    return RiskDelta(created, changed, closed)


def scores_before(
    session: Session, risk_ids: Collection[int], start: datetime, end: datetime
) -> dict[int, int]:
    """Each risk's score before it was first re-scored in [start, end); risks not re-scored
    then are left out. One statement."""
    if not risk_ids:
        return {}
    rows = session.execute(
        select(RiskEvent.risk_id, RiskEvent.before)
        .where(RiskEvent.risk_id.in_(list(risk_ids)), RiskEvent.type == "updated")
        .where(RiskEvent.at >= start, RiskEvent.at < end)
        .order_by(RiskEvent.at, RiskEvent.id)
    )
    found: dict[int, int] = {}
    for risk_id, before in rows:
        if "score" in before:
            found.setdefault(risk_id, int(before["score"]))
    return found


def overdue_reviews(
    session: Session, now: datetime, teams: Collection[str] | None = None
) -> list[Risk]:
    """Active risks whose `next_review_at` has passed, most overdue first. One statement."""
    stmt = select(Risk).where(Risk.status.in_(ACTIVE), Risk.next_review_at <= now, _in_teams(teams))
    return list(session.scalars(stmt.order_by(Risk.next_review_at, Risk.id)))


def due_within(
    session: Session, now: datetime, until: datetime, teams: Collection[str] | None = None
) -> list[Risk]:
    """Active risks with a due (proximity) date in [now, until), soonest first. One statement."""
    stmt = select(Risk).where(
        Risk.status.in_(ACTIVE), Risk.due_at >= now, Risk.due_at < until, _in_teams(teams)
    )
    return list(session.scalars(stmt.order_by(Risk.due_at, Risk.id)))


def open_counts_by_rating(session: Session, teams: Collection[str] | None = None) -> dict[str, int]:
    """Active risks per rating, every rating present (zero when none). One statement."""
    stmt = select(Risk.rating, func.count()).where(Risk.status.in_(ACTIVE), _in_teams(teams))
    counts = dict.fromkeys(RATINGS, 0)
    for rating, count in session.execute(stmt.group_by(Risk.rating)):
        counts[rating] = int(count)
    return counts


def heat_map(session: Session, teams: Collection[str] | None = None) -> list[list[int]]:
    """Active risks counted per cell: `matrix[probability - 1][impact - 1]`. One statement."""
    stmt = select(Risk.probability, Risk.impact, func.count()).where(
        Risk.status.in_(ACTIVE), _in_teams(teams)
    )
    matrix = [[0] * 5 for _ in range(5)]
    for probability, impact, count in session.execute(stmt.group_by(Risk.probability, Risk.impact)):
        matrix[probability - 1][impact - 1] = int(count)
    return matrix


def active_opened(
    session: Session, teams: Collection[str] | None = None
) -> list[tuple[str, datetime]]:
    """(team, created_at) of every active risk that has a team: how long each has been open.
    One statement."""
    stmt = select(Risk.team, Risk.created_at).where(
        Risk.status.in_(ACTIVE), Risk.team.is_not(None), _in_teams(teams)
    )
    return [(str(team), created) for team, created in session.execute(stmt)]
