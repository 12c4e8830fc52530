"""Recording and finding lessons: one transaction per operation, no Slack calls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.blocks import Message
from bot.core.errors import AlreadyHandled, NotFound, UserError
from bot.core.messages import t
from bot.core.outbox import Outbox, enqueue_message
from bot.core.ports import WorkspaceSource
from bot.core.workspace.model import WorkspaceConfig
from bot.lessons.grammar import AddLesson
from bot.lessons.model import LessonView
from storage import lessons as repo
from storage.db import SessionFactory, unit_of_work
from storage.lessons import Lesson
from storage.risks import Risk

SEARCH_LIMIT = 10
LIST_LIMIT = 15


@dataclass(frozen=True)
class Found:
    """A page of lessons and whether more matched than it shows."""

    lessons: Sequence[LessonView]
    more: bool = False


@dataclass(kw_only=True)
class LessonService:
    """`/lesson add|search|list`, and lessons other features record (retros, risks)."""

    factory: SessionFactory
    workspace: WorkspaceSource
    outbox: Outbox

    def team_for(self, team: str | None, author: str) -> str:
        """The named team, else the author's first team (in file order).

        Raises:
            UserError: the team does not exist, or none is named and the author is in none.
        """
        workspace = self.workspace()
        if team is not None:
            _require_team(workspace, team)
            return team
        for candidate in workspace.teams:
            if author in (candidate.lead, *candidate.members):
                return candidate.id
        raise UserError("lesson.error.no_team", teams=_team_ids(workspace))

    def risk_exists(self, number: int) -> bool:
        with unit_of_work(self.factory, readonly=True) as session:
            return session.get(Risk, number) is not None

    def default_team(self, risk: int | None, user: str) -> str | None:
        """The form's team: the risk's, else the person's first team, else none chosen."""
        with unit_of_work(self.factory, readonly=True) as session:
            found = session.get(Risk, risk) if risk is not None else None
            team = found.team if found is not None else None
        known = {x.id for x in self.workspace().teams}
        if team in known:
            return team
        return next((x.id for x in self.workspace().teams if user in (x.lead, *x.members)), None)

    def record(
        self, cmd: AddLesson, *, by: str, key: str, now: datetime, source: str
    ) -> LessonView:
        """Store a lesson from the "Record a lesson" form and confirm it to `by` in a DM
        (queued in the same transaction, sent after commit)."""
        lesson = self.add(cmd, by=by, key=key, now=now, source=source, confirm=True)
        self.outbox.flush(now, keys=[_confirm_key(key)])
        return lesson

    def add(
        self,
        cmd: AddLesson,
        *,
        by: str,
        key: str,
        now: datetime,
        source: str = "manual",
        confirm: bool = False,
    ) -> LessonView:
        """Store one lesson.

        Raises:
            UserError: unknown team or risk (nothing is stored).
            AlreadyHandled: `key` stored a lesson before (a Slack retry, a double submit).
        """
        team = self.team_for(cmd.team, by)
        with unit_of_work(self.factory) as session:
            if cmd.risk is not None and session.get(Risk, cmd.risk) is None:
                raise NotFound("lesson.error.unknown_risk", risk=f"R-{cmd.risk}")
            lesson = repo.add(
                session,
                {
                    "key": key,
                    "team": team,
                    "author": by,
                    "risk_id": cmd.risk,
                    "text": cmd.text,
                    "source": source,
                    "created_at": now,
                },
            )
            if lesson is None:
                raise AlreadyHandled("lesson.duplicate")
            if confirm:
                name = next((x.name for x in self.workspace().teams if x.id == team), team)
                risk = t("lesson.added_risk", risk=f"R-{cmd.risk}") if cmd.risk else ""
                text = t("lesson.recorded_dm", ref=lesson.ref, team=name, risk=risk)
                enqueue_message(session, _confirm_key(key), by, Message(text=text), now)
            return _view(lesson)

    def search(self, words: str) -> Found:
        """Lessons containing every word, the most relevant first."""
        with unit_of_work(self.factory, readonly=True) as session:
            found = [_view(x) for x in repo.search(session, words, limit=SEARCH_LIMIT + 1)]
        return Found(found[:SEARCH_LIMIT], more=len(found) > SEARCH_LIMIT)

    def latest(self, team: str | None) -> Found:
        """The newest lessons, of one team or of all."""
        if team is not None:
            _require_team(self.workspace(), team)
        with unit_of_work(self.factory, readonly=True) as session:
            found = [_view(x) for x in repo.latest(session, team=team, limit=LIST_LIMIT + 1)]
        return Found(found[:LIST_LIMIT], more=len(found) > LIST_LIMIT)


def _team_ids(workspace: WorkspaceConfig) -> str:
    return ", ".join(f"`{team.id}`" for team in workspace.teams) or "none configured"


def _require_team(workspace: WorkspaceConfig, team: str) -> None:
    if all(candidate.id != team for candidate in workspace.teams):
        raise UserError("lesson.error.unknown_team", team=team[:64], teams=_team_ids(workspace))


def _view(lesson: Lesson) -> LessonView:
    return LessonView(
        id=lesson.id,
        team=lesson.team,
        author=lesson.author,
        risk_id=lesson.risk_id,
        text=lesson.text,
        source=lesson.source,
        created_at=lesson.created_at,
    )


def _confirm_key(key: str) -> str:
    return f"lesson:confirm:{key}"
