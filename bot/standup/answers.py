"""Answers: DM replies one question at a time, edits, the form, and the skip button.

Every change is stored as it arrives. Before the report is posted it simply updates the
answers; after it, the change is also appended to the report's thread, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.core.blocks import Message
from bot.core.blocks.text import escape
from bot.core.errors import Forbidden, NotFound
from bot.core.events import Event, Events, NoEvents
from bot.core.messages import t
from bot.core.outbox import Outbox, enqueue_message
from bot.core.ports import Escalator, WorkspaceSource
from bot.core.replies import DirectMessage, OpenPrompt
from bot.standup import rules
from bot.standup.blocks import (
    AnswersForm,
    done_message,
    format_day,
    question_message,
    skipped_message,
)
from bot.standup.common import display_name, flush, standup_config, who
from bot.standup.report_blocks import Answer, late_message
from storage import deliveries, users
from storage.db import SessionFactory, unit_of_work
from storage.standups import prompts as repo
from storage.standups.models import (
    ASKED,
    AWAY,
    SKIPPED,
    StandupAnswer,
    StandupBlocker,
    StandupPrompt,
    StandupReport,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass
class _Applied:
    keys: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)  # blocker refs to stop escalating


@dataclass(kw_only=True)
class Answers:
    factory: SessionFactory
    workspace: WorkspaceSource
    outbox: Outbox
    escalator: Escalator | None
    events: Events = field(default_factory=NoEvents)

    # --- DMs (the `bot.core.replies.ReplyTarget` port) ---------------------------------------

    def latest_open(self, user: str, now: datetime) -> OpenPrompt | None:
        """The prompt a DM of `user` answers: their latest open one, preferring unfinished."""
        with unit_of_work(self.factory, readonly=True) as session:
            prompt = _open_prompt(session, user)
            if prompt is None:
                return None
            return OpenPrompt(prompt.sent_at, prompt.completed_at is None, prompt.id)

    def record_dm(self, dm: DirectMessage, now: datetime, handle: int | None = None) -> None:
        """Store a DM as the answer to prompt `handle` (None: the person's open prompt), then
        ask the next question.

        The delivery is claimed in the same transaction, so Slack's retries are harmless.
        """
        applied = _Applied()
        with unit_of_work(self.factory) as session:
            if not deliveries.claim(session, f"event:{dm.event_id}", now):
                return
            reply_key = f"dm:{dm.event_id}:reply"
            target_id = handle
            if target_id is None:
                target = _open_prompt(session, dm.user)
                target_id = target.id if target else None
            prompt = repo.lock_prompt(session, target_id) if target_id is not None else None
            if prompt is not None and prompt.user_id != dm.user:
                prompt = None
            if not dm.text.strip():
                note = Message(t("standup.empty_reply"))
            elif prompt is None:
                note = Message(t("standup.no_open_prompt"))
            elif prompt.next_question >= len(prompt.questions):
                note = Message(t("standup.all_answered", day=format_day(prompt.local_date)))
            else:
                answer = {prompt.next_question: dm.text}
                applied = self._apply(session, prompt, answer, now, message_ts=dm.ts)
                applied.keys += self._next_step(session, prompt, now)
                note = None
            if note is not None:
                applied.keys.append(enqueue_message(session, reply_key, dm.user, note, now))
        self._after(applied, dm.user, now)

    def answered_by(self, user: str, ts: str) -> int | None:
        """The stand-up answer DM `ts` of `user` gave, if it gave one."""
        with unit_of_work(self.factory, readonly=True) as session:
            answer = repo.answer_by_message(session, user, ts)
            return answer.id if answer is not None else None

    def record_edit(self, dm: DirectMessage, now: datetime, handle: int | None = None) -> None:
        """A person edited a DM that was an answer: the answer follows the edit."""
        applied = _Applied()
        with unit_of_work(self.factory) as session:
            if not deliveries.claim(session, f"event:{dm.event_id}", now):
                return
            answer = repo.answer_by_message(session, dm.user, dm.ts)
            if answer is None or not dm.text.strip():
                return
            prompt = repo.lock_prompt(session, answer.prompt_id)
            assert prompt is not None
            applied = self._apply(session, prompt, {answer.question: dm.text}, now)
        self._after(applied, dm.user, now)

    # --- the form --------------------------------------------------------------------------

    def answers_form(self, prompt_id: int, user: str) -> AnswersForm:
        """Every question of the person's prompt, with the answers so far."""
        with unit_of_work(self.factory) as session:
            prompt = _own_prompt(session, prompt_id, user)
            given = repo.answers_of(session, [prompt.id])[prompt.id]
            posted = repo.posted_report(session, prompt.standup_id, prompt.local_date) is not None
            return AnswersForm(
                prompt_id=prompt.id,
                name=display_name(self.workspace(), prompt.standup_id, prompt.team_id),
                day=prompt.local_date,
                questions=prompt.questions,
                answers={i: a.text for i, a in given.items()},
                after_report=posted,
            )

    def submit_form(
        self, prompt_id: int, user: str, values: Mapping[int, str], now: datetime
    ) -> None:
        """Store the form's non-empty answers (an emptied field keeps its earlier answer)."""
        with unit_of_work(self.factory) as session:
            prompt = _own_prompt(session, prompt_id, user, lock=True)
            answers = {
                i: escape(v.strip())
                for i, v in values.items()
                if v.strip() and i < len(prompt.questions)
            }
            if prompt.status == SKIPPED and answers:  # answering un-skips
                prompt.status, prompt.skipped_at = ASKED, None
                repo.remove_away(session, _skip_key(prompt))
            applied = self._apply(session, prompt, answers, now)
            applied.keys += self._next_step(session, prompt, now)
        self._after(applied, user, now)

    # --- skipping --------------------------------------------------------------------------

    def skip(self, prompt_id: int, user: str, now: datetime) -> str | None:
        """The "Skip today" button: away for the prompt's day. Returns a note to show, if any."""
        with unit_of_work(self.factory) as session:
            prompt = _own_prompt(session, prompt_id, user, lock=True)
            day = format_day(prompt.local_date)
            if repo.answers_of(session, [prompt.id])[prompt.id]:
                return t("standup.skip_answered", day=day)
            repo.add_away(
                session,
                key=_skip_key(prompt),
                user_id=user,
                start=prompt.local_date,
                end=prompt.local_date,
                now=now,
            )
            keys = [skip_prompt(session, prompt, now)]
        flush(self.outbox, keys, now)
        return None

    # --- shared ----------------------------------------------------------------------------

    def _apply(
        self,
        session: Session,
        prompt: StandupPrompt,
        new: Mapping[int, str],
        now: datetime,
        message_ts: str | None = None,
    ) -> _Applied:
        """Write answers (creating or revising), track the blocker, append late changes."""
        given = repo.answers_of(session, [prompt.id])[prompt.id]
        report = repo.posted_report(session, prompt.standup_id, prompt.local_date)
        applied = _Applied()
        changed: list[StandupAnswer] = []
        edited = False
        for index, text in sorted(new.items()):
            current = given.get(index)
            if current is None:
                current = StandupAnswer(
                    prompt_id=prompt.id,
                    question=index,
                    text=text,
                    message_ts=message_ts,
                    revision=1,
                    late=report is not None,
                    created_at=now,
                    updated_at=now,
                )
                session.add(current)
                given[index] = current
            elif current.text != text:
                current.text, current.updated_at = text, now
                current.revision += 1
                edited = True
            else:
                continue
            changed.append(current)
            if index == prompt.blocker_index:
                applied.resolved += _track_blocker(session, prompt, text, now)
        unanswered = [i for i in range(len(prompt.questions)) if i not in given]
        prompt.next_question = unanswered[0] if unanswered else len(prompt.questions)
        if not unanswered and prompt.completed_at is None:
            prompt.completed_at = now
            applied.keys += self.events.emit(session, _submitted(prompt, given, report, now))
        if report is not None and changed:
            session.flush()
            applied.keys.append(self._append_late(session, prompt, report, changed, edited, now))
        return applied

    def _append_late(
        self,
        session: Session,
        prompt: StandupPrompt,
        report: StandupReport,
        changed: list[StandupAnswer],
        edited: bool,
        now: datetime,
    ) -> str:
        standup = standup_config(self.workspace(), prompt.standup_id)
        mention = standup.mention if standup else True
        cached = users.get(session, prompt.user_id)  # never a Slack call inside a transaction
        names = {prompt.user_id: cached.name} if cached is not None and cached.name else {}
        name = who(prompt.user_id, mention, names)
        answers = [
            Answer(
                prompt.questions[a.question],
                a.text,
                blocker=a.question == prompt.blocker_index and not rules.is_none_answer(a.text),
            )
            for a in changed
        ]
        message = late_message(name, prompt.local_date, answers, edited)
        version = "-".join(f"{a.id}r{a.revision}" for a in changed)
        key = f"{report.outbox_key}:late:{prompt.id}:{version}"
        return enqueue_message(
            session, key, report.channel, message, now, thread_key=report.outbox_key
        )

    def _next_step(self, session: Session, prompt: StandupPrompt, now: datetime) -> list[str]:
        """Ask the next unanswered question, or say thanks once everything is answered."""
        if prompt.next_question < len(prompt.questions):
            message = question_message(prompt.questions, prompt.next_question)
            key = f"{prompt.key_base}:q{prompt.next_question + 1}"
        else:
            message = done_message(prompt.local_date, prompt.id)
            key = f"{prompt.key_base}:done"
        return [enqueue_message(session, key, prompt.user_id, message, now)]

    def _after(self, applied: _Applied, user: str, now: datetime) -> None:
        flush(self.outbox, applied.keys, now)
        escalator = self.escalator
        if escalator is not None:
            for ref in applied.resolved:
                escalator.resolve("blocker", ref, by=user, now=now)


def skip_prompt(session: Session, prompt: StandupPrompt, now: datetime) -> str:
    """Mark a sent, unanswered prompt skipped and replace its DM; returns the outbox key."""
    prompt.status, prompt.skipped_at = SKIPPED, now
    key = f"{prompt.key_base}:skipped"
    message = skipped_message(prompt.local_date)
    return enqueue_message(session, key, prompt.user_id, message, now, target_key=prompt.outbox_key)


def _skip_key(prompt: StandupPrompt) -> str:
    """The away period the "Skip today" button made for this prompt."""
    return f"skip:{prompt.id}"


def _open_prompt(session: Session, user: str) -> StandupPrompt | None:
    """The person's latest open prompt, preferring one that still has questions."""
    open_prompts = [p for p in repo.latest_prompts(session, user) if p.status == ASKED]
    unfinished = [p for p in open_prompts if p.completed_at is None]
    candidates = unfinished or open_prompts
    return candidates[0] if candidates else None


def _own_prompt(
    session: Session, prompt_id: int, user: str, *, lock: bool = False
) -> StandupPrompt:
    prompt = repo.lock_prompt(session, prompt_id) if lock else session.get(StandupPrompt, prompt_id)
    if prompt is None or prompt.status == AWAY:
        raise NotFound("standup.error.prompt_missing")
    if prompt.user_id != user:
        raise Forbidden("standup.error.prompt_not_yours")
    return prompt


def _track_blocker(session: Session, prompt: StandupPrompt, text: str, now: datetime) -> list[str]:
    """Open, update or resolve the person's blocker; returns refs of resolved, escalated ones.

    Only the person's newest stand-up day counts: editing an old day's answer does not
    reopen or resolve today's blocker.
    """
    newest = repo.latest_prompts(session, prompt.user_id)
    if any(p.standup_id == prompt.standup_id and p.local_date > prompt.local_date for p in newest):
        return []
    blocker = repo.open_blocker(session, prompt.standup_id, prompt.user_id)
    if rules.is_none_answer(text):
        if blocker is None:
            return []
        blocker.resolved_at = now
        return [blocker.ref] if blocker.escalated_at is not None else []
    if blocker is None:
        session.add(
            StandupBlocker(
                standup_id=prompt.standup_id,
                team_id=prompt.team_id,
                user_id=prompt.user_id,
                text=text,
                first_date=prompt.local_date,
                last_date=prompt.local_date,
                opened_at=now,
            )
        )
    else:
        blocker.text = text
        blocker.last_date = max(blocker.last_date, prompt.local_date)
    return []


def _submitted(
    prompt: StandupPrompt,
    given: Mapping[int, StandupAnswer],
    report: StandupReport | None,
    now: datetime,
) -> Event:
    """`standup.submitted`: the person answered every question of their prompt."""
    data = {
        "standup": prompt.standup_id,
        "team": prompt.team_id,
        "user": prompt.user_id,
        "date": prompt.local_date.isoformat(),
        "answers": [
            {"question": q, "answer": given[i].text} for i, q in enumerate(prompt.questions)
        ],
        "late": report is not None,
    }
    return Event("standup.submitted", f"standup-event:{prompt.id}", now, data)
