"""The `/risk` grammar: command text in, a typed command out, or a UserError saying why not.

Pure: the caller's zone, the clock's now and the team ids come in as arguments, so every
input can be tried without Slack or a database (the parser is fuzzed). `key:value` values
run to the next ` key:` of the same subcommand, so `due:next friday 5pm` works and a title may
contain other colons ("Vendor: late").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.core import fields
from bot.core.dates import parse_when
from bot.core.errors import UserError
from bot.core.messages import t

T = TypeVar("T")

MAX_TITLE = 200
MAX_DESCRIPTION = 2500
MAX_PLAN = 1000
MAX_REASON = 500
SCALE = range(1, 6)
DEFAULT_SCORE = 3
# A due date given as a bare day ("friday", "2026-12-01") means the end of that working day.
DUE_TIME = time(17, 0)
KINDS = ("threat", "opportunity")
STRATEGIES = {
    "threat": ("avoid", "mitigate", "transfer", "accept", "escalate"),
    "opportunity": ("exploit", "enhance", "share", "accept", "escalate"),
}
SETTABLE_STATUSES = ("open", "mitigating", "watch", "occurred")
LIST_FILTERS = ("mine", "open", "top", "overdue", "closed", "customer")

_RISK_ID = re.compile(r"(?:[Rr]-?)?(\d{1,9})")
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_CLEAR = ("none", "-", "clear")
# `/risk add … customer`: the last word, on its own, flags customer impact.
_CUSTOMER_FLAG = re.compile(r"(?:^|\s)customer\s*$", re.IGNORECASE)
_YES = ("yes", "y", "true", "on")
_NO = ("no", "n", "false", "off")

ADD_KEYS = ("p", "i", "owner", "due", "team", "customer")
UPDATE_KEYS = ("p", "i", "owner", "due", "status", "team", "customer")
LIST_KEYS = ("team", "page")
ACTION_KEYS = ("owner", "due", "done")


@dataclass(frozen=True)
class AddRisk:
    title: str
    probability: int | None = None
    impact: int | None = None
    owner: str | None = None
    due_at: datetime | None = None
    team: str | None = None
    customer: bool = False


@dataclass(frozen=True)
class ListRisks:
    filters: frozenset[str] = frozenset()
    team: str | None = None
    page: int = 1


@dataclass(frozen=True)
class ShowRisk:
    number: int


@dataclass(frozen=True)
class UpdateRisk:
    """`changes` maps Risk attribute names to new values (`due_at` None clears the date)."""

    number: int
    changes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CloseRisk:
    number: int
    reason: str


@dataclass(frozen=True)
class EscalateRisk:
    number: int


@dataclass(frozen=True)
class AddAction:
    number: int
    description: str
    owner: str | None = None
    due_at: datetime | None = None


@dataclass(frozen=True)
class FinishAction:
    number: int
    action: int


RiskCommand = (
    AddRisk
    | ListRisks
    | ShowRisk
    | UpdateRisk
    | CloseRisk
    | EscalateRisk
    | AddAction
    | FinishAction
)


def parse_risk_command(
    sub: str,
    rest: str,
    *,
    caller: str,
    tz: ZoneInfo,
    now: datetime,
    teams: Collection[str],
) -> RiskCommand:
    """Parse `/risk SUB REST` (help and the bare command are the handler's business).

    Raises:
        UserError: unknown subcommand, or anything malformed, with a message naming it.
    """
    reader = _Reader(caller=caller, tz=tz, now=now, teams=teams)
    if sub == "add":
        return reader.add(rest)
    if sub == "list":
        return reader.listing(rest)
    if sub in ("show", "escalate"):
        number = parse_risk_id(rest)
        return ShowRisk(number) if sub == "show" else EscalateRisk(number)
    if sub == "update":
        return reader.update(rest)
    if sub == "close":
        ref, _, reason = rest.partition(" ")
        number = parse_risk_id(ref)
        return CloseRisk(number, parse_reason(reason))
    if sub == "action":
        return reader.action(rest)
    raise UserError("error.unknown_subcommand", command="/risk", sub=sub[:40])


def parse_risk_id(text: str) -> int:
    """ "R-12" (or "r-12", "R12") → 12."""
    match = _RISK_ID.fullmatch(text.strip())
    if match is None:
        raise UserError("risk.error.bad_id", text=text.strip()[:40] or "…")
    return int(match.group(1))


def parse_title(text: str) -> str:
    title = " ".join(text.split())
    if not title:
        raise UserError("risk.error.no_title")
    if len(title) > MAX_TITLE:
        raise UserError(
            "risk.error.too_long", field=t("risk.name.title"), length=len(title), limit=MAX_TITLE
        )
    return title


def parse_reason(text: str) -> str:
    reason = text.strip()
    if not reason:
        raise UserError("risk.error.close_reason")
    if len(reason) > MAX_REASON:
        raise UserError(
            "risk.error.too_long", field=t("risk.name.reason"), length=len(reason), limit=MAX_REASON
        )
    return reason


def parse_scale(name: str, text: str) -> int:
    value = text.strip()
    if value.isascii() and value.isdigit() and int(value) in SCALE:
        return int(value)
    raise UserError("risk.error.scale", name=name, value=value[:20])


def parse_due(text: str, tz: ZoneInfo, now: datetime, *, allow_past: bool = False) -> datetime:
    """The one place risk dates are read: in `tz`, relative to `now`, preferring the future.

    A bare day means 17:00 that day in `tz`.
    """
    try:
        return parse_when(text, tz, now, allow_past=allow_past, day_start=DUE_TIME)
    except (ValueError, OverflowError) as exc:  # dateparser on out-of-range numbers
        raise UserError("error.date_unparsed", text=text.strip()[:100]) from exc


def parse_user(text: str, caller: str) -> str:
    """`<@U123|name>` (how Slack sends mentions), `U123` or `me` → a user id."""
    value = text.strip()
    if value.lower() == "me":
        return caller
    match = _MENTION.fullmatch(value)
    if match:
        return match.group(1)
    if _USER_ID.fullmatch(value):
        return value
    raise UserError("risk.error.not_a_mention", text=value[:80])


def parse_team(text: str, teams: Collection[str]) -> str:
    team = text.strip()
    if team not in teams:
        known = ", ".join(f"`{t}`" for t in sorted(teams)) or "–"
        raise UserError("risk.error.unknown_team", team=team[:64], known=known)
    return team


def parse_yes_no(text: str) -> bool:
    """`customer:yes` / `customer:no`."""
    value = text.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise UserError("risk.error.yes_no", name="customer", value=value[:20])


def parse_status(text: str) -> str:
    status = text.strip().lower()
    if status == "closed":
        raise UserError("risk.error.close_with_command")
    if status not in SETTABLE_STATUSES:
        raise UserError(
            "risk.error.bad_status", status=status[:20], known=", ".join(SETTABLE_STATUSES)
        )
    return status


def split_fields(text: str, keys: Collection[str]) -> tuple[str, dict[str, str]]:
    """`bot.core.fields.split_fields` with the risk command's errors."""
    return fields.split_fields(
        text, keys, duplicate="risk.error.duplicate_key", empty="risk.error.empty_value"
    )


@dataclass(frozen=True)
class _Reader:
    caller: str
    tz: ZoneInfo
    now: datetime
    teams: Collection[str]

    def add(self, rest: str) -> AddRisk:
        flagged = _CUSTOMER_FLAG.search(rest)
        if flagged and rest[: flagged.start()].strip():
            rest = rest[: flagged.start()]
        else:
            flagged = None
        head, values = split_fields(rest, ADD_KEYS)
        customer = _maybe(values, "customer", parse_yes_no)
        return AddRisk(
            title=parse_title(head),
            probability=_maybe(values, "p", lambda v: parse_scale("p", v)),
            impact=_maybe(values, "i", lambda v: parse_scale("i", v)),
            owner=_maybe(values, "owner", lambda v: parse_user(v, self.caller)),
            due_at=_maybe(values, "due", lambda v: parse_due(v, self.tz, self.now)),
            team=_maybe(values, "team", lambda v: parse_team(v, self.teams)),
            customer=bool(flagged) or bool(customer),
        )

    def listing(self, rest: str) -> ListRisks:
        head, values = split_fields(rest, LIST_KEYS)
        filters = frozenset(word.lower() for word in head.split())
        unknown = sorted(filters - set(LIST_FILTERS))
        if unknown:
            raise UserError(
                "risk.error.bad_filter", word=unknown[0][:40], known="|".join(LIST_FILTERS)
            )
        page = _maybe(values, "page", _page) or 1
        team = _maybe(values, "team", lambda v: parse_team(v, self.teams))
        return ListRisks(filters, team, page)

    def update(self, rest: str) -> UpdateRisk:
        head, values = split_fields(rest, UPDATE_KEYS)
        number = parse_risk_id(head)
        if not values:
            raise UserError("risk.error.nothing_to_update")
        changes: dict[str, Any] = {}
        if "p" in values:
            changes["probability"] = parse_scale("p", values["p"])
        if "i" in values:
            changes["impact"] = parse_scale("i", values["i"])
        if "owner" in values:
            changes["owner"] = parse_user(values["owner"], self.caller)
        if "due" in values:
            due = values["due"]
            changes["due_at"] = None if due.lower() in _CLEAR else parse_due(due, self.tz, self.now)
        if "status" in values:
            changes["status"] = parse_status(values["status"])
        if "team" in values:
            changes["team"] = parse_team(values["team"], self.teams)
        if "customer" in values:
            changes["customer_impact"] = parse_yes_no(values["customer"])
        return UpdateRisk(number, changes)

    def action(self, rest: str) -> AddAction | FinishAction:
        ref, _, text = rest.strip().partition(" ")
        number = parse_risk_id(ref)
        head, values = split_fields(text, ACTION_KEYS)
        if "done" in values:
            if head or len(values) > 1:
                raise UserError("risk.error.action_done_alone")
            done = values["done"].lstrip("#")
            if not (done.isascii() and done.isdigit()) or len(done) > 9:
                raise UserError("risk.error.bad_action", text=values["done"][:20])
            return FinishAction(number, int(done))
        description = " ".join(head.split())
        if not description:
            raise UserError("risk.error.no_action_text")
        if len(description) > MAX_PLAN:
            raise UserError(
                "risk.error.too_long",
                field=t("risk.name.action"),
                length=len(description),
                limit=MAX_PLAN,
            )
        return AddAction(
            number,
            description,
            owner=_maybe(values, "owner", lambda v: parse_user(v, self.caller)),
            due_at=_maybe(values, "due", lambda v: parse_due(v, self.tz, self.now)),
        )


def _page(text: str) -> int:
    if text.isascii() and text.isdigit() and 0 < int(text) < 10_000:
        return int(text)
    raise UserError("risk.error.bad_page", text=text[:20])


def _maybe(values: Mapping[str, str], key: str, convert: Callable[[str], T]) -> T | None:
    return convert(values[key]) if key in values else None
