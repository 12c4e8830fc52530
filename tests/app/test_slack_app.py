"""How the Bolt app is put together: cheap listener matching that still matches the same."""

from __future__ import annotations

from slack_bolt.listener_matcher.builtins import BuiltinListenerMatcher

from bot.app.container import Services
from bot.app.slack_app import BodyMatcher, build_app
from tests.fakes.slack_api import FakeSlack
from tests.support.production import ProductionLane


def test_every_listener_is_matched_on_the_body_without_building_all_arguments(
    services: Services,
) -> None:
    app = build_app(services)
    matchers = [m for listener in app._listeners for m in listener.matchers]
    assert len(matchers) >= len(app._listeners) > 20
    assert not [m for m in matchers if isinstance(m, BuiltinListenerMatcher)]
    assert all(isinstance(m, BodyMatcher) for m in matchers)


def test_commands_actions_and_events_still_reach_their_own_listeners(
    production: ProductionLane, fake_slack: FakeSlack
) -> None:
    assert "/risk list" in production.command("/risk", "help").text
    assert "/standup" in production.command("/standup", "help").text
    assert production.command("/risk", "list").text.startswith("No ")
    assert production.command("/nosuch", "list").status == 404
