"""Retrospectives: open a session on its day (or now, `/retro start`), DM each member at the
retro's time in their own zone, take answers from the form (edits until it closes), and on
closing post the summary to the team channel and record the lesson answers as lessons.

Every write is keyed (a session per retro and cycle, a prompt per member, outbox keys per
prompt and summary, a lesson per answer), so repeated ticks and retries never duplicate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.core.blocks import Message
from bot.core.blocks.text import slack_time
from bot.core.errors import Conflict, Forbidden, NotFound, UserError
from bot.core.messages import t
from bot.core.outbox import Outbox, enqueue_message
from bot.core.ports import WorkspaceSource
from bot.core.users import Person, UserDirectory
from bot.core.workspace.model import Retro, Team, WorkspaceConfig
from bot.retro import rules
from bot.retro.blocks import answer_form, prompt_message, summary_messages
from storage import lessons as lessons_repo
from storage import retros as repo
from storage import sightings
from storage.db import SessionFactory, unit_of_work
from storage.retros import ASKED, AWAY, RetroPrompt, RetroSession
from storage.standups import prompts as away_repo

_NONE = re.compile(r"^\W*(none|no|n/a|nothing|-)?\W*$", re.IGNORECASE)


@dataclass(frozen=True)
class Form:
    """The answer form to open for a prompt."""

    view: dict[str, Any]


@dataclass(kw_only=True)
class RetroService:
    factory: SessionFactory
    workspace: WorkspaceSource
    users: UserDirectory
    outbox: Outbox

    # --- the tick ---------------------------------------------------------------------------

    def tick(self, now: datetime) -> None:
        workspace = self.workspace()
        if not workspace.retros:
            return
        with unit_of_work(self.factory) as session:
            seen = sightings.first_seen(session, "retro", [r.id for r in workspace.retros], now)
        for retro in workspace.retros:
            team = workspace.team(retro.team)
            self._open_due(retro, team, now, seen[retro.id])
            self._drive(retro, now)

    def _open_due(self, retro: Retro, team: Team, now: datetime, first_seen: datetime) -> None:
        day = rules.retro_day(retro, now.astimezone(team.timezone).date())
        if day is None or day in team.holidays:
            return
        people = self._people(team)
        due = {u: rules.local_instant(day, retro.time, p.tz) for u, p in people.items()}
        if not due:
            return
        opens, closes = min(due.values()), max(due.values()) + rules.OPEN_FOR
        # Not sent late to a fresh install; never for a session that would be over already.
        if opens > now or opens < first_seen or now >= closes:
            return
        with unit_of_work(self.factory) as session:
            if repo.has_cycle(session, retro.id, day.isoformat()):
                return
            self._open(session, retro, day.isoformat(), day, due, closes, None, now)

    def _open(
        self,
        session: Session,
        retro: Retro,
        cycle: str,
        day: date,
        due: dict[str, datetime],
        closes: datetime,
        by: str | None,
        now: datetime,
    ) -> RetroSession | None:
        opened = repo.open_session(
            session,
            {
                "retro_id": retro.id,
                "team_id": retro.team,
                "cycle": cycle,
                "questions": list(retro.questions),
                "lesson_questions": list(retro.lesson_questions),
                "started_by": by,
                "opened_at": now,
                "closes_at": closes,
                "closed_at": None,
            },
        )
        if opened is None:
            return None
        away = away_repo.away_days(session, list(due), day, day)
        repo.add_prompts(
            session,
            [
                {
                    "session_id": opened.id,
                    "user_id": user,
                    "status": AWAY if away_repo.is_away(away.get(user, []), day) else ASKED,
                    "due_at": at,
                    "sent_at": None,
                    "answers": None,
                    "answered_at": None,
                }
                for user, at in due.items()
            ],
        )
        return opened

    def _people(self, team: Team) -> dict[str, Person]:
        members = list(dict.fromkeys(team.members or (team.lead,)))
        people = self.users.get_many(members)
        return {u: p for u, p in people.items() if p.known and not p.deleted and not p.is_bot}

    def _drive(self, retro: Retro, now: datetime) -> None:
        """Send the prompts that are due and close what is over, for each open session."""
        with unit_of_work(self.factory, readonly=True) as session:
            open_ids = [s.id for s in repo.open_sessions(session, retro.id)]
        for session_id in open_ids:
            self._send_due(session_id, now)
            self._close_if_over(session_id, now)

    def _send_due(self, session_id: int, now: datetime) -> None:
        workspace = self.workspace()
        with unit_of_work(self.factory) as session:
            opened = session.get(RetroSession, session_id)
            if opened is None or opened.closed_at is not None:
                return
            keys = []
            for prompt in repo.due_unsent(session, session_id, now):
                prompt.sent_at = now
                message = prompt_message(
                    _name(workspace, opened),
                    opened.questions,
                    prompt.id,
                    slack_time(opened.closes_at, workspace.timezone),
                )
                key = f"retro:{session_id}:{prompt.user_id}:prompt"
                keys.append(enqueue_message(session, key, prompt.user_id, message, now))
        if keys:
            self.outbox.flush(now, keys=keys)

    def _close_if_over(self, session_id: int, now: datetime) -> None:
        """Close at `closes_at`, or once everyone asked has answered."""
        workspace = self.workspace()
        with unit_of_work(self.factory) as session:
            opened = session.get(RetroSession, session_id)
            if opened is None or opened.closed_at is not None:
                return
            prompts = repo.prompts_of(session, session_id)
            asked = [p for p in prompts if p.status == ASKED]
            everyone = bool(asked) and all(p.answered_at is not None for p in asked)
            if now < opened.closes_at and not everyone:
                return
            if not repo.claim_close(session, session_id, now):
                return
            keys = self._summarise(session, workspace, opened, asked, now)
        self.outbox.flush(now, keys=keys)

    def _summarise(
        self,
        session: Session,
        workspace: WorkspaceConfig,
        opened: RetroSession,
        asked: Sequence[RetroPrompt],
        now: datetime,
    ) -> list[str]:
        answers = {p.user_id: list(p.answers or []) for p in asked if p.answered_at}
        lessons = lessons_repo.add_many(
            session,
            [
                {
                    "key": f"retro:{opened.id}:{user}:{index}",
                    "team": opened.team_id,
                    "author": user,
                    "risk_id": None,
                    "text": given[index].strip(),
                    "source": "retro",
                    "created_at": now,
                }
                for user, given in answers.items()
                for index in opened.lesson_questions
                if index < len(given) and not _NONE.match(given[index])
            ],
        )
        team = next((x for x in workspace.teams if x.id == opened.team_id), None)
        if team is None:
            return []
        day = opened.opened_at.astimezone(team.timezone).date()
        messages = summary_messages(
            name=_name(workspace, opened),
            day=day,
            team=team.id,
            questions=opened.questions,
            answers=answers,
            asked=len(asked),
            lessons=len(lessons),
        )
        root = f"retro:{opened.id}:summary"
        keys = [enqueue_message(session, root, team.channel, messages[0], now)]
        for number, message in enumerate(messages[1:], start=1):
            keys.append(
                enqueue_message(
                    session, f"{root}:{number}", team.channel, message, now, thread_key=root
                )
            )
        return keys

    # --- /retro start -----------------------------------------------------------------------

    def start(self, retro_id: str, *, by: str, key: str, now: datetime) -> tuple[int, datetime]:
        """Open `retro_id` now: everyone is asked at once. Returns (people asked, closes at).

        Raises:
            UserError: no such retro. Forbidden: not the team's lead or an admin.
            Conflict: a session of it is still open.
        """
        workspace = self.workspace()
        retros = ", ".join(f"`{r.id}`" for r in workspace.retros) or "none configured"
        if not retro_id:
            raise UserError("retro.error.no_id", retros=retros)
        retro = next((r for r in workspace.retros if r.id == retro_id), None)
        if retro is None:
            raise NotFound("retro.error.unknown", retro=retro_id[:100], retros=retros)
        team = workspace.team(retro.team)
        if by != team.lead and not workspace.is_admin(by):
            raise Forbidden("retro.error.forbidden", team=team.name, lead=team.lead, retro=retro.id)
        people = self._people(team)
        closes = now + rules.OPEN_FOR
        with unit_of_work(self.factory) as session:
            running = repo.open_sessions(session, retro.id)
            if running:
                when = slack_time(running[0].closes_at, workspace.timezone)
                raise Conflict("retro.error.running", retro=retro.id, closes=when)
            day = now.astimezone(team.timezone).date()
            opened = self._open(
                session, retro, f"start:{key}", day, dict.fromkeys(people, now), closes, by, now
            )
            if opened is None:
                raise Conflict("retro.error.running", retro=retro.id, closes="")
            session_id = opened.id
            count = sum(1 for p in repo.prompts_of(session, opened.id) if p.status == ASKED)
        self._send_due(session_id, now)
        return count, closes

    # --- answers ----------------------------------------------------------------------------

    def form(self, prompt_id: int, *, user: str) -> Form:
        """The answer form for a prompt, holding the person's earlier answers."""
        with unit_of_work(self.factory, readonly=True) as session:
            prompt, opened = self._own(session, prompt_id, user)
            return Form(answer_form(opened.questions, list(prompt.answers or []), prompt.id))

    def answer(
        self, prompt_id: int, answers: list[str], *, user: str, key: str, now: datetime
    ) -> None:
        """Store (or replace) a person's answers and confirm them in a DM (once per `key`,
        the form submission); the session closes once everyone answered."""
        workspace = self.workspace()
        with unit_of_work(self.factory) as session:
            prompt, opened = self._own(session, prompt_id, user)
            prompt.answers = answers
            prompt.answered_at = now
            session_id = opened.id
            closes = slack_time(opened.closes_at, workspace.timezone)
            text = t("retro.answered", closes=closes)
            dm = enqueue_message(session, f"retro:answered:{key}", user, Message(text=text), now)
        self.outbox.flush(now, keys=[dm])
        self._close_if_over(session_id, now)

    def _own(self, session: Session, prompt_id: int, user: str) -> tuple[RetroPrompt, RetroSession]:
        prompt = session.get(RetroPrompt, prompt_id)
        if prompt is None or prompt.user_id != user:
            raise Forbidden("retro.error.not_yours")
        opened = session.get(RetroSession, prompt.session_id)
        if opened is None or opened.closed_at is not None:
            raise Conflict("retro.error.closed")
        return prompt, opened


def _name(workspace: WorkspaceConfig, opened: RetroSession) -> str:
    team = next((x for x in workspace.teams if x.id == opened.team_id), None)
    return f"{team.name if team else opened.team_id} ({opened.retro_id})"
