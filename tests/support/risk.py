"""Risk test helpers: the people in the fake Slack directory, reads of the risks channel and DB."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from storage import risks as repo
from storage.db import unit_of_work
from storage.risks import Risk, RiskEvent
from tests.support import slack

RISKS = "C0RISKS"
PEOPLE = {
    "U0DEV1": "America/New_York",
    "U0DEV2": "Europe/Berlin",
    "U0PM": "America/New_York",
    "U0OPSMGR": "America/New_York",
    "U0SRE1": "Asia/Shanghai",
    "U0ADMIN": "UTC",
}


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
    return slack.roots(fake_slack, RISKS)


def replies(fake_slack: FakeSlack, root_ts: str) -> list[dict[str, Any]]:
    """Replies in the thread of `root_ts` in the risks channel."""
    return slack.replies(fake_slack, RISKS, root_ts)


def last_response(fake_slack: FakeSlack) -> str:
    return fake_slack.responses_text()[-1]
