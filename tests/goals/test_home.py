"""App Home shows the viewer's teams' goals and the kudos they received, before the guide."""

from __future__ import annotations

import json

from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver


def published(fake: FakeSlack, user: str) -> str:
    calls = [c for c in fake.calls_to("views.publish") if c.params["user_id"] == user]
    view = calls[-1].params["view"]
    return json.dumps(view if isinstance(view, dict) else json.loads(view), ensure_ascii=False)


def test_app_home_lists_your_teams_goals_and_the_kudos_you_received(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command("/goal", "add Checkout conversion % teams:apollo,ops target:4", user_id="U0PM")
    slack.command("/goal", "update G-1 value:2", user_id="U0PM")
    slack.command("/goal", "add Pages answered in 5 min teams:ops", user_id="U0SRE1")
    slack.command("/kudos", "<@U0DEV1> for the release notes", user_id="U0SRE1")
    slack.event({"type": "app_home_opened", "user": "U0DEV1", "channel": "D0DEV1", "tab": "home"})
    view = published(fake_slack, "U0DEV1")
    assert "*Your teams' goals* (1)" in view
    assert "*G-1* Checkout conversion %: ▓▓▓▓▓░░░░░ 50% (2 of 4)" in view
    assert "G-2" not in view
    assert "*Kudos you received* (1 in the last 90 days)" in view
    assert "from <@U0SRE1>: the release notes" in view
    assert view.index("Your teams' goals") < view.index("/goal add")  # the guide comes last
