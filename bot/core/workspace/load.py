"""Loads and validates ``tandem.toml``: every problem is reported at once, by key path."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from bot.core.events import EVENT_NAMES
from bot.core.messages import LOCALES
from bot.core.workspace.model import (
    CHANNEL_ID_RE,
    DEFAULT_BANDS,
    DEFAULT_CATEGORIES,
    DEFAULT_REVIEW_DAYS,
    USER_ID_RE,
    UTC,
    WORKDAYS,
    Digest,
    EscalationLevel,
    EscalationPolicy,
    Retro,
    RiskSettings,
    Rotation,
    Standup,
    StatusReport,
    Team,
    Webhook,
    WorkspaceConfig,
)
from bot.core.workspace.validate import (
    NOBODY,
    Asked,
    Table,
    boolean,
    channel_id,
    choice,
    duration,
    fail,
    http_url,
    identifier,
    int_in,
    iso_date,
    kind,
    known,
    list_of,
    local_datetime,
    show,
    string,
    time_of_day,
    time_zone,
    user_id,
    user_ids,
    usergroup_id,
    weekday,
    weekdays,
)

T = TypeVar("T")


class ConfigError(Exception):
    """The configuration is not valid; ``problems`` lists each one, prefixed by its key path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)

    def __str__(self) -> str:
        return "\n".join(self.problems)


def load_workspace(path: str | Path) -> WorkspaceConfig:
    """Read and validate a ``tandem.toml``.

    Raises:
        ConfigError: with every problem found, each prefixed by its key path.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([f"{p}: no such file"]) from None
    except UnicodeDecodeError:
        raise ConfigError([f"{p}: not UTF-8 text"]) from None
    except OSError as e:
        raise ConfigError([f"{p}: {e.strerror or e}"]) from None
    return parse_workspace(text)


def parse_workspace(text: str, asked: list[Asked] | None = None) -> WorkspaceConfig:
    """Validate the text of a ``tandem.toml``; raises ConfigError listing every problem.
    Each key read is appended to ``asked`` when given (for the configuration reference)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = re.search(r" \(at line (\d+), column (\d+)\)$", msg)
        if m:
            problem = f"line {m[1]}: {msg[: m.start()]} (column {m[2]})"
        else:
            line = len(text.splitlines()) or 1
            problem = f"line {line}: {msg.removesuffix(' (at end of document)')}"
        raise ConfigError([problem]) from None
    problems: list[str] = []
    top = Table(problems, "", data, asked)
    config = _Parser(top).config()
    top.finish()
    if problems:
        raise ConfigError(problems)
    return config


@kind("duration, may be 0m")
def _duration_or_zero(v: Any) -> dt.timedelta:
    return duration(v, allow_zero=True)


def _raw_ids(raw: object) -> set[str]:
    items = raw if isinstance(raw, list) else []
    return {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}


class _Parser:
    """Builds each section; cross-references are checked against ids gathered up front."""

    def __init__(self, top: Table) -> None:
        self.top = top
        self.zone = top.get("timezone", time_zone, UTC)
        self.language = top.get("language", choice(*LOCALES), "en")
        channels = top.table("channels")
        self.channels = {k: channels.get(k, channel_id, "") for k in channels.raw}
        self.ids = {k: _raw_ids(top.raw.get(k)) for k in ("teams", "rotations")}
        self.policy_ids = _raw_ids(top.raw.get("escalation_policies"))
        self.team_ref = known("team", self.ids["teams"])
        self.teams: dict[str, Team] = {}
        self.usergroups: dict[str, str] = {}

    @kind("channel: a [channels] key or a channel id")
    def channel_ref(self, v: Any) -> str:
        s = string(v)
        if s in self.channels:
            return self.channels[s]
        if CHANNEL_ID_RE.fullmatch(s):
            return s
        raise fail(f"unknown channel {show(s)} (neither a [channels] key nor a channel id)")

    @kind('"owner", "lead:TEAM", "rotation:ROTATION" or a user id')
    def target(self, v: Any) -> str:
        s = string(v)
        kind, _, ref = s.partition(":")
        if s == "owner" or USER_ID_RE.fullmatch(s):
            return s
        if kind in ("lead", "rotation") and ref:
            noun = "team" if kind == "lead" else "rotation"
            if ref not in self.ids[noun + "s"]:
                raise fail(f"unknown {noun} {show(ref)}")
            return s
        raise fail(f"{show(s)} is not owner, lead:TEAM, rotation:ROTATION or a Slack user id")

    def config(self) -> WorkspaceConfig:
        admins = self.top.get("admins", user_ids, NOBODY)
        teams = self.section("teams", self.team)
        self.teams = {t.id: t for t in teams}
        return WorkspaceConfig(
            timezone=self.zone,
            language=self.language,
            admins=admins,
            channels=MappingProxyType(self.channels),
            teams=teams,
            standups=self.section("standups", self.standup),
            status_reports=self.section("status_reports", self.status_report),
            rotations=self.section("rotations", self.rotation),
            escalation_policies=self.policies(),
            digests=self.section("digests", self.digest),
            retros=self.section("retros", self.retro),
            risks=self.risk_settings(),
            heartbeat_url=self.top.get("heartbeat_url", http_url, None),
            webhooks=self.webhooks(),
        )

    def webhooks(self) -> tuple[Webhook, ...]:
        """`[[webhooks]]`: each URL once, each event one the CONTRACT names."""
        hooks: list[Webhook] = []
        seen: set[str] = set()
        events = list_of(choice(*EVENT_NAMES), "strings", nonempty=True)
        for index, t in enumerate(self.top.tables("webhooks")):
            hook = Webhook(
                url=t.get("url", http_url),
                events=t.get("events", events, EVENT_NAMES),
                secret=t.get("secret", string),
            )
            t.finish()
            if hook.url and hook.url in seen:
                self.top.problem(f"webhooks[{index}].url", f"duplicate url {show(hook.url)}")
            seen.add(hook.url)
            hooks.append(hook)
        return tuple(hooks)

    def policies(self) -> tuple[EscalationPolicy, ...]:
        """`[[escalation_policies]]`, and no `then` chain that comes back to where it began."""
        policies = self.section("escalation_policies", self.policy)
        then = {p.id: p.then for p in policies if p.then}
        for index, policy in enumerate(policies):
            seen, at = [policy.id], policy.then
            while at is not None and at not in seen:
                seen.append(at)
                at = then.get(at)
            if at is not None and at == policy.id:
                chain = " -> ".join([*seen, at])
                self.top.problem(
                    f"escalation_policies[{index}].then", f"hand-offs go round in a loop: {chain}"
                )
        return policies

    def section(self, name: str, parse: Callable[[Table], T]) -> tuple[T, ...]:
        items: list[T] = []
        seen: set[object] = set()
        for t in self.top.tables(name):
            items.append(parse(t))
            t.finish()
            ident = t.raw.get("id")
            if isinstance(ident, str) and ident in seen:
                self.top.problem(name, f"duplicate id {show(ident)}")
            seen.add(ident)
        return tuple(items)

    def team(self, t: Table) -> Team:
        return Team(
            id=t.get("id", identifier),
            name=t.get("name", string),
            kind=t.get("kind", choice("project", "ops")),
            channel=t.get("channel", self.channel_ref),
            lead=t.get("lead", user_id),
            members=t.get("members", user_ids),
            holidays=t.get("holidays", list_of(iso_date, "dates"), ()),
            timezone=t.get("timezone", time_zone, self.zone),
            language=t.get("language", choice(*LOCALES), self.language),
        )

    def standup(self, t: Table) -> Standup:
        ident, team = t.get("id", identifier), t.get("team", self.team_ref)
        questions = t.get("questions", list_of(string, "strings", nonempty=True, most=10))
        blocker = t.get("blocker_question", int_in(1, 10), None)
        if blocker is not None and questions and blocker > len(questions):
            t.problem("blocker_question", f"{blocker} is past the last question ({len(questions)})")
        members = self.teams[team].members if team in self.teams else ()
        return Standup(
            id=ident,
            team=team,
            questions=questions,
            blocker_question=blocker,
            time=t.get("time", time_of_day),
            days=t.get("days", weekdays, WORKDAYS),
            remind_after=t.get("remind_after", duration, None),
            report_at=t.get("report_at", time_of_day),
            reminders=t.get("reminders", boolean, True),
            mention=t.get("mention", boolean, True),
            report_style=t.get("report_style", choice("message", "thread"), "message"),
            participants=t.get("participants", user_ids, members),
            blocker_risk_after=t.get("blocker_risk_after", duration, dt.timedelta(days=2)),
            blocker_escalate_after=t.get("blocker_escalate_after", duration, None),
        )

    def status_report(self, t: Table) -> StatusReport:
        return StatusReport(
            id=t.get("id", identifier),
            team=t.get("team", self.team_ref),
            day=t.get("day", weekday),
            time=t.get("time", time_of_day),
        )

    def retro(self, t: Table) -> Retro:
        questions = t.get("questions", list_of(string, "strings", nonempty=True, most=10))
        every = t.get("every", duration, dt.timedelta(weeks=2))
        if every.days % 7 or every.seconds or every < dt.timedelta(weeks=1):
            t.problem(
                "every", f"{show(t.raw.get('every'))} is not a whole number of weeks, like 2w"
            )
        wanted = t.get(
            "lesson_questions",
            list_of(int_in(1, 10), "numbers"),
            tuple(range(max(len(questions) - 1, 1), len(questions) + 1)),
        )
        for index, number in enumerate(wanted):
            if questions and number > len(questions):
                t.problem(
                    f"lesson_questions[{index}]",
                    f"{number} is past the last question ({len(questions)})",
                )
        return Retro(
            id=t.get("id", identifier),
            team=t.get("team", self.team_ref),
            day=t.get("day", weekday),
            every_weeks=max(every.days // 7, 1),
            time=t.get("time", time_of_day),
            questions=questions,
            lesson_questions=tuple(n - 1 for n in wanted if n <= len(questions)),
        )

    def rotation(self, t: Table) -> Rotation:
        return Rotation(
            id=t.get("id", identifier),
            team=t.get("team", self.team_ref),
            members=t.get("members", user_ids),
            start=t.get("start", local_datetime(self.zone)),
            length=t.get("length", duration),
            handoff_notice=t.get("handoff_notice", _duration_or_zero, dt.timedelta(hours=24)),
            usergroup=self.usergroup(t),
            handover=t.get("handover", boolean, False),
        )

    def usergroup(self, t: Table) -> str | None:
        """A user group follows one rotation only: two would overwrite each other's members."""
        group = t.get("usergroup", usergroup_id, None)
        if group is not None:
            if group in self.usergroups:
                owner = show(self.usergroups[group])
                t.problem("usergroup", f"{show(group)} already follows rotation {owner}")
            else:
                self.usergroups[group] = str(t.raw.get("id"))
        return group

    def policy(self, t: Table) -> EscalationPolicy:
        ident = t.get("id", identifier)
        repeat = t.get("repeat", int_in(0, 9), 0)
        notify = list_of(self.target, "strings", nonempty=True)
        levels = tuple(
            EscalationLevel(
                notify=lt.get("notify", notify),
                after=lt.get("after", duration),
                assign=lt.get("assign", choice("all", "round_robin"), "all"),
            )
            for lt in t.tables("levels", required=True)
        )
        last = kind("integer, 0 to the last level's index")(int_in(0, max(len(levels) - 1, 0)))
        start = t.get("repeat_from_level", last, 0)
        then = t.get("then", self.handoff(ident), None)
        return EscalationPolicy(
            id=ident,
            levels=levels,
            repeat=repeat,
            repeat_from_level=start,
            then=then,
            reescalate_after=t.get("reescalate_after", duration, None),
        )

    def handoff(self, ident: str | None) -> Callable[[Any], str]:
        """`then` names another policy of the file (cycles are checked once all are read)."""

        @kind("escalation policy id")
        def conv(v: Any) -> str:
            s = known("escalation policy", self.policy_ids)(v)
            if s == ident:
                raise fail("must name another policy, not the policy itself")
            return s

        return conv

    def digest(self, t: Table) -> Digest:
        ident, channel = t.get("id", identifier), t.get("channel", self.channel_ref)
        day, days = t.get("day", weekday, None), t.get("days", weekdays, None)
        if day is not None and days is not None:
            t.problem(None, "give either day or days, not both")
        return Digest(
            id=ident,
            channel=channel,
            day=day,
            days=days or (WORKDAYS if day is None else (day,)),
            time=t.get("time", time_of_day),
            period=t.get("period", duration, dt.timedelta(days=1 if day is None else 7)),
            teams=t.get("teams", list_of(self.team_ref, "strings"), tuple(self.teams)),
            charts=t.get("charts", boolean, True),
            timezone=t.get("timezone", time_zone, self.zone),
        )

    def risk_settings(self) -> RiskSettings:
        t = self.top.table("risks")
        bt, rt = t.table("bands"), t.table("review_days")
        bands = {k: bt.get(k, int_in(1, 25), v) for k, v in DEFAULT_BANDS.items()}
        if not bands["low"] < bands["medium"] < bands["high"]:
            t.problem("bands", "must increase: low < medium < high")
        review = {k: rt.get(k, int_in(1, 3650), v) for k, v in DEFAULT_REVIEW_DAYS.items()}
        escalate = t.get("escalate_critical", boolean, True)
        policy = t.get("policy", string, "default")
        if self.policy_ids and policy not in self.policy_ids:
            t.problem("policy", f"unknown escalation policy {show(policy)}")
        categories = t.get(
            "categories", list_of(string, "strings", nonempty=True), DEFAULT_CATEGORIES
        )
        return RiskSettings(
            MappingProxyType(bands), MappingProxyType(review), escalate, policy, categories
        )
