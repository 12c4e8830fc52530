"""Risk test helpers: people in the fake Slack directory, a recording escalator, DB reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app.container import Services
from bot.core.ports import Subject
from storage import risks as repo
from storage.db import unit_of_work
from storage.risks import Risk, RiskEvent
from tests.fakes.slack_api import FakeSlack

RISKS = "C0RISKS"
PEOPLE = {
    "U0DEV1": "America/New_York",
    "U0DEV2": "Europe/Berlin",
    "U0PM": "America/New_York",
    "U0OPSMGR": "America/New_York",
    "U0SRE1": "Asia/Shanghai",
    "U0ADMIN": "UTC",
}


@dataclass
class RecordingEscalator:
    """Stands in for the escalation service: records what the register asked of it."""

    started: list[dict[str, Any]] = field(default_factory=list)
    resolved: list[dict[str, Any]] = field(default_factory=list)

    def start(
        self, subject: Subject, *, by: str | None, reason: str, now: datetime, key: str
    ) -> bool:
        self.started.append(
            {"subject": subject, "by": by, "reason": reason, "now": now, "key": key}
        )
        return True

    def resolve(self, kind: str, ref: str, *, by: str | None, now: datetime) -> bool:
        self.resolved.append({"kind": kind, "ref": ref, "by": by, "now": now})
        return True


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user, tz in PEOPLE.items():
        fake_slack.add_user(user, tz=tz, name=user.lower())
    fake_slack.add_user("U0GONE", deleted=True)


@pytest.fixture
def escalator(services: Services) -> RecordingEscalator:
    fake = RecordingEscalator()
    services.risks.escalator = fake
    return fake


def risks(services: Services) -> list[Risk]:
    with unit_of_work(services.factory) as session:
        return list(session.scalars(select(Risk).order_by(Risk.id)))


def risk(services: Services, number: int) -> Risk:
    with unit_of_work(services.factory) as session:
        found = repo.get(session, number)
        assert found is not None
        return found


def events(services: Services, number: int) -> list[RiskEvent]:
    with unit_of_work(services.factory) as session:
        return list(
            session.scalars(
                select(RiskEvent).where(RiskEvent.risk_id == number).order_by(RiskEvent.id)
            )
        )


def event_count(services: Services) -> int:
    with unit_of_work(services.factory) as session:
        return int(session.scalar(select(func.count()).select_from(RiskEvent)) or 0)


def roots(fake_slack: FakeSlack) -> list[dict[str, Any]]:
    """Thread roots in the risks channel (messages that are not replies)."""
    return [m for m in fake_slack.messages(RISKS) if m.get("thread_ts") in (None, m["ts"])]


def replies(fake_slack: FakeSlack, root_ts: str) -> list[dict[str, Any]]:
    return [
        m
        for m in fake_slack.messages(RISKS)
        if m.get("thread_ts") == root_ts and m["ts"] != root_ts
    ]


def last_response(fake_slack: FakeSlack) -> str:
    return fake_slack.responses_text()[-1]
