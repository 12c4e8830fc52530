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
from bot.core.messages import speaking, t
from bot.core.outbox import Outbox, enqueue_message
from bot.core.ports import WorkspaceSource
from bot.core.replies import DirectMessage, OpenPrompt
from bot.core.users import Person, UserDirectory
from bot.core.workspace.model import Retro, Team, WorkspaceConfig
from bot.retro import rules
from bot.retro.blocks import answer_form, prompt_message, question_message, summary_messages
from storage import deliveries, sightings
from storage import lessons as lessons_repo
from storage import retros as repo
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
                user = prompt.user_id
                with speaking(self.users.known_locale(user, workspace.language_for(user))):
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
        # Answers given by DM count even when the person stopped before the last question.
        answers = {
            p.user_id: list(p.answers or [])
            for p in asked
            if p.answered_at or any(a.strip() for a in p.answers or [])
        }
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

    # --- answers by DM (the `bot.core.replies.ReplyTarget` port) -----------------------------

    def latest_open(self, user: str, now: datetime) -> OpenPrompt | None:
        """The person's newest sent prompt of a retro still open; unfinished until answered."""
        with unit_of_work(self.factory, readonly=True) as session:
            prompt = repo.latest_open_prompt(session, user)
            if prompt is None or prompt.sent_at is None:
                return None
            return OpenPrompt(prompt.sent_at, prompt.answered_at is None, prompt.id)

    def record_dm(self, dm: DirectMessage, now: datetime, handle: int | None = None) -> None:
        """A DM reply answers the prompt's first question without an answer, as stand-ups do:
        then the next question is asked, or, after the last, the answers are confirmed and
        the retro closes if everyone has answered. Slack's retries are claimed away."""
        workspace = self.workspace()
        session_id: int | None = None
        with unit_of_work(self.factory) as session:
            if not deliveries.claim(session, f"event:{dm.event_id}", now):
                return
            prompt = repo.lock_prompt(session, handle) if handle is not None else None
            opened = session.get(RetroSession, prompt.session_id) if prompt else None
            closes = slack_time(opened.closes_at, workspace.timezone) if opened else ""
            text = dm.text.strip()
            answers = _padded(prompt.answers if prompt else None, opened)
            unanswered = [i for i, given in enumerate(answers) if not given.strip()]
            if prompt is None or opened is None or prompt.user_id != dm.user:
                message = Message(t("retro.dm.none_open"))
            elif opened.closed_at is not None:
                message = Message(t("retro.error.closed"))
            elif not text:
                message = Message(t("retro.dm.empty"))
            elif not unanswered:
                message = Message(t("retro.dm.all_answered", closes=closes))
            else:
                index = unanswered[0]
                answers[index] = text
                stamps = _padded(prompt.message_ts, opened)
                stamps[index] = dm.ts
                prompt.answers, prompt.message_ts = answers, stamps  # new lists: JSON columns
                if len(unanswered) > 1:
                    message = question_message(opened.questions, unanswered[1])
                else:
                    prompt.answered_at = now
                    session_id = opened.id
                    message = Message(t("retro.answered", closes=closes))
            key = f"retro:dm:{dm.event_id}:reply"
            keys = [enqueue_message(session, key, dm.user, message, now)]
        self.outbox.flush(now, keys=keys)
        if session_id is not None:
            self._close_if_over(session_id, now)

    def answered_by(self, user: str, ts: str) -> int | None:
        """The retro prompt DM `ts` of `user` answered a question of, if any."""
        with unit_of_work(self.factory, readonly=True) as session:
            found = repo.prompt_by_message(session, user, ts)
            return found[0].id if found else None

    def record_edit(self, dm: DirectMessage, now: datetime, handle: int | None = None) -> None:
        """The person edited a DM that answered a retro question: the answer follows the edit
        while the retro is open; after it closed they are told it was not changed."""
        with unit_of_work(self.factory) as session:
            if not deliveries.claim(session, f"event:{dm.event_id}", now):
                return
            found = repo.prompt_by_message(session, dm.user, dm.ts)
            if found is None or not dm.text.strip():
                return
            prompt = repo.lock_prompt(session, found[0].id)
            opened = session.get(RetroSession, found[0].session_id)
            if prompt is None or opened is None:
                return
            if opened.closed_at is not None:
                key = f"retro:dm:{dm.event_id}:closed"
                closed = Message(t("retro.error.closed"))
                keys = [enqueue_message(session, key, dm.user, closed, now)]
            else:
                answers = _padded(prompt.answers, opened)
                answers[found[1]] = dm.text.strip()
                prompt.answers = answers
                keys = []
        if keys:
            self.outbox.flush(now, keys=keys)

    def _own(self, session: Session, prompt_id: int, user: str) -> tuple[RetroPrompt, RetroSession]:
        prompt = session.get(RetroPrompt, prompt_id)
        if prompt is None or prompt.user_id != user:
            raise Forbidden("retro.error.not_yours")
        opened = session.get(RetroSession, prompt.session_id)
        if opened is None or opened.closed_at is not None:
            raise Conflict("retro.error.closed")
        return prompt, opened


def _padded(values: Sequence[str] | None, opened: RetroSession | None) -> list[str]:
    """One string per question of the session (missing ones empty)."""
    count = len(opened.questions) if opened is not None else 0
    given = list(values or [])[:count]
    return given + [""] * (count - len(given))


def _name(workspace: WorkspaceConfig, opened: RetroSession) -> str:
    team = next((x for x in workspace.teams if x.id == opened.team_id), None)
    return f"{team.name if team else opened.team_id} ({opened.retro_id})"
