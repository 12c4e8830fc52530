"""App Home: a personal dashboard published on open, within Slack's limits, with quick actions
that work through signed deliveries, refreshed once per burst when what it shows changes."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver, datepicker_value, state_values
from bot.core.blocks.ids import ActionId, CallbackId, HomeField
from bot.core.clock import FixedClock
from storage.db import unit_of_work
from storage.standups import prompts as prompt_repo

LEAD = "U0OPSMGR"


def open_home(slack: SlackDriver, user: str) -> None:
    slack.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"})


def home_text(fake_slack: FakeSlack, user: str) -> str:
    return json.dumps(fake_slack.home_views[user]["blocks"], ensure_ascii=False)


def publishes(fake_slack: FakeSlack, user: str) -> int:
    return sum(1 for c in fake_slack.calls_to("views.publish") if c.params["user_id"] == user)


def test_opening_app_home_shows_roles_risks_on_call_and_the_guide(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command("/risk", "add Disk fills up p:3 i:4", user_id=LEAD)
    slack.command("/risk", "add Pager fatigue p:1 i:2", user_id=LEAD)
    open_home(slack, LEAD)
    text = home_text(fake_slack, LEAD)
    assert "Lead of Platform operations; owner of 2 risks" in text
    assert "*Risks you own* (2)" in text
    assert "*High*" in text and "*Low*" in text
    assert text.index("Disk fills up") < text.index("Pager fatigue")
    assert "*ops-primary*: <@U0SRE2> until <!date^" in text
    assert "*Your teams, last 7 days*" in text and "*Platform operations*: participation" in text
    assert "/risk" in text  # the command guide comes last
    actions = [b for b in fake_slack.home_views[LEAD]["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions[0]["elements"]] == ["home.new_risk", "home.away"]


def test_rotation_members_see_their_shift_and_no_people_metrics(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    open_home(slack, "U0SRE1")
    text = home_text(fake_slack, "U0SRE1")
    assert "Member of Platform operations; on the ops-primary rotation" in text
    assert "Your next shift on *ops-primary*: <!date^1796050800^" in text  # Mon 30 Nov
    open_home(slack, "U0SRE2")
    assert "You are on call on *ops-primary* until <!date^1796050800^" in home_text(
        fake_slack, "U0SRE2"
    )
    assert "last 7 days" not in text
    assert "You own no open risk." in text


def test_new_risk_and_away_open_their_modals_and_away_is_stored(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    open_home(slack, "U0DEV1")
    home = fake_slack.home_views["U0DEV1"]
    slack.action(ActionId.HOME_NEW_RISK, user_id="U0DEV1", view=home)
    slack.action(ActionId.HOME_AWAY, user_id="U0DEV1", view=home)
    opened = [c.params["view"] for c in fake_slack.calls_to("views.open")]
    assert [v["callback_id"] for v in opened] == [CallbackId.RISK_NEW, CallbackId.HOME_AWAY]
    values = state_values(
        datepicker_value(HomeField.FROM, HomeField.FROM, "2026-12-01"),
        datepicker_value(HomeField.TO, HomeField.TO, "2026-12-03"),
    )
    before = publishes(fake_slack, "U0DEV1")
    response = slack.submit(CallbackId.HOME_AWAY, values, user_id="U0DEV1")
    assert response.status == 200
    with unit_of_work(services.factory) as session:
        found = prompt_repo.away_days(session, ["U0DEV1"], date(2026, 11, 1), date(2027, 1, 1))
    assert found == {"U0DEV1": [(date(2026, 12, 1), date(2026, 12, 3))]}
    assert publishes(fake_slack, "U0DEV1") == before + 1


def test_away_with_the_last_day_first_is_refused_on_the_form(
    slack: SlackDriver, services: Services
) -> None:
    values = state_values(
        datepicker_value(HomeField.FROM, HomeField.FROM, "2026-12-03"),
        datepicker_value(HomeField.TO, HomeField.TO, "2026-12-01"),
    )
    response = slack.submit(CallbackId.HOME_AWAY, values, user_id="U0DEV1")
    body: Any = json.loads(response.body)
    assert body["response_action"] == "errors"
    assert HomeField.TO in body["errors"]


def test_a_leads_people_metrics_show_risk_ageing_and_kudos_per_team(
    slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    start = clock.now()
    slack.command("/risk", "add Disk fills up p:3 i:4 team:ops", user_id=LEAD)
    slack.command("/risk", "add Vendor late p:2 i:2 team:apollo", user_id="U0PM")
    clock.set(start + timedelta(days=2))
    slack.command("/risk", "add Pager fatigue p:1 i:2 team:ops", user_id=LEAD)
    slack.command("/kudos", "<@U0SRE1> for the runbook", user_id="U0DEV1")
    slack.command("/kudos", "<@U0SRE1> for the failover", user_id="U0PM")
    slack.command("/kudos", "<@U0DEV1> for the review", user_id="U0SRE1")  # apollo's
    clock.set(start + timedelta(days=4))
    open_home(slack, LEAD)
    [line] = [x for x in home_text(fake_slack, LEAD).split('"') if "*Platform operations*:" in x]
    # Ops risks 4 and 2 days old; two kudos to ops members (the third went to apollo's).
    assert "open risks 2 (median age 3d, oldest 4d) · kudos 2" in line
