"""The typed ``tandem.toml``: frozen dataclasses every feature reads, and their defaults."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar
from zoneinfo import ZoneInfo

UTC = ZoneInfo("UTC")
WORKDAYS = (0, 1, 2, 3, 4)
DEFAULT_CATEGORIES: tuple[str, ...] = tuple(
    ["technical", "schedule", "resource", "budget", "external", "compliance", "operational"]
)
DEFAULT_BANDS = {"low": 4, "medium": 9, "high": 15}
DEFAULT_REVIEW_DAYS = {"critical": 7, "high": 14, "medium": 30, "low": 90}
USER_ID_RE = re.compile(r"[UW][A-Z0-9]{2,}")
CHANNEL_ID_RE = re.compile(r"[CGD][A-Z0-9]{2,}")
USERGROUP_ID_RE = re.compile(r"S[A-Z0-9]{2,}")


# --- the typed configuration -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    name: str
    kind: str  # "project" | "ops"
    channel: str
    lead: str
    members: tuple[str, ...] = ()
    holidays: tuple[dt.date, ...] = ()
    timezone: ZoneInfo = UTC
    language: str = "en"  # "en" | "zh-CN": the team channel's posts; the file's by default


@dataclass(frozen=True, slots=True)
class Standup:
    id: str
    team: str
    time: dt.time
    report_at: dt.time
    questions: tuple[str, ...]
    days: tuple[int, ...] = WORKDAYS  # Monday = 0
    blocker_question: int | None = None  # 1-based
    remind_after: dt.timedelta | None = None
    reminders: bool = True
    mention: bool = True
    report_style: str = "message"  # "message" | "thread"
    participants: tuple[str, ...] = ()
    blocker_risk_after: dt.timedelta = dt.timedelta(days=2)
    blocker_escalate_after: dt.timedelta | None = None


@dataclass(frozen=True, slots=True)
class StatusReport:
    id: str
    team: str
    day: int
    time: dt.time


@dataclass(frozen=True, slots=True)
class Retro:
    """A retrospective: the team's members are asked `questions` on `day` at `time` (each in
    their own zone) every `every_weeks` weeks; answers to `lesson_questions` become lessons."""

    id: str
    team: str
    day: int
    every_weeks: int
    time: dt.time
    questions: tuple[str, ...]
    lesson_questions: tuple[int, ...]  # 0-based


@dataclass(frozen=True, slots=True)
class Rotation:
    id: str
    team: str
    members: tuple[str, ...]
    start: dt.datetime  # aware
    length: dt.timedelta
    handoff_notice: dt.timedelta = dt.timedelta(hours=24)
    usergroup: str | None = None  # a Slack user group id ("S…") kept equal to who is on call
    handover: bool = False  # the outgoing person gets a hand-over form at each hand-off


@dataclass(frozen=True, slots=True)
class EscalationLevel:
    notify: tuple[str, ...]  # "owner", "lead:TEAM", "rotation:ROTATION" or a user id
    after: dt.timedelta
    assign: str = "all"  # "all" pages everyone; "round_robin" one person a run, in turn


@dataclass(frozen=True, slots=True)
class EscalationPolicy:
    id: str
    levels: tuple[EscalationLevel, ...]
    repeat: int = 0
    repeat_from_level: int = 0
    then: str | None = None  # when a run is exhausted, start one on this policy
    reescalate_after: dt.timedelta | None = None  # an acknowledged run pages again after this

    @property
    def version(self) -> str:
        """First 12 hex digits of a hash of the policy's content: an edit gives a new version."""
        content: dict[str, object] = {
            "repeat": self.repeat,
            "repeat_from_level": self.repeat_from_level,
            "levels": [
                {"notify": list(lv.notify), "after": lv.after.total_seconds()}
                | ({"assign": lv.assign} if lv.assign != "all" else {})
                for lv in self.levels
            ],
        }
        # Keys absent from older files stay absent, so their versions do not change.
        if self.then is not None:
            content["then"] = self.then
        if self.reescalate_after is not None:
            content["reescalate_after"] = self.reescalate_after.total_seconds()
        canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Digest:
    id: str
    channel: str  # a resolved channel id
    time: dt.time
    day: int | None = None
    days: tuple[int, ...] = WORKDAYS
    period: dt.timedelta = dt.timedelta(days=1)
    teams: tuple[str, ...] = ()
    charts: bool = True
    timezone: ZoneInfo = UTC


@dataclass(frozen=True, slots=True)
class RiskSettings:
    bands: Mapping[str, int] = field(default_factory=lambda: MappingProxyType(DEFAULT_BANDS))
    review_days: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType(DEFAULT_REVIEW_DAYS)
    )
    escalate_critical: bool = True
    policy: str = "default"
    categories: tuple[str, ...] = DEFAULT_CATEGORIES

    def rating(self, score: int) -> str:
        """The band a score falls in: "low", "medium", "high" or "critical"."""
        return next((b for b in ("low", "medium", "high") if score <= self.bands[b]), "critical")

    def review_interval(self, rating: str) -> dt.timedelta:
        return dt.timedelta(days=self.review_days[rating])


@dataclass(frozen=True, slots=True)
class Webhook:
    """A `[[webhooks]]` entry: signed JSON POSTs of the named events to `url`."""

    url: str
    events: tuple[str, ...]
    secret: str = field(repr=False)

    @property
    def id(self) -> str:
        """A stable short name of the URL (outbox rows name the webhook by it)."""
        return "hook-" + hashlib.sha256(self.url.encode()).hexdigest()[:12]


_I = TypeVar(
    "_I", "Team", "Standup", "StatusReport", "Rotation", "EscalationPolicy", "Digest", "Retro"
)


def _by_id(items: Iterable[_I], wanted: str) -> _I:
    for item in items:
        if item.id == wanted:
            return item
    raise KeyError(wanted)


@dataclass(frozen=True, slots=True)
class WorkspaceConfig:
    timezone: ZoneInfo = UTC
    admins: tuple[str, ...] = ()
    channels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    teams: tuple[Team, ...] = ()
    standups: tuple[Standup, ...] = ()
    status_reports: tuple[StatusReport, ...] = ()
    rotations: tuple[Rotation, ...] = ()
    escalation_policies: tuple[EscalationPolicy, ...] = ()
    digests: tuple[Digest, ...] = ()
    retros: tuple[Retro, ...] = ()
    risks: RiskSettings = field(default_factory=RiskSettings)
    heartbeat_url: str | None = None  # GET after every successful tick
    language: str = "en"  # "en" | "zh-CN": channel posts, and people whose Slack locale is neither
    webhooks: tuple[Webhook, ...] = ()

    def webhook(self, webhook_id: str) -> Webhook | None:
        return next((w for w in self.webhooks if w.id == webhook_id), None)

    def team(self, team_id: str) -> Team:
        return _by_id(self.teams, team_id)

    def standup(self, standup_id: str) -> Standup:
        return _by_id(self.standups, standup_id)

    def status_report(self, report_id: str) -> StatusReport:
        return _by_id(self.status_reports, report_id)

    def rotation(self, rotation_id: str) -> Rotation:
        return _by_id(self.rotations, rotation_id)

    def policy(self, policy_id: str) -> EscalationPolicy:
        return _by_id(self.escalation_policies, policy_id)

    def digest(self, digest_id: str) -> Digest:
        return _by_id(self.digests, digest_id)

    def retro(self, retro_id: str) -> Retro:
        return _by_id(self.retros, retro_id)

    def channel(self, key_or_id: str) -> str:
        """A ``[channels]`` key resolves to its id; a channel id is returned as is."""
        if key_or_id in self.channels:
            return self.channels[key_or_id]
        if CHANNEL_ID_RE.fullmatch(key_or_id):
            return key_or_id
        raise KeyError(key_or_id)

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.admins

    def language_of(self, team_id: str | None) -> str:
        """The language of a team's posts (the file's when the team is unknown or None)."""
        team = next((team for team in self.teams if team.id == team_id), None)
        return team.language if team is not None else self.language

    def language_for(self, user_id: str) -> str:
        """A person's language from the file: their first team's, else the file's."""
        team = next((team for team in self.teams if user_id in (team.lead, *team.members)), None)
        return team.language if team is not None else self.language

    def teams_of(self, user_id: str) -> tuple[Team, ...]:
        """The teams `user_id` belongs to, as a member or as the lead, in file order."""
        return tuple(t for t in self.teams if user_id in t.members or user_id == t.lead)

    def teams_led_by(self, user_id: str) -> tuple[Team, ...]:
        return tuple(t for t in self.teams if t.lead == user_id)
