"""The stand-up tick: prompts at each person's local time, one reminder, the report, and
blocker escalations. Every write is keyed, so repeated or late ticks never duplicate."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.blocks import Message
from bot.core.messages import speaking, t
from bot.core.outbox import Outbox, enqueue_message, enqueue_posts
from bot.core.ports import Escalator, Subject, WorkspaceSource
from bot.core.users import Person, UserDirectory, language
from bot.core.workspace.model import Standup, Team
from bot.standup import rules
from bot.standup.blocks import prompt_messages, reminder_message
from bot.standup.common import display_name, flush, usable, who
from bot.standup.report_blocks import (
    Answer,
    PersonAnswers,
    Report,
    StaleBlocker,
    report_messages,
)
from storage import sightings
from storage.db import SessionFactory, unit_of_work
from storage.standups import prompts as repo
from storage.standups.models import ASKED, AWAY, prompt_key_base, report_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(kw_only=True)
class StandupClock:
    factory: SessionFactory
    workspace: WorkspaceSource
    users: UserDirectory
    outbox: Outbox
    escalator: Escalator | None

    def tick(self, now: datetime) -> None:
        """Everything stand-ups need as of `now`; Slack lookups happen before any transaction."""
        workspace = self.workspace()
        people = self._people({u for s in workspace.standups for u in s.participants})
        with unit_of_work(self.factory) as session:
            seen = sightings.first_seen(session, "standup", [s.id for s in workspace.standups], now)
        for standup in workspace.standups:
            team = workspace.team(standup.team)
            keys = self._prompt(standup, team, people, now, seen[standup.id])
            keys += self._remind(standup, people, now)
            with speaking(team.language):  # the team channel's language
                keys += self._report(standup, team, people, now, seen[standup.id])
            flush(self.outbox, keys, now)
            self._escalate(standup, team, now)

    def _people(self, users: Iterable[str]) -> dict[str, Person]:
        return self.users.get_many(users)

    # --- prompts ---------------------------------------------------------------------------

    def _prompt(
        self,
        standup: Standup,
        team: Team,
        people: dict[str, Person],
        now: datetime,
        first_seen: datetime,
    ) -> list[str]:
        zones = {u: people[u].tz for u in standup.participants if usable(people[u])}
        # A prompt that fell due before Tandem first saw the stand-up is not sent late.
        due = [d for d in rules.due_prompts(standup, team, zones, now) if d.due_at >= first_seen]
        if not due:
            return []
        name = display_name(self.workspace(), standup.id, team.id)
        with unit_of_work(self.factory) as session:
            days = {d.local_date for d in due}
            existing = repo.prompt_days(session, standup.id, [d.user for d in due], days)
            fresh = [d for d in due if (d.user, d.local_date) not in existing]
            if not fresh:
                return []
            away = repo.away_days(session, [d.user for d in fresh], min(days), max(days))
            away_now = {
                (d.user, d.local_date)
                for d in fresh
                if repo.is_away(away.get(d.user, []), d.local_date)
            }
            ids = repo.add_prompts(
                session,
                [
                    repo.NewPrompt(
                        user_id=item.user,
                        local_date=item.local_date,
                        tz=str(item.tz),
                        status=AWAY if (item.user, item.local_date) in away_now else ASKED,
                        late=item.late,
                        due_at=item.due_at,
                    )
                    for item in fresh
                ],
                standup_id=standup.id,
                team_id=team.id,
                questions=list(standup.questions),
                blocker_index=standup.blocker_question - 1 if standup.blocker_question else None,
                sent_at=now,
            )
            # Everyone asked on one day in one language gets the same prompt but for the id
            # its buttons carry.
            renderers: dict[tuple[date, bool, str], Callable[[int], Message]] = {}
            posts: list[tuple[str, str, Message]] = []
            for item in fresh:
                prompt_id = ids.get((item.user, item.local_date))
                if prompt_id is None or (item.user, item.local_date) in away_now:
                    continue  # another tick asked them first, or they are away
                spoken = language(people[item.user], team.language)
                render = renderers.get((item.local_date, item.late, spoken))
                if render is None:
                    with speaking(spoken):
                        render = renderers[item.local_date, item.late, spoken] = prompt_messages(
                            name=name,
                            day=item.local_date,
                            questions=standup.questions,
                            late_time=standup.time.strftime("%H:%M") if item.late else None,
                        )
                key = prompt_key_base(standup.id, item.user, item.local_date) + ":prompt"
                posts.append((key, item.user, render(prompt_id)))
            return enqueue_posts(session, posts, now)

    # --- reminders -------------------------------------------------------------------------

    def _remind(self, standup: Standup, people: dict[str, Person], now: datetime) -> list[str]:
        if not standup.reminders or standup.remind_after is None:
            return []
        keys: list[str] = []
        name = display_name(self.workspace(), standup.id, standup.team)
        with unit_of_work(self.factory) as session:
            waiting = repo.reminder_candidates(session, standup.id, now - standup.remind_after)
            waiting = [p for p in waiting if not rules.day_over(p.local_date, ZoneInfo(p.tz), now)]
            if not waiting:
                return []
            days = [p.local_date for p in waiting]
            away = repo.away_days(session, {p.user_id for p in waiting}, min(days), max(days))
            for prompt in waiting:
                if repo.is_away(away.get(prompt.user_id, []), prompt.local_date):
                    continue
                prompt.reminded_at = now
                person = people.get(prompt.user_id)
                fallback = self.workspace().language_for(prompt.user_id)
                with speaking(language(person, fallback) if person else fallback):
                    message = reminder_message(
                        name=name,
                        day=prompt.local_date,
                        questions=prompt.questions,
                        next_index=prompt.next_question,
                        prompt_id=prompt.id,
                    )
                keys.append(
                    enqueue_message(
                        session, prompt.key_base + ":remind", prompt.user_id, message, now
                    )
                )
        return keys

    # --- the report ------------------------------------------------------------------------

    def _report(
        self,
        standup: Standup,
        team: Team,
        people: dict[str, Person],
        now: datetime,
        first_seen: datetime,
    ) -> list[str]:
        day = rules.report_day(standup, team, now)
        if day is None or rules.local_instant(day, standup.report_at, team.timezone) < first_seen:
            return []
        with unit_of_work(self.factory) as session:
            if repo.report_for(session, standup.id, day) is not None:
                return []
        root_key = report_key(standup.id, day)
        with unit_of_work(self.factory) as session:
            report = repo.add_report(
                session,
                standup_id=standup.id,
                team_id=team.id,
                report_date=day,
                channel=team.channel,
                outbox_key=root_key,
                posted_at=now,
            )
            if report is None:
                return []
            content = self._content(session, standup, team, day, people, now)
            if content is None:
                report.posted = False
                return []
            messages = report_messages(content)
            keys = [enqueue_message(session, root_key, team.channel, messages[0], now)]
            for index, message in enumerate(messages[1:], start=1):
                key = f"{root_key}:{index}"
                keys.append(
                    enqueue_message(session, key, team.channel, message, now, thread_key=root_key)
                )
        return keys

    def _content(
        self,
        session: Session,
        standup: Standup,
        team: Team,
        day: date,
        people: dict[str, Person],
        now: datetime,
    ) -> Report | None:
        """What the report shows; None when nobody was asked or marked away that day."""
        prompts = {p.user_id: p for p in repo.prompts_for_day(session, standup.id, day)}
        if not prompts:
            return None
        answers = repo.answers_of(session, [p.id for p in prompts.values()])
        users = [u for u in standup.participants if u in prompts or usable(people[u])]
        users += [u for u in prompts if u not in users]
        away_ranges = repo.away_days(session, users, day, day)
        names = {u: p.name for u, p in people.items()}

        def label(user: str) -> str:
            return who(user, standup.mention, names)

        answered: list[PersonAnswers] = []
        away: list[str] = []
        missing: list[str] = []
        upcoming: list[str] = []
        not_asked: list[str] = []
        for user in users:
            prompt = prompts.get(user)
            if prompt is None:
                if repo.is_away(away_ranges.get(user, []), day):
                    away.append(label(user))
                elif rules.local_instant(day, standup.time, people[user].tz) > now:
                    upcoming.append(label(user))
                else:  # their day ended while the clock was down
                    not_asked.append(label(user))
            elif prompt.status != ASKED:
                away.append(label(user))
            elif answers[prompt.id]:
                given = answers[prompt.id]
                answered.append(
                    PersonAnswers(
                        who=label(user),
                        answers=[
                            Answer(
                                prompt.questions[i],
                                given[i].text,
                                blocker=i == prompt.blocker_index
                                and not rules.is_none_answer(given[i].text),
                            )
                            for i in sorted(given)
                            if i < len(prompt.questions)
                        ],
                        complete=prompt.completed_at is not None,
                    )
                )
            else:
                missing.append(label(user))
        stale = [
            StaleBlocker(
                blocker_id=b.id,
                team=team.id,
                user=b.user_id,
                who=label(b.user_id),
                text=b.text,
                since=b.first_date,
                days=(day - b.first_date).days,
            )
            for b in repo.open_blockers_of(session, standup.id)
            if b.last_date == day and now - b.opened_at >= standup.blocker_risk_after
        ]
        return Report(
            name=display_name(self.workspace(), standup.id, team.id),
            day=day,
            style=standup.report_style,
            people=answered,
            away=away,
            missing=missing,
            upcoming=upcoming,
            not_asked=not_asked,
            stale=stale,
        )

    # --- blocker escalation ----------------------------------------------------------------

    def _escalate(self, standup: Standup, team: Team, now: datetime) -> None:
        """Start one escalation per blocker older than `blocker_escalate_after`.

        The escalator is called outside our transaction and is idempotent on its key, so a
        crash between starting and recording it only repeats a no-op call.
        """
        escalator = self.escalator
        after = standup.blocker_escalate_after
        if escalator is None or after is None:
            return
        with unit_of_work(self.factory) as session:
            due = repo.blockers_to_escalate(session, standup.id, now - after)
        for blocker in due:
            subject = Subject(
                kind="blocker",
                ref=blocker.ref,
                title=t(
                    "standup.blocker.title",
                    who=self.users.get(blocker.user_id).name,
                    team=team.name,
                    text=blocker.text[:150],
                ),
                owner=blocker.user_id,
                team=team.id,
                thread_key=None,
            )
            key = f"blocker:{blocker.id}:escalate"
            escalator.start(subject, by=None, reason="blocker", now=now, key=key)
            with unit_of_work(self.factory) as session:
                repo.mark_escalated(session, blocker.id, now)
