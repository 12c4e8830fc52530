"""Loads and validates ``tandem.toml``: every problem is reported at once, by key path."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

T = TypeVar("T")
UTC = ZoneInfo("UTC")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WORKDAYS = (0, 1, 2, 3, 4)
DEFAULT_CATEGORIES: tuple[str, ...] = tuple(
    ["technical", "schedule", "resource", "budget", "external", "compliance", "operational"]
)
_DEFAULT_BANDS = {"low": 4, "medium": 9, "high": 15}
_DEFAULT_REVIEW_DAYS = {"critical": 7, "high": 14, "medium": 30, "low": 90}
USER_ID_RE = re.compile(r"[UW][A-Z0-9]{2,}")
CHANNEL_ID_RE = re.compile(r"[CGD][A-Z0-9]{2,}")
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_TIME_RE = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_DURATION_RE = re.compile(r"(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?")


class ConfigError(Exception):
    """The configuration is not valid; ``problems`` lists each one, prefixed by its key path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)

    def __str__(self) -> str:
        return "\n".join(self.problems)


def parse_duration(text: str) -> dt.timedelta:
    """Parse ``15m``, ``1h``, ``2d``, ``1w`` or a combination in that order, like ``1h30m``.

    Raises:
        ValueError: the text is not such a duration.
    """
    m = _DURATION_RE.fullmatch(text.strip()) if isinstance(text, str) else None
    if m is None or not any(m.groups()):
        raise ValueError(f"{_show(text)} is not a duration like 15m, 1h30m, 2d or 1w")
    weeks, days, hours, minutes = (int(g or 0) for g in m.groups())
    return dt.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)


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
class Rotation:
    id: str
    team: str
    members: tuple[str, ...]
    start: dt.datetime  # aware
    length: dt.timedelta
    handoff_notice: dt.timedelta = dt.timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class EscalationLevel:
    notify: tuple[str, ...]  # "owner", "lead:TEAM", "rotation:ROTATION" or a user id
    after: dt.timedelta


@dataclass(frozen=True, slots=True)
class EscalationPolicy:
    id: str
    levels: tuple[EscalationLevel, ...]
    repeat: int = 0
    repeat_from_level: int = 0

    @property
    def version(self) -> str:
        """First 12 hex digits of a hash of the policy's content: an edit gives a new version."""
        content = {
            "repeat": self.repeat,
            "repeat_from_level": self.repeat_from_level,
            "levels": [
                {"notify": list(lv.notify), "after": lv.after.total_seconds()} for lv in self.levels
            ],
        }
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
    charts: bool = False
    timezone: ZoneInfo = UTC


@dataclass(frozen=True, slots=True)
class RiskSettings:
    bands: Mapping[str, int] = field(default_factory=lambda: MappingProxyType(_DEFAULT_BANDS))
    review_days: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType(_DEFAULT_REVIEW_DAYS)
    )
    escalate_critical: bool = True
    policy: str = "default"
    categories: tuple[str, ...] = DEFAULT_CATEGORIES

    def rating(self, score: int) -> str:
        """The band a score falls in: "low", "medium", "high" or "critical"."""
        return next((b for b in ("low", "medium", "high") if score <= self.bands[b]), "critical")

    def review_interval(self, rating: str) -> dt.timedelta:
        return dt.timedelta(days=self.review_days[rating])


_I = TypeVar("_I", "Team", "Standup", "StatusReport", "Rotation", "EscalationPolicy", "Digest")


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
    risks: RiskSettings = field(default_factory=RiskSettings)

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

    def channel(self, key_or_id: str) -> str:
        """A ``[channels]`` key resolves to its id; a channel id is returned as is."""
        if key_or_id in self.channels:
            return self.channels[key_or_id]
        if CHANNEL_ID_RE.fullmatch(key_or_id):
            return key_or_id
        raise KeyError(key_or_id)

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.admins

    def teams_led_by(self, user_id: str) -> tuple[Team, ...]:
        return tuple(t for t in self.teams if t.lead == user_id)


# --- loading -------------------------------------------------------------------------------


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


def parse_workspace(text: str) -> WorkspaceConfig:
    """Validate the text of a ``tandem.toml``; raises ConfigError listing every problem."""
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
    top = _Table(problems, "", data)
    config = _Parser(top).config()
    top.finish()
    if problems:
        raise ConfigError(problems)
    return config


# --- validation machinery ------------------------------------------------------------------


class _Bad(Exception):
    """A value is wrong; items are (sub-path, message) pairs, the sub-path like "[2]"."""

    def __init__(self, *items: tuple[str, str]) -> None:
        super().__init__(items)
        self.items = items


def _fail(message: str) -> _Bad:
    return _Bad(("", message))


class _Req(Enum):
    REQUIRED = 0


_TYPE_NAMES = dict(
    zip(
        (bool, int, float, str, list, dict, dt.datetime, dt.date, dt.time),
        ["boolean", "integer", "float", "string", "array", "table", "datetime", "date", "time"],
        strict=True,
    )
)


def _tname(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class _Table:
    """One TOML table being read: records problems by key path and the keys it was asked for."""

    def __init__(self, problems: list[str], path: str, raw: Mapping[str, Any]) -> None:
        self.problems, self.path, self.raw = problems, path, raw
        self.seen: set[str] = set()
        self.children: list[_Table] = []
        self.finished = False

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def problem(self, key: str | None, message: str) -> None:
        path = self.at(key) if key else self.path
        self.problems.append(f"{path}: {message}" if path else message)

    def get(self, key: str, conv: Callable[[Any], T], default: T | _Req = _Req.REQUIRED) -> T:
        self.seen.add(key)
        fallback = cast(T, None) if isinstance(default, _Req) else default
        if key not in self.raw:
            if isinstance(default, _Req):
                self.problem(key, "required")
            return fallback
        try:
            return conv(self.raw[key])
        except _Bad as bad:
            self.problems.extend(f"{self.at(key)}{sub}: {msg}" for sub, msg in bad.items)
            return fallback

    def table(self, key: str) -> _Table:
        self.seen.add(key)
        raw = self.raw.get(key, {})
        if not isinstance(raw, dict):
            self.problem(key, f"expected a table, got {_tname(raw)}")
            raw = {}
        return self._child(self.at(key), raw)

    def tables(self, key: str, required: bool = False) -> list[_Table]:
        self.seen.add(key)
        raw = self.raw.get(key, [])
        if not isinstance(raw, list):
            self.problem(key, f"expected a list of tables, got {_tname(raw)}")
            return []
        if required and not raw:
            self.problem(key, "required" if key not in self.raw else "must not be empty")
        out = []
        for i, item in enumerate(raw):
            if isinstance(item, dict):
                out.append(self._child(f"{self.at(key)}[{i}]", item))
            else:
                self.problems.append(f"{self.at(key)}[{i}]: expected a table, got {_tname(item)}")
        return out

    def _child(self, path: str, raw: Mapping[str, Any]) -> _Table:
        child = _Table(self.problems, path, raw)
        self.children.append(child)
        return child

    def finish(self) -> None:
        """Report the keys nobody asked for (once), here and in every nested table."""
        if not self.finished:
            self.finished = True
            for child in self.children:
                child.finish()
            for key in self.raw:
                if key not in self.seen:
                    self.problem(None, f"unknown key {_show(key)}")


# Converters: take a raw TOML value, return the typed value or raise _Bad.


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise _fail(f"expected a string, got {_tname(v)}")
    if not v.strip():
        raise _fail("must not be empty")
    return v


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise _fail(f"expected a boolean, got {_tname(v)}")
    return v


def _int_in(lo: int, hi: int) -> Callable[[Any], int]:
    def conv(v: Any) -> int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise _fail(f"expected an integer, got {_tname(v)}")
        if not lo <= v <= hi:
            raise _fail(f"{v} is not between {lo} and {hi}")
        return v

    return conv


def _check(test: Callable[[str], object], message: str) -> Callable[[Any], str]:
    """A string converter: ``message`` (with {v} for the shown value) unless test(value)."""

    def conv(v: Any) -> str:
        s = _str(v)
        if not test(s):
            raise _fail(message.format(v=_show(s)))
        return s

    return conv


_ident = _check(_ID_RE.fullmatch, "{v} is not a valid id (letters, digits, '.', '_', '-')")
_user = _check(USER_ID_RE.fullmatch, "{v} is not a Slack user id")
_channel_id = _check(CHANNEL_ID_RE.fullmatch, "{v} is not a Slack channel id")


def _choice(*options: str) -> Callable[[Any], str]:
    return _check(options.__contains__, "{v} must be one of " + ", ".join(options))


def _ref(kind: str, ids: Iterable[str]) -> Callable[[Any], str]:
    return _check(set(ids).__contains__, f"unknown {kind} {{v}}")


def _list(
    conv: Callable[[Any], T], what: str, nonempty: bool = False, most: int = 0
) -> Callable[[Any], tuple[T, ...]]:
    def parse(v: Any) -> tuple[T, ...]:
        if not isinstance(v, list):
            raise _fail(f"expected a list of {what}, got {_tname(v)}")
        if nonempty and not v:
            raise _fail("must not be empty")
        if most and len(v) > most:
            raise _fail(f"has {len(v)} items, at most {most} are allowed")
        out: list[T] = []
        bad: list[tuple[str, str]] = []
        for i, item in enumerate(v):
            try:
                out.append(conv(item))
            except _Bad as e:
                bad.extend((f"[{i}]{sub}", msg) for sub, msg in e.items)
        if bad:
            raise _Bad(*bad)
        return tuple(out)

    return parse


_users = _list(_user, "strings")
_NOBODY: tuple[str, ...] = ()


def _time(v: Any) -> dt.time:
    m = _TIME_RE.fullmatch(_str(v))
    if m is None:
        raise _fail(f"{_show(v)} is not HH:MM")
    return dt.time(int(m[1]), int(m[2]))


def _duration(v: Any, allow_zero: bool = False) -> dt.timedelta:
    try:
        value = parse_duration(_str(v))
    except ValueError as e:
        raise _fail(str(e)) from None
    if not value and not allow_zero:
        raise _fail("must be longer than zero")
    return value


def _weekday(v: Any) -> int:
    s = _str(v).strip().lower()
    for names in (WEEKDAYS, _FULL_DAYS):
        if s in names:
            return names.index(s)
    raise _fail(f"{_show(v)} is not a weekday (mon, tue, wed, thu, fri, sat, sun)")


def _days(v: Any) -> tuple[int, ...]:
    return tuple(sorted(set(_list(_weekday, "strings", nonempty=True)(v))))


def _zone(v: Any) -> ZoneInfo:
    try:
        return ZoneInfo(_str(v))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise _fail(f"{_show(v)} is not an IANA time zone like Europe/Paris") from None


def _date(v: Any) -> dt.date:
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v
    try:
        return dt.date.fromisoformat(_str(v))
    except ValueError:
        raise _fail(f"{_show(v)} is not a date like 2026-12-24") from None


def _local_datetime(zone: ZoneInfo) -> Callable[[Any], dt.datetime]:
    def conv(v: Any) -> dt.datetime:
        try:
            value = v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(_str(v))
        except ValueError:
            raise _fail(f"{_show(v)} is not a date and time like 2026-11-02T10:00") from None
        return value if value.tzinfo else value.replace(tzinfo=zone)

    return conv


def _raw_ids(raw: object) -> set[str]:
    items = raw if isinstance(raw, list) else []
    return {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}


class _Parser:
    """Builds each section; cross-references are checked against ids gathered up front."""

    def __init__(self, top: _Table) -> None:
        self.top = top
        self.zone = top.get("timezone", _zone, UTC)
        channels = top.table("channels")
        self.channels = {k: channels.get(k, _channel_id, "") for k in channels.raw}
        self.ids = {k: _raw_ids(top.raw.get(k)) for k in ("teams", "rotations")}
        self.policy_ids = _raw_ids(top.raw.get("escalation_policies"))
        self.team_ref = _ref("team", self.ids["teams"])
        self.teams: dict[str, Team] = {}

    def channel_ref(self, v: Any) -> str:
        s = _str(v)
        if s in self.channels:
            return self.channels[s]
        if CHANNEL_ID_RE.fullmatch(s):
            return s
        raise _fail(f"unknown channel {_show(s)} (neither a [channels] key nor a channel id)")

    def target(self, v: Any) -> str:
        s = _str(v)
        kind, _, ref = s.partition(":")
        if s == "owner" or USER_ID_RE.fullmatch(s):
            return s
        if kind in ("lead", "rotation") and ref:
            noun = "team" if kind == "lead" else "rotation"
            if ref not in self.ids[noun + "s"]:
                raise _fail(f"unknown {noun} {_show(ref)}")
            return s
        raise _fail(f"{_show(s)} is not owner, lead:TEAM, rotation:ROTATION or a Slack user id")

    def config(self) -> WorkspaceConfig:
        admins = self.top.get("admins", _users, _NOBODY)
        teams = self.section("teams", self.team)
        self.teams = {t.id: t for t in teams}
        return WorkspaceConfig(
            timezone=self.zone,
            admins=admins,
            channels=MappingProxyType(self.channels),
            teams=teams,
            standups=self.section("standups", self.standup),
            status_reports=self.section("status_reports", self.status_report),
            rotations=self.section("rotations", self.rotation),
            escalation_policies=self.section("escalation_policies", self.policy),
            digests=self.section("digests", self.digest),
            risks=self.risk_settings(),
        )

    def section(self, name: str, parse: Callable[[_Table], T]) -> tuple[T, ...]:
        items: list[T] = []
        seen: set[object] = set()
        for t in self.top.tables(name):
            items.append(parse(t))
            t.finish()
            ident = t.raw.get("id")
            if isinstance(ident, str) and ident in seen:
                self.top.problem(name, f"duplicate id {_show(ident)}")
            seen.add(ident)
        return tuple(items)

    def team(self, t: _Table) -> Team:
        return Team(
            id=t.get("id", _ident),
            name=t.get("name", _str),
            kind=t.get("kind", _choice("project", "ops")),
            channel=t.get("channel", self.channel_ref),
            lead=t.get("lead", _user),
            members=t.get("members", _users),
            holidays=t.get("holidays", _list(_date, "dates"), ()),
            timezone=t.get("timezone", _zone, self.zone),
        )

    def standup(self, t: _Table) -> Standup:
        ident, team = t.get("id", _ident), t.get("team", self.team_ref)
        questions = t.get("questions", _list(_str, "strings", nonempty=True, most=10))
        blocker = t.get("blocker_question", _int_in(1, 10), None)
        if blocker is not None and questions and blocker > len(questions):
            t.problem("blocker_question", f"{blocker} is past the last question ({len(questions)})")
        members = self.teams[team].members if team in self.teams else ()
        return Standup(
            id=ident,
            team=team,
            questions=questions,
            blocker_question=blocker,
            time=t.get("time", _time),
            days=t.get("days", _days, WORKDAYS),
            remind_after=t.get("remind_after", _duration, None),
            report_at=t.get("report_at", _time),
            reminders=t.get("reminders", _bool, True),
            mention=t.get("mention", _bool, True),
            report_style=t.get("report_style", _choice("message", "thread"), "message"),
            participants=t.get("participants", _users, members),
            blocker_risk_after=t.get("blocker_risk_after", _duration, dt.timedelta(days=2)),
            blocker_escalate_after=t.get("blocker_escalate_after", _duration, None),
        )

    def status_report(self, t: _Table) -> StatusReport:
        return StatusReport(
            id=t.get("id", _ident),
            team=t.get("team", self.team_ref),
            day=t.get("day", _weekday),
            time=t.get("time", _time),
        )

    def rotation(self, t: _Table) -> Rotation:
        return Rotation(
            id=t.get("id", _ident),
            team=t.get("team", self.team_ref),
            members=t.get("members", _users),
            start=t.get("start", _local_datetime(self.zone)),
            length=t.get("length", _duration),
            handoff_notice=t.get(
                "handoff_notice", lambda v: _duration(v, allow_zero=True), dt.timedelta(hours=24)
            ),
        )

    def policy(self, t: _Table) -> EscalationPolicy:
        ident = t.get("id", _ident)
        repeat = t.get("repeat", _int_in(0, 9), 0)
        notify = _list(self.target, "strings", nonempty=True)
        levels = tuple(
            EscalationLevel(notify=lt.get("notify", notify), after=lt.get("after", _duration))
            for lt in t.tables("levels", required=True)
        )
        start = t.get("repeat_from_level", _int_in(0, max(len(levels) - 1, 0)), 0)
        return EscalationPolicy(id=ident, levels=levels, repeat=repeat, repeat_from_level=start)

    def digest(self, t: _Table) -> Digest:
        ident, channel = t.get("id", _ident), t.get("channel", self.channel_ref)
        day, days = t.get("day", _weekday, None), t.get("days", _days, None)
        if day is not None and days is not None:
            t.problem(None, "give either day or days, not both")
        return Digest(
            id=ident,
            channel=channel,
            day=day,
            days=days or (WORKDAYS if day is None else (day,)),
            time=t.get("time", _time),
            period=t.get("period", _duration, dt.timedelta(days=1 if day is None else 7)),
            teams=t.get("teams", _list(self.team_ref, "strings"), tuple(self.teams)),
            charts=t.get("charts", _bool, False),
            timezone=t.get("timezone", _zone, self.zone),
        )

    def risk_settings(self) -> RiskSettings:
        t = self.top.table("risks")
        bt, rt = t.table("bands"), t.table("review_days")
        bands = {k: bt.get(k, _int_in(1, 25), v) for k, v in _DEFAULT_BANDS.items()}
        if not bands["low"] < bands["medium"] < bands["high"]:
            t.problem("bands", "must increase: low < medium < high")
        review = {k: rt.get(k, _int_in(1, 3650), v) for k, v in _DEFAULT_REVIEW_DAYS.items()}
        escalate = t.get("escalate_critical", _bool, True)
        policy = t.get("policy", _str, "default")
        if self.policy_ids and policy not in self.policy_ids:
            t.problem("policy", f"unknown escalation policy {_show(policy)}")
        categories = t.get("categories", _list(_str, "strings", nonempty=True), DEFAULT_CATEGORIES)
        return RiskSettings(
            MappingProxyType(bands), MappingProxyType(review), escalate, policy, categories
        )
