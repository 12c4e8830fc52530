"""tandem.toml for tests: the shipped example, and fragments that `toml` joins and parses."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from bot.core.workspace.load import parse_workspace
from bot.core.workspace.model import WorkspaceConfig

EXAMPLE_CONFIG = Path(__file__).resolve().parents[2] / "tandem.example.toml"

CHANNELS = {"digest": "C0DIGEST", "risks": "C0RISKS", "escalations": "C0ESCAL"}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]

_TEAMS: dict[str, dict[str, object]] = {
    "apollo": {
        "name": "Apollo launch",
        "kind": "project",
        "channel": "C0APOLLO",
        "lead": "U0PM",
        "members": ["U0PM", "U0DEV1", "U0DEV2"],
    },
    "ops": {
        "name": "Platform operations",
        "kind": "ops",
        "channel": "C0OPS",
        "lead": "U0OPSMGR",
        "members": ["U0OPSMGR", "U0SRE1", "U0SRE2"],
    },
}
_STANDUPS: dict[str, dict[str, object]] = {
    "apollo-daily": {
        "team": "apollo",
        "time": "09:30",
        "days": WEEKDAYS,
        "questions": [
            "What did you finish since last time?",
            "What will you do today?",
            "Anything blocking you?",
        ],
        "blocker_question": 3,
        "remind_after": "1h",
        "report_at": "11:00",
    },
}
_STATUS_REPORTS: dict[str, dict[str, object]] = {
    "apollo-weekly": {"team": "apollo", "day": "fri", "time": "14:00"},
    "ops-weekly": {"team": "ops", "day": "fri", "time": "15:00"},
}
_ROTATIONS: dict[str, dict[str, object]] = {
    "ops-primary": {
        "team": "ops",
        "members": ["U0SRE1", "U0SRE2"],
        "start": "2026-11-02T10:00",
        "length": "1w",
        "handoff_notice": "24h",
    },
    "vacant": {"team": "ops", "members": [], "start": "2026-11-02T10:00", "length": "1w"},
}
_POLICIES: dict[str, dict[str, object]] = {
    "default": {
        "repeat": 1,
        "levels": [
            {"notify": ["owner"], "after": "15m"},
            {"notify": ["rotation:ops-primary"], "after": "15m"},
            {"notify": ["lead:ops", "lead:apollo"], "after": "30m"},
        ],
    },
}
_DIGESTS: dict[str, dict[str, object]] = {
    "weekly": {
        "channel": "digest",
        "day": "fri",
        "time": "16:00",
        "period": "7d",
        "teams": ["apollo", "ops"],
        "charts": True,
    },
}


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        # JSON strings and integers are valid TOML basic strings and integers.
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {value!r}")


def _keys(keys: Mapping[str, object]) -> str:
    return "".join(f"{key} = {_value(value)}\n" for key, value in keys.items() if value is not None)


def header(
    channels: Mapping[str, str] = CHANNELS,
    *,
    timezone: str = "America/New_York",
    admins: tuple[str, ...] = ("U0ADMIN",),
) -> str:
    """The top-level keys and `[channels]`."""
    return (
        _keys({"timezone": timezone, "admins": list(admins)}) + "\n[channels]\n" + _keys(channels)
    )


def entry(
    array: str,
    entry_id: str,
    known: Mapping[str, Mapping[str, object]] | None = None,
    extra: str = "",
    **changes: object,
) -> str:
    """One `[[array]]` entry, rendered as TOML.

    The helpers below call this with the example file's entries (and the on-call file's empty
    rotation) as `known`, so `team("ops")` is the example's ops team.

    Args:
        array: the array of tables, e.g. "teams".
        entry_id: the entry's `id`; its `known` keys, if any, are the starting point.
        known: entries by id.
        extra: raw TOML appended to the entry (tests parametrize extra keys as text).
        **changes: keys to set; None drops a key.
    """
    keys = {"id": entry_id, **(known or {}).get(entry_id, {}), **changes}
    return f"[[{array}]]\n" + _keys(keys) + (extra.strip("\n") + "\n" if extra else "")


def team(team_id: str, extra: str = "", **changes: object) -> str:
    return entry("teams", team_id, _TEAMS, extra, **changes)


def standup(standup_id: str = "apollo-daily", extra: str = "", **changes: object) -> str:
    return entry("standups", standup_id, _STANDUPS, extra, **changes)


def status_report(report_id: str, **changes: object) -> str:
    return entry("status_reports", report_id, _STATUS_REPORTS, **changes)


def rotation(rotation_id: str = "ops-primary", **changes: object) -> str:
    return entry("rotations", rotation_id, _ROTATIONS, **changes)


def policy(policy_id: str = "default", **changes: object) -> str:
    return entry("escalation_policies", policy_id, _POLICIES, **changes)


def digest(digest_id: str = "weekly", **changes: object) -> str:
    return entry("digests", digest_id, _DIGESTS, **changes)


def toml(*fragments: str) -> str:
    """The fragments as one file, a blank line between them."""
    return "\n".join(fragment.strip("\n") + "\n" for fragment in fragments)


def workspace(*fragments: str) -> WorkspaceConfig:
    """The fragments joined and parsed, as Tandem reads tandem.toml."""
    return parse_workspace(toml(*fragments))
