"""The weekly digest lists the period's new lessons, a short section."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, message_text
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock


def test_the_weekly_digest_lists_the_weeks_new_lessons_of_its_teams(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    slack.command("/lesson", "add Freeze the API a week before launch.", user_id="U0DEV1")
    slack.command("/lesson", "add Runbooks beat memory. team:ops", user_id="U0SRE1")
    clock.set(datetime(2026, 11, 27, 21, 0, tzinfo=UTC))  # Friday 16:00 in New York
    slack.command("/digest", "preview weekly", user_id="U0DEV2")
    text = "\n".join(message_text(r) for r in fake_slack.responses)
    assert "*New lessons (2)*" in text
    assert "• *L-1* Apollo launch: Freeze the API a week before launch." in text
    assert "• *L-2* Platform operations: Runbooks beat memory." in text
