"""A generic TOML validator: tables that report every problem by key path, and converters."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any, NamedTuple, TypeVar, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.workspace.model import CHANNEL_ID_RE, USER_ID_RE, USERGROUP_ID_RE

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_TIME_RE = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_DURATION_RE = re.compile(r"(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?")


def parse_duration(text: str) -> dt.timedelta:
    """Parse ``15m``, ``1h``, ``2d``, ``1w`` or a combination in that order, like ``1h30m``.

    Raises:
        ValueError: the text is not such a duration.
    """
    m = _DURATION_RE.fullmatch(text.strip()) if isinstance(text, str) else None
    if m is None or not any(m.groups()):
        raise ValueError(f"{show(text)} is not a duration like 15m, 1h30m, 2d or 1w")
    weeks, days, hours, minutes = (int(g or 0) for g in m.groups())
    return dt.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)


class Bad(Exception):
    """A value is wrong; items are (sub-path, message) pairs, the sub-path like "[2]"."""

    def __init__(self, *items: tuple[str, str]) -> None:
        super().__init__(items)
        self.items = items


def fail(message: str) -> Bad:
    return Bad(("", message))


class _Req(Enum):
    REQUIRED = 0


REQUIRED = _Req.REQUIRED


class Asked(NamedTuple):
    """One key the loader read, for the configuration reference: ``path`` with list indices
    dropped (``standups[].time``), the converter's ``kind`` and the default (REQUIRED if none)."""

    path: str
    kind: str
    default: object


def kind(name: str) -> Callable[[F], F]:
    """Name the TOML type a converter accepts, as the configuration reference shows it."""

    def mark(conv: F) -> F:
        conv.kind = name  # type: ignore[attr-defined]
        return conv

    return mark


def kind_of(conv: Callable[..., Any]) -> str:
    """The ``kind`` a converter was marked with (a bound method's function carries it)."""
    name = getattr(conv, "kind", None)
    if not isinstance(name, str):
        raise TypeError(f"converter {conv!r} has no kind: mark it with @kind(...)")
    return name


_INDEX_RE = re.compile(r"\[\d+\]")


_TYPE_NAMES = dict(
    zip(
        (bool, int, float, str, list, dict, dt.datetime, dt.date, dt.time),
        ["boolean", "integer", "float", "string", "array", "table", "datetime", "date", "time"],
        strict=True,
    )
)


def _tname(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class Table:
    """One TOML table being read: records problems by key path and the keys it was asked for."""

    def __init__(
        self,
        problems: list[str],
        path: str,
        raw: Mapping[str, Any],
        asked: list[Asked] | None = None,
    ) -> None:
        self.problems, self.path, self.raw = problems, path, raw
        self.asked = asked
        self.seen: set[str] = set()
        self.children: list[Table] = []
        self.finished = False

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def problem(self, key: str | None, message: str) -> None:
        path = self.at(key) if key else self.path
        self.problems.append(f"{path}: {message}" if path else message)

    def _ask(self, key: str, kind_name: str, default: object) -> None:
        if self.asked is not None:
            self.asked.append(Asked(_INDEX_RE.sub("[]", self.at(key)), kind_name, default))

    def get(self, key: str, conv: Callable[[Any], T], default: T | _Req = _Req.REQUIRED) -> T:
        self.seen.add(key)
        self._ask(key, kind_of(conv), default)
        fallback = cast(T, None) if isinstance(default, _Req) else default
        if key not in self.raw:
            if isinstance(default, _Req):
                self.problem(key, "required")
            return fallback
        try:
            return conv(self.raw[key])
        except Bad as bad:
            self.problems.extend(f"{self.at(key)}{sub}: {msg}" for sub, msg in bad.items)
            return fallback

    def table(self, key: str) -> Table:
        self.seen.add(key)
        self._ask(key, "table", None)
        raw = self.raw.get(key, {})
        if not isinstance(raw, dict):
            self.problem(key, f"expected a table, got {_tname(raw)}")
            raw = {}
        return self._child(self.at(key), raw)

    def tables(self, key: str, required: bool = False) -> list[Table]:
        self.seen.add(key)
        self._ask(key, "array of tables", REQUIRED if required else ())
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

    def _child(self, path: str, raw: Mapping[str, Any]) -> Table:
        child = Table(self.problems, path, raw, self.asked)
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
                    self.problem(None, f"unknown key {show(key)}")


# Converters: take a raw TOML value, return the typed value or raise Bad.


@kind("string")
def string(v: Any) -> str:
    if not isinstance(v, str):
        raise fail(f"expected a string, got {_tname(v)}")
    if not v.strip():
        raise fail("must not be empty")
    return v


@kind("boolean")
def boolean(v: Any) -> bool:
    if not isinstance(v, bool):
        raise fail(f"expected a boolean, got {_tname(v)}")
    return v


def int_in(lo: int, hi: int) -> Callable[[Any], int]:
    @kind(f"integer, {lo} to {hi}")
    def conv(v: Any) -> int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise fail(f"expected an integer, got {_tname(v)}")
        if not lo <= v <= hi:
            raise fail(f"{v} is not between {lo} and {hi}")
        return v

    return conv


def _check(test: Callable[[str], object], message: str, what: str) -> Callable[[Any], str]:
    """A string converter (of kind ``what``): ``message`` (with {v} for the shown value) unless
    test(value)."""

    @kind(what)
    def conv(v: Any) -> str:
        s = string(v)
        if not test(s):
            raise fail(message.format(v=show(s)))
        return s

    return conv


identifier = _check(
    _ID_RE.fullmatch, "{v} is not a valid id (letters, digits, '.', '_', '-')", "id"
)
user_id = _check(USER_ID_RE.fullmatch, "{v} is not a Slack user id", "user id")
channel_id = _check(CHANNEL_ID_RE.fullmatch, "{v} is not a Slack channel id", "channel id")
usergroup_id = _check(
    USERGROUP_ID_RE.fullmatch,
    "{v} is not a Slack user group id (like S0ONCALL)",
    "user group id",
)


@kind("http(s) URL")
def http_url(v: Any) -> str:
    """An absolute http(s) URL with a host, like https://hc-ping.com/UUID."""
    s = string(v)
    parts = urlsplit(s)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in s):
        raise fail(f"{show(s)} is not an http(s) URL like https://hc-ping.com/your-check")
    return s


def choice(*options: str) -> Callable[[Any], str]:
    return _check(
        options.__contains__,
        "{v} must be one of " + ", ".join(options),
        " or ".join(f'"{o}"' for o in options),
    )


def known(what: str, ids: Iterable[str]) -> Callable[[Any], str]:
    return _check(set(ids).__contains__, f"unknown {what} {{v}}", f"{what} id")


def _plural(name: str) -> str:
    """``user id`` -> ``user ids``, ``date, YYYY-MM-DD`` -> ``dates, YYYY-MM-DD``; a list of
    choices stays as it is, in parentheses."""
    if name.startswith('"'):
        return f"({name})"
    head, sep, tail = name.partition(",")
    return f"{head}s{sep}{tail}"


def list_of(
    conv: Callable[[Any], T], what: str, nonempty: bool = False, most: int = 0
) -> Callable[[Any], tuple[T, ...]]:
    @kind(f"array of {_plural(kind_of(conv))}" + (", not empty" if nonempty else ""))
    def parse(v: Any) -> tuple[T, ...]:
        if not isinstance(v, list):
            raise fail(f"expected a list of {what}, got {_tname(v)}")
        if nonempty and not v:
            raise fail("must not be empty")
        if most and len(v) > most:
            raise fail(f"has {len(v)} items, at most {most} are allowed")
        out: list[T] = []
        bad: list[tuple[str, str]] = []
        for i, item in enumerate(v):
            try:
                out.append(conv(item))
            except Bad as e:
                bad.extend((f"[{i}]{sub}", msg) for sub, msg in e.items)
        if bad:
            raise Bad(*bad)
        return tuple(out)

    return parse


user_ids = list_of(user_id, "strings")
NOBODY: tuple[str, ...] = ()


@kind("time, HH:MM")
def time_of_day(v: Any) -> dt.time:
    m = _TIME_RE.fullmatch(string(v))
    if m is None:
        raise fail(f"{show(v)} is not HH:MM")
    return dt.time(int(m[1]), int(m[2]))


@kind("duration")
def duration(v: Any, allow_zero: bool = False) -> dt.timedelta:
    try:
        value = parse_duration(string(v))
    except ValueError as e:
        raise fail(str(e)) from None
    if not value and not allow_zero:
        raise fail("must be longer than zero")
    return value


@kind("weekday")
def weekday(v: Any) -> int:
    s = string(v).strip().lower()
    for names in (WEEKDAYS, _FULL_DAYS):
        if s in names:
            return names.index(s)
    raise fail(f"{show(v)} is not a weekday (mon, tue, wed, thu, fri, sat, sun)")


@kind("array of weekdays")
def weekdays(v: Any) -> tuple[int, ...]:
    return tuple(sorted(set(list_of(weekday, "strings", nonempty=True)(v))))


@kind("IANA time zone")
def time_zone(v: Any) -> ZoneInfo:
    try:
        return ZoneInfo(string(v))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise fail(f"{show(v)} is not an IANA time zone like Europe/Paris") from None


@kind("date, YYYY-MM-DD")
def iso_date(v: Any) -> dt.date:
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v
    try:
        return dt.date.fromisoformat(string(v))
    except ValueError:
        raise fail(f"{show(v)} is not a date like 2026-12-24") from None


def local_datetime(zone: ZoneInfo) -> Callable[[Any], dt.datetime]:
    @kind("date and time, YYYY-MM-DDTHH:MM")
    def conv(v: Any) -> dt.datetime:
        try:
            value = v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(string(v))
        except ValueError:
            raise fail(f"{show(v)} is not a date and time like 2026-11-02T10:00") from None
        return value if value.tzinfo else value.replace(tzinfo=zone)

    return conv
