"""The configuration reference (docs/configuration.md), generated from the validator itself.

The loader in `load.py` is the schema: every key it reads goes through `Table.get` with a
converter that names its type and a default. `reference()` runs the loader in recording mode
over a document made of the examples below, so the type and default of every key come from the
code, each key must have its words here, and every example must validate. A key the loader
reads that has no entry here, or an entry for a key it no longer reads, is a failing test.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.workspace.load import parse_workspace
from bot.core.workspace.validate import REQUIRED, Asked


@dataclass(frozen=True)
class Doc:
    what: str
    example: str = ""  # a TOML value; for a table, left empty: its keys' examples make it
    default: str = ""  # words for a default the code computes from other keys
    probe: bool = True  # False: the example contradicts another one (day vs days), not probed


DOCS: dict[str, Doc] = {
    "timezone": Doc("The default zone of team times and digests.", '"America/New_York"'),
    "language": Doc(
        "Language of channel posts: risk threads and digests; teams may set their own.", '"en"'
    ),
    "channels": Doc(
        "Names for channels, usable wherever a channel is asked for. `digest`, `risks` (every "
        "risk gets its thread there) and `escalations` (escalation log and last-resort "
        "fallback) have meaning to Tandem; others are just names.",
        '{ digest = "C0DIGEST", risks = "C0RISKS", escalations = "C0ESCAL" }',
    ),
    "admins": Doc("People who may run admin-only commands.", '["U0ADMIN"]'),
    "teams": Doc("Project and operations teams."),
    "teams[].id": Doc("The team's id, used by every other section.", '"apollo"'),
    "teams[].name": Doc("What people read.", '"Apollo launch"'),
    "teams[].kind": Doc(
        "A project team reports RAG status and milestones, an ops team KPIs and incidents.",
        '"project"',
    ),
    "teams[].channel": Doc("Where the team's reports, hand-offs and goals go.", '"C0APOLLO"'),
    "teams[].lead": Doc("The project or ops manager: reviews, overrides, retros.", '"U0PM"'),
    "teams[].members": Doc("Everyone on the team.", '["U0PM", "U0DEV1"]'),
    "teams[].holidays": Doc("Days with no prompts or reports for the team.", '["2026-12-25"]'),
    "teams[].timezone": Doc(
        "Zone of the team's report times.", '"Asia/Shanghai"', "the top-level `timezone`"
    ),
    "teams[].language": Doc(
        "Language of the team channel's posts and of members whose Slack language Tandem does "
        "not speak.",
        '"zh-CN"',
        "the top-level `language`",
    ),
    "standups": Doc("Stand-ups: DMs at each participant's own local time, then a report."),
    "standups[].id": Doc("The stand-up's id.", '"apollo-daily"'),
    "standups[].team": Doc("Whose stand-up it is.", '"apollo"'),
    "standups[].questions": Doc(
        "Asked in order, by DM or in a form.", '["Done since last time?", "Today?", "Blockers?"]'
    ),
    "standups[].blocker_question": Doc(
        "1-based: answers to this question are tracked as blockers.", "3"
    ),
    "standups[].time": Doc("When each participant is prompted, in their own zone.", '"09:30"'),
    "standups[].days": Doc("Days of the stand-up.", '["mon", "wed", "fri"]', '["mon" … "fri"]'),
    "standups[].remind_after": Doc("One reminder this long after an unanswered prompt.", '"1h"'),
    "standups[].report_at": Doc("When the report goes to the team channel, team zone.", '"11:00"'),
    "standups[].reminders": Doc("`false` sends no reminders.", "true"),
    "standups[].mention": Doc("`false` shows names instead of @-mentions in reports.", "true"),
    "standups[].report_style": Doc(
        '`"thread"`: one short message with each person\'s answers in its thread.', '"thread"'
    ),
    "standups[].participants": Doc(
        "Who is prompted, if not the whole team.", '["U0DEV1"]', "the team's `members`"
    ),
    "standups[].blocker_risk_after": Doc(
        'A blocker this old gets a "Raise as risk" button.', '"2d"'
    ),
    "standups[].blocker_escalate_after": Doc("A blocker this old starts an escalation.", '"5d"'),
    "status_reports": Doc("Weekly status reports asked of the team lead."),
    "status_reports[].id": Doc("The report's id.", '"apollo-weekly"'),
    "status_reports[].team": Doc("Whose lead is asked.", '"apollo"'),
    "status_reports[].day": Doc("Day it is asked.", '"fri"'),
    "status_reports[].time": Doc("Time it is asked, in the lead's zone.", '"14:00"'),
    "rotations": Doc("On-call rotations."),
    "rotations[].id": Doc("The rotation's id, as in `rotation:ID` targets.", '"ops-primary"'),
    "rotations[].team": Doc(
        "Owning team: its lead may override, its channel gets hand-offs.", '"apollo"'
    ),
    "rotations[].members": Doc("In turn order; may be empty (nobody on call).", '["U0SRE1"]'),
    "rotations[].start": Doc("The first hand-off, in the file's zone.", '"2026-11-02T10:00"'),
    "rotations[].length": Doc("How long each shift lasts.", '"1w"'),
    "rotations[].handoff_notice": Doc("How early the next person is told.", '"24h"'),
    "rotations[].usergroup": Doc(
        "A Slack user group kept equal to whoever is on call.", '"S0ONCALL"'
    ),
    "rotations[].handover": Doc(
        "At each hand-off the outgoing person gets a hand-over form.", "true"
    ),
    "escalation_policies": Doc("Who is paged, in what order, until someone acknowledges."),
    "escalation_policies[].id": Doc(
        'The policy\'s id; risks escalate on `[risks] policy`, "default" by default.', '"default"'
    ),
    "escalation_policies[].levels": Doc(
        "The levels, in order: the first fires at once, each next one when the previous "
        "waited `after` without an acknowledgement."
    ),
    "escalation_policies[].levels[].notify": Doc(
        "Who this level pages.", '["owner", "rotation:ops-primary", "lead:apollo"]'
    ),
    "escalation_policies[].levels[].after": Doc(
        "How long this level waits for an acknowledgement.", '"15m"'
    ),
    "escalation_policies[].levels[].assign": Doc(
        '`"round_robin"` pages one of `notify` at a time, in turn.', '"round_robin"'
    ),
    "escalation_policies[].repeat": Doc("Extra passes after the last level.", "1"),
    "escalation_policies[].repeat_from_level": Doc(
        "0-based level where a repeat pass starts.", "0"
    ),
    "escalation_policies[].then": Doc(
        "When a run is exhausted, start a run on this policy.", '"other-policy"', probe=False
    ),
    "escalation_policies[].reescalate_after": Doc(
        "An acknowledged run not resolved this long after pages again.", '"1h"'
    ),
    "digests": Doc("Merged project + ops digests posted to a channel."),
    "digests[].id": Doc("The digest's id.", '"weekly"'),
    "digests[].channel": Doc("Where it is posted.", '"digest"'),
    "digests[].day": Doc("A weekly digest's day (give `day` or `days`).", '"fri"'),
    "digests[].days": Doc(
        "A daily digest's days.", '["mon", "thu"]', '["mon" … "fri"] without `day`', probe=False
    ),
    "digests[].time": Doc("When it is posted, in its zone.", '"16:00"'),
    "digests[].period": Doc("How far back it looks.", '"7d"', '"1d", or "7d" with `day`'),
    "digests[].teams": Doc("Whose news it carries.", '["apollo"]', "every team"),
    "digests[].charts": Doc("PNG charts in the digest's thread.", "true"),
    "digests[].timezone": Doc("Zone of `time`.", '"Europe/Paris"', "the top-level `timezone`"),
    "retros": Doc("Retrospectives: DMs like a stand-up; chosen answers become lessons."),
    "retros[].id": Doc("The retro's id, as in `/retro start ID`.", '"apollo-retro"'),
    "retros[].team": Doc("Whose members are asked.", '"apollo"'),
    "retros[].day": Doc("Day it is held.", '"fri"'),
    "retros[].every": Doc("Whole weeks, counted from Monday 1 January 2024.", '"2w"'),
    "retros[].time": Doc("When members are asked, in their own zone.", '"15:00"'),
    "retros[].questions": Doc("Asked in order.", '["Went well?", "Change?", "Action?"]'),
    "retros[].lesson_questions": Doc(
        "1-based: answers to these become lessons.", "[2, 3]", "the last two questions"
    ),
    "risks": Doc("The risk register."),
    "risks.bands": Doc("The highest score (probability × impact) of each rating."),
    "risks.bands.low": Doc("Highest score rated low.", "4"),
    "risks.bands.medium": Doc("Highest score rated medium.", "9"),
    "risks.bands.high": Doc("Highest score rated high; above it is critical.", "15"),
    "risks.review_days": Doc("Days between owner reviews, per rating."),
    "risks.review_days.critical": Doc("Critical risks.", "7"),
    "risks.review_days.high": Doc("High risks.", "14"),
    "risks.review_days.medium": Doc("Medium risks.", "30"),
    "risks.review_days.low": Doc("Low risks.", "90"),
    "risks.escalate_critical": Doc("A risk raised or rated critical starts an escalation.", "true"),
    "risks.policy": Doc("The escalation policy risks use.", '"default"'),
    "risks.categories": Doc("Categories offered in the risk form.", '["technical", "schedule"]'),
    "heartbeat_url": Doc(
        "A GET after every successful tick, for an outside monitor.",
        '"https://hc-ping.com/your-check"',
    ),
    "webhooks": Doc("Signed JSON POSTs of what happens, for other tools."),
    "webhooks[].url": Doc("Where events are POSTed.", '"https://hooks.example.com/tandem"'),
    "webhooks[].events": Doc(
        "Which events it gets.", '["risk.raised", "escalation.started"]', "every event"
    ),
    "webhooks[].secret": Doc(
        'Key of the HMAC-SHA256 of "v1:{timestamp}:{body}" in `X-Tandem-Signature`.',
        '"change-me"',
    ),
}


def probe_document() -> dict[str, Any]:
    """One document holding every example, nested the way the keys' paths say."""
    doc: dict[str, Any] = {}
    for path, entry in DOCS.items():
        node = doc
        *parents, leaf = path.split(".")
        for part in parents:
            node = _step(node, part)
        if entry.example and entry.probe:
            node[leaf] = tomllib.loads(f"v = {entry.example}")["v"]
        elif leaf.endswith("[]"):
            node.setdefault(leaf[:-2], [{}])
    return doc


def _step(node: dict[str, Any], part: str) -> dict[str, Any]:
    if part.endswith("[]"):
        items = node.setdefault(part[:-2], [{}])
        return items[0]  # type: ignore[no-any-return]
    return node.setdefault(part, {})  # type: ignore[no-any-return]


def asked_keys() -> list[Asked]:
    """Every key the loader reads (free-form `[channels]` names left out), in its order."""
    asked: list[Asked] = []
    parse_workspace(_toml(probe_document()), asked)
    seen: dict[str, Asked] = {}
    for item in asked:
        if not item.path.startswith("channels."):
            seen.setdefault(item.path, item)
    return list(seen.values())


def reference() -> str:
    """The Markdown configuration reference."""
    keys = asked_keys()
    missing = [k.path for k in keys if k.path not in DOCS]
    if missing:
        raise LookupError(f"no DOCS entry for {', '.join(missing)}")
    out = [
        "# `tandem.toml` reference",
        "",
        "<!-- Generated by `make docs` (`tandem config reference`); do not edit. -->",
        "",
        "Every key Tandem reads, with its type and default. `tandem config check FILE` names "
        "each problem by key path. Durations are `15m`, `1h`, `2d`, `1w` or combinations in "
        "that order (`1h30m`); weekdays are `mon` … `sun`; ids are Slack's (`U…`, `C…`, `S…`).",
    ]
    sections = [Asked("", "table", None)] + [k for k in keys if k.kind in _TABLES]
    for section in sections:
        rows = [k for k in keys if _parent(k.path) == section.path and k.kind not in _TABLES]
        nested = [k for k in keys if _parent(k.path) == section.path and k.kind in _TABLES]
        out += ["", f"## {_heading(section)}", ""]
        if section.path:
            out += [DOCS[section.path].what, ""]
        if section.path == "channels":
            out += [f"Example: `channels = {DOCS['channels'].example}`", ""]
        if rows:
            out += ["| key | type | default | example | what it does |", "|---|---|---|---|---|"]
            out += [_row(k) for k in rows]
        if nested:
            out += ["", "Tables inside: " + ", ".join(f"`{_heading(k)}`" for k in nested) + "."]
    return "\n".join(out) + "\n"


_TABLES = ("table", "array of tables")


def _parent(path: str) -> str:
    head, _, _ = path.rpartition(".")
    return head.removesuffix("[]")


def _heading(section: Asked) -> str:
    if not section.path:
        return "Top level"
    name = section.path.replace("[]", "")
    return f"[[{name}]]" if section.kind == "array of tables" else f"[{name}]"


def _row(key: Asked) -> str:
    doc = DOCS[key.path]
    default = doc.default or _toml_value(key.default)
    name = key.path.rpartition(".")[2]
    example = f"`{doc.example}`" if doc.example else ""
    return f"| `{name}` | {key.kind} | {default} | {example} | {doc.what} |"


def _toml_value(value: object) -> str:
    if value is REQUIRED:
        return "**required**"
    if value is None:
        return "none"
    return f"`{_literal(value)}`"


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.timedelta):
        return json.dumps(_duration(value))
    if isinstance(value, dt.time):
        return json.dumps(value.strftime("%H:%M"))
    if isinstance(value, ZoneInfo):
        return json.dumps(value.key)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_literal(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {value!r}")


def _duration(value: dt.timedelta) -> str:
    minutes = int(value.total_seconds()) // 60
    parts = []
    for unit, size in (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60), ("m", 1)):
        if minutes >= size:
            parts.append(f"{minutes // size}{unit}")
            minutes %= size
    return "".join(parts) or "0m"


def _toml(doc: Mapping[str, Any]) -> str:
    """The probe document as TOML text: inline values under their tables' headers."""
    lines = [f"{k} = {_literal(v)}" for k, v in doc.items() if not _is_table(v)]
    for key, value in doc.items():
        if isinstance(value, Mapping):
            lines += _table_lines(key, value)
        elif _is_table(value):
            for item in value:
                lines += [f"[[{key}]]", *(f"{k} = {_literal(v)}" for k, v in item.items())]
    return "\n".join(lines) + "\n"


def _is_table(value: object) -> bool:
    return isinstance(value, Mapping) or (
        isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)
    )


def _table_lines(name: str, table: Mapping[str, Any]) -> list[str]:
    lines = [f"[{name}]", *(f"{k} = {_literal(v)}" for k, v in table.items() if not _is_table(v))]
    for key, value in table.items():
        if isinstance(value, Mapping):
            lines += _table_lines(f"{name}.{key}", value)
    return lines
