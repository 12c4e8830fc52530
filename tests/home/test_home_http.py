"""App Home as production serves it: the open event and a quick action answered 200 at once,
the dashboard published after; a failed quick action reaches the person as one message."""

from __future__ import annotations

import time

from bot.app.standin.slack_api import FakeSlack
from bot.core.blocks.ids import ActionId
from tests.support.production import ProductionLane


def wait_for(check: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.02)


def test_opening_home_and_clicking_away_answer_200_at_once(
    production: ProductionLane, fake_slack: FakeSlack
) -> None:
    answer = production.event(
        {"type": "app_home_opened", "user": "U0DEV1", "channel": "D0HOME", "tab": "home"}
    )
    assert answer.status == 200
    assert answer.elapsed < 1.0
    wait_for(lambda: "U0DEV1" in fake_slack.home_views)
    view = fake_slack.home_views["U0DEV1"]
    click = production.action(ActionId.HOME_AWAY, user_id="U0DEV1", view=view, response_url=None)
    assert click.status == 200
    assert click.elapsed < 1.0
    wait_for(lambda: fake_slack.calls_to("views.open"))
    [opened] = fake_slack.calls_to("views.open")
    assert opened.params["view"]["callback_id"] == "home.away"


def test_skip_today_on_a_prompt_that_is_gone_is_answered_in_one_dm(
    production: ProductionLane, fake_slack: FakeSlack
) -> None:
    production.event({"type": "app_home_opened", "user": "U0DEV1", "channel": "D0H", "tab": "home"})
    wait_for(lambda: "U0DEV1" in fake_slack.home_views)
    view = fake_slack.home_views["U0DEV1"]
    answer = production.action(
        ActionId.HOME_SKIP_TODAY, "999", user_id="U0DEV1", view=view, response_url=None
    )
    assert answer.status == 200
    assert answer.elapsed < 1.0
    wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
    [told] = fake_slack.calls_to("chat.postMessage")
    assert told.params["channel"] == "U0DEV1"
    assert told.params["text"] == "I can't find that stand-up any more."
    assert len(fake_slack.calls_to("views.publish")) == 1  # only the open
