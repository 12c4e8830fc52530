"""A workspace of N people in one stand-up due at START, for fan-out tests and benchmarks."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.app.standin.slack_api import FakeSlack

# Tuesday 24 November 2026 14:00 UTC is START in tests/conftest.py: the stand-up is due then.
STANDUP_TIME = "14:00"


def people(count: int) -> list[str]:
    return [f"U{n:07d}" for n in range(1, count + 1)]


def workspace_toml(count: int, *, time: str = STANDUP_TIME) -> str:
    """One team of `count` people in UTC with a daily stand-up at `time`."""
    header = 'timezone = "UTC"\nadmins = ["U0ADMIN"]\n\n[channels]\nescalations = "C0ESCAL"\n'
    return header + crowd_tables(count, time=time)


def crowd_tables(count: int, *, time: str = STANDUP_TIME) -> str:
    """The crowd's team and stand-up, to append to another tandem.toml."""
    members = ", ".join(f'"{user}"' for user in people(count))
    return f"""
[[teams]]
id = "crowd"
name = "Crowd"
kind = "project"
channel = "C0CROWD"
lead = "U0LEAD"
members = [{members}]
timezone = "UTC"

[[standups]]
id = "crowd-daily"
team = "crowd"
time = "{time}"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
questions = ["What did you finish?", "What is next?"]
remind_after = "4h"
report_at = "23:00"
"""


def add_people(fake: FakeSlack, count: int) -> None:
    for user in people(count):
        fake.add_user(user, tz="UTC")


def is_prompt(message: dict[str, Any]) -> bool:
    return any(b.get("block_id") == "standup-intro" for b in message.get("blocks") or [])


def prompts_per_person(fake: FakeSlack) -> Counter[str]:
    """How many stand-up prompts each person's DM holds ("D…" channel → "U…" id)."""
    return Counter("U" + m["channel"][1:] for m in fake.messages() if is_prompt(m))
