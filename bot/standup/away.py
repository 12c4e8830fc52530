"""/standup skip, away, status and tz: availability and where each person stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.core.dates import parse_day, split_range
from bot.core.errors import UserError
from bot.core.messages import t
from bot.core.outbox import Outbox
from bot.core.ports import WorkspaceSource
from bot.core.users import UserDirectory
from bot.standup import rules
from bot.standup.answers import skip_prompt
from bot.standup.blocks import format_day, format_when
from bot.standup.common import display_name, flush
from storage import deliveries
from storage import users as user_repo
from storage.db import SessionFactory, unit_of_work
from storage.standups import prompts as repo
from storage.standups import reads
from storage.standups.models import ASKED

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


MAX_AWAY_DAYS = 366


@dataclass(kw_only=True)
class Availability:
    factory: SessionFactory
    workspace: WorkspaceSource
    users: UserDirectory
    outbox: Outbox

    def skip_day(self, user: str, text: str, request_key: str, now: datetime) -> str:
        """`/standup skip [today|DATE]`: away for one local day; returns the confirmation."""
        tz = self.users.get(user).tz
        day = parse_day(text or "today", tz, now)
        self._mark_away(user, day, day, request_key, now)
        return t("standup.skip.done", day=format_day(day))

    def set_away(self, user: str, text: str, request_key: str, now: datetime) -> str:
        """`/standup away FROM to TO` (both days included); returns the confirmation."""
        parts = split_range(text)
        if parts is None:
            raise UserError("standup.error.away_range")
        tz = self.users.get(user).tz
        start, end = (parse_day(part, tz, now) for part in parts)
        if end < start:
            raise UserError(
                "standup.error.away_order", start=format_day(start), end=format_day(end)
            )
        days = (end - start).days + 1
        if days > MAX_AWAY_DAYS:
            raise UserError("standup.error.away_too_long", days=days, limit=MAX_AWAY_DAYS)
        self._mark_away(user, start, end, request_key, now)
        return t("standup.away.done", start=format_day(start), end=format_day(end))

    def back(self, user: str, request_key: str, now: datetime) -> str | None:
        """`/standup back`: end the away period covering today now (today is no longer away;
        later periods stay). None when this delivery was handled already."""
        today = now.astimezone(self.users.get(user).tz).date()
        with unit_of_work(self.factory) as session:
            if not deliveries.claim(session, request_key, now):
                return None
            ended = repo.end_away(session, user, today)
        if not ended:
            return t("standup.back.not_away")
        shown = ", ".join(
            format_day(s) if s == e else f"{format_day(s)} – {format_day(e)}" for s, e in ended
        )
        return t("standup.back.done", periods=shown)

    def _mark_away(self, user: str, start: date, end: date, key: str, now: datetime) -> None:
        """Record the period; prompts already sent for those days (unanswered) are skipped."""
        keys: list[str] = []
        with unit_of_work(self.factory) as session:
            if not repo.add_away(session, key=key, user_id=user, start=start, end=end, now=now):
                return
            prompts = repo.prompts_between(session, user, start, end)
            sent = [p for p in prompts if p.status == ASKED]
            answered = repo.answers_of(session, [p.id for p in sent])
            keys = [skip_prompt(session, p, now) for p in sent if not answered[p.id]]
        flush(self.outbox, keys, now)

    def set_timezone(self, user: str, zone: str) -> str:
        """`/standup tz ZONE|reset`: a personal zone for prompts, or back to Slack's."""
        if not zone:
            raise UserError("standup.error.tz_missing")
        if zone.lower() == "reset":
            self.users.set_timezone(user, None)
            return t("standup.tz.reset", tz=self.users.get(user).tz)
        self.users.set_timezone(user, zone)
        return t("standup.tz.set", tz=zone)

    def status(self, user: str, now: datetime) -> str:
        """The caller's stand-ups with the next prompt time in their zone, and away periods."""
        workspace = self.workspace()
        person = self.users.get(user)
        tz = person.tz
        today = now.astimezone(tz).date()
        mine = [s for s in workspace.standups if user in s.participants]
        led = [r for r in workspace.status_reports if workspace.team(r.team).lead == user]
        with unit_of_work(self.factory) as session:
            override = _has_override(session, user)
            prompts = repo.prompts_between(session, user, today, today)
            prompted = {(p.standup_id, p.local_date) for p in prompts}
            periods = reads.away_between(
                session, today, today + timedelta(days=MAX_AWAY_DAYS), [user]
            )
        away = [(p.start, p.end) for p in periods]
        source = "standup.status.source_override" if override else "standup.status.source_profile"
        lines = [t("standup.status.header", tz=tz, source=t(source))]
        for standup in mine:
            team = workspace.team(standup.team)
            name = display_name(workspace, standup.id, team.id)
            days = {day for sid, day in prompted if sid == standup.id}
            at = rules.next_prompt_at(standup, team, tz, now, days, away)
            if at is None:
                lines.append(t("standup.status.item_none", name=name, days=rules.LOOKAHEAD_DAYS))
            else:
                lines.append(t("standup.status.item", name=name, when=format_when(at, tz)))
        if not mine:
            lines.append(t("standup.status.none"))
        for report in led:
            team = workspace.team(report.team)
            at = rules.next_status_report_at(report, team, now)
            lines.append(t("standup.status.report_item", team=team.name, when=format_when(at, tz)))
        if away:
            shown = ", ".join(
                format_day(s) if s == e else f"{format_day(s)} – {format_day(e)}" for s, e in away
            )
            lines.append(t("standup.status.away", periods=shown))
        else:
            lines.append(t("standup.status.no_away"))
        return "\n".join(lines)


def _has_override(session: Session, user: str) -> bool:
    row = user_repo.get(session, user)
    return row is not None and bool(row.tz_override)
