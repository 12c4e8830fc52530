"""Reading what the fake Slack received: thread roots, replies and DM channels."""

from __future__ import annotations

from typing import Any

from bot.app.standin.slack_api import FakeSlack


def roots(fake: FakeSlack, channel: str) -> list[dict[str, Any]]:
    """Top-level messages in `channel` (thread replies left out), oldest first."""
    return [m for m in fake.messages(channel) if m.get("thread_ts") in (None, m["ts"])]


def replies(fake: FakeSlack, channel: str, root_ts: str | None = None) -> list[dict[str, Any]]:
    """Thread replies in `channel`, oldest first; only those under `root_ts` when given."""
    return [
        m
        for m in fake.messages(channel)
        if m.get("thread_ts") not in (None, m["ts"])
        and (root_ts is None or m["thread_ts"] == root_ts)
    ]


def dm_channel(user: str) -> str:
    """The fake's DM channel with `user` ("U0PM" -> "D0PM")."""
    return "D" + user[1:]
