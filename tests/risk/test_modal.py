"""The "New risk" modal: opened by /risk or a stand-up blocker, submitted, errors on fields."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import (
    SlackDriver,
    checkboxes_value,
    datepicker_value,
    plain_text_value,
    state_values,
    static_select_value,
    users_select_value,
)
from bot.core.blocks.ids import ActionId, RiskField
from tests.support.escalator import RecordingEscalator
from tests.support.risk import RISKS, risks, roots


def form(**overrides: Any) -> dict[str, Any]:
    """A filled-in New-risk form; keyword arguments replace single values."""
    values: dict[str, Any] = {
        "title": "Because the vendor is late, the API freeze may slip",
        "description": "Vendor said 'next week' three times.",
        "kind": "threat",
        "category": "external",
        "team": "apollo",
        "owner": "U0DEV2",
        "p": "4",
        "i": "4",
        "due": "2026-12-04",
        "strategy": "mitigate",
        "plan": "Daily check-in with the vendor",
        "trigger": "No build by Wednesday",
        "contingency": "Ship against the mock API",
        "customer": ["yes"],
    }
    values.update(overrides)
    return state_values(
        plain_text_value(RiskField.TITLE, RiskField.TITLE, values["title"]),
        plain_text_value(RiskField.DESCRIPTION, RiskField.DESCRIPTION, values["description"]),
        static_select_value(RiskField.KIND, RiskField.KIND, values["kind"]),
        static_select_value(RiskField.CATEGORY, RiskField.CATEGORY, values["category"]),
        static_select_value(RiskField.TEAM, RiskField.TEAM, values["team"]),
        users_select_value(RiskField.OWNER, RiskField.OWNER, values["owner"]),
        static_select_value(RiskField.PROBABILITY, RiskField.PROBABILITY, values["p"]),
        static_select_value(RiskField.IMPACT, RiskField.IMPACT, values["i"]),
        datepicker_value(RiskField.DUE, RiskField.DUE, values["due"]),
        static_select_value(RiskField.STRATEGY, RiskField.STRATEGY, values["strategy"]),
        plain_text_value(RiskField.PLAN, RiskField.PLAN, values["plan"]),
        plain_text_value(RiskField.TRIGGER, RiskField.TRIGGER, values["trigger"]),
        plain_text_value(RiskField.CONTINGENCY, RiskField.CONTINGENCY, values["contingency"]),
        checkboxes_value(RiskField.CUSTOMER_IMPACT, RiskField.CUSTOMER_IMPACT, values["customer"]),
    )


def open_form(slack: SlackDriver, fake_slack: FakeSlack, user: str = "U0DEV1") -> dict[str, Any]:
    slack.command("/risk", "", user_id=user)
    view = fake_slack.last_view()
    assert view is not None
    return view


def inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


def test_the_bare_command_opens_the_new_risk_form_with_every_field(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    view = open_form(slack, fake_slack)
    assert view["title"]["text"] == "New risk" and view["callback_id"] == "risk.new"
    fields = inputs(view)
    assert set(fields) == {
        RiskField.TITLE,
        RiskField.DESCRIPTION,
        RiskField.KIND,
        RiskField.CATEGORY,
        RiskField.TEAM,
        RiskField.OWNER,
        RiskField.PROBABILITY,
        RiskField.IMPACT,
        RiskField.DUE,
        RiskField.STRATEGY,
        RiskField.PLAN,
        RiskField.TRIGGER,
        RiskField.CONTINGENCY,
        RiskField.CUSTOMER_IMPACT,
    }
    assert fields[RiskField.OWNER]["element"]["type"] == "users_select"
    assert fields[RiskField.OWNER]["element"]["initial_user"] == "U0DEV1"
    assert fields[RiskField.PROBABILITY]["element"]["type"] == "static_select"
    assert len(fields[RiskField.IMPACT]["element"]["options"]) == 5
    assert fields[RiskField.DUE]["element"]["type"] == "datepicker"
    assert fields[RiskField.TEAM]["element"]["initial_option"]["value"] == "apollo"
    assert fields[RiskField.TITLE]["element"]["max_length"] == 200


def test_submitting_the_form_raises_the_risk_with_every_field(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    open_form(slack, fake_slack)
    response = slack.submit_view(form(), user_id="U0DEV1")
    assert response.status == 200 and not response.body
    [stored] = risks(services)
    assert stored.title == "Because the vendor is late, the API freeze may slip"
    assert (stored.owner, stored.raised_by, stored.team) == ("U0DEV2", "U0DEV1", "apollo")
    assert (stored.score, stored.rating, stored.category) == (16, "critical", "external")
    assert stored.due_at == datetime(2026, 12, 4, 22, 0, tzinfo=UTC)  # 17:00 in New York
    assert stored.response_strategy == "mitigate" and stored.customer_impact is True
    assert stored.trigger == "No build by Wednesday"
    [root] = roots(fake_slack)
    assert "Ship against the mock API" in str(root["blocks"])
    [told] = fake_slack.ephemeral_messages("C0APOLLO", "U0DEV1")
    assert "Raised *R-1*" in told["text"] and f"/archives/{RISKS}/" in told["text"]


def test_a_form_submitted_twice_raises_one_risk(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    view = open_form(slack, fake_slack)
    slack.submit_view(form(), view=view, user_id="U0DEV1")
    slack.submit_view(form(), view=view, user_id="U0DEV1")
    assert len(risks(services)) == 1 and len(roots(fake_slack)) == 1


@pytest.mark.parametrize(
    ("overrides", "block", "problem"),
    [
        ({"title": None}, RiskField.TITLE, "needs a title"),
        ({"title": "x" * 201}, RiskField.TITLE, "201 characters"),
        ({"owner": "U0GONE"}, RiskField.OWNER, "deactivated"),
        ({"owner": None}, RiskField.OWNER, "one named owner"),
        ({"due": "2026-11-01"}, RiskField.DUE, "in the past"),
        ({"kind": "opportunity", "strategy": "avoid"}, RiskField.STRATEGY, "not a response to"),
        ({"p": None}, RiskField.PROBABILITY, "on the scale"),
        ({"category": "vibes"}, RiskField.CATEGORY, "Choose one of"),
    ],
)
def test_field_errors_are_shown_on_the_field_and_nothing_is_stored(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    services: Services,
    overrides: dict[str, Any],
    block: str,
    problem: str,
) -> None:
    open_form(slack, fake_slack)
    response = slack.submit_view(form(**overrides), user_id="U0DEV1")
    answer = json.loads(response.body)
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == [block]
    assert problem in answer["errors"][block]
    assert risks(services) == [] and fake_slack.messages() == []


def test_a_critical_risk_from_the_form_escalates(
    slack: SlackDriver, fake_slack: FakeSlack, escalator: RecordingEscalator
) -> None:
    open_form(slack, fake_slack)
    slack.submit_view(form(p="5", i="5"), user_id="U0DEV1")
    [call] = escalator.started
    assert call["subject"].owner == "U0DEV2"


def test_raise_as_risk_on_a_blocker_opens_the_form_prefilled(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    blocker = {
        "team": "ops",
        "user": "U0SRE1",
        "text": "Waiting on the network team for the firewall change\nsince Monday",
        "blocker": "B-7",
    }
    slack.action(
        ActionId.RISK_FROM_BLOCKER,
        json.dumps(blocker),
        user_id="U0OPSMGR",
        channel_id="C0OPS",
        message_ts="1700000000.000100",
        trigger_id="trig-blocker",
    )
    [opened] = fake_slack.calls_to("views.open")
    assert opened.params["trigger_id"] == "trig-blocker"
    view = fake_slack.last_view()
    assert view is not None
    fields = inputs(view)
    title = fields[RiskField.TITLE]["element"]["initial_value"]
    assert title == "Waiting on the network team for the firewall change since Monday"
    assert "since Monday" in fields[RiskField.DESCRIPTION]["element"]["initial_value"]
    assert fields[RiskField.OWNER]["element"]["initial_user"] == "U0SRE1"
    assert fields[RiskField.TEAM]["element"]["initial_option"]["value"] == "ops"
    slack.submit_view(
        form(title=title, owner="U0SRE1", team="ops", p="3", i="2"), user_id="U0OPSMGR"
    )
    [stored] = risks(services)
    assert (stored.owner, stored.team, stored.raised_by) == ("U0SRE1", "ops", "U0OPSMGR")
    [told] = fake_slack.ephemeral_messages("C0OPS", "U0OPSMGR")
    assert "R-1" in told["text"]


def test_a_long_blocker_is_cut_to_a_title_and_kept_whole_as_the_description(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    text = "word " * 300
    value = json.dumps({"team": "apollo", "user": "U0DEV1", "text": text, "blocker": "B-1"})
    slack.action(ActionId.RISK_FROM_BLOCKER, value, user_id="U0PM", message_ts="1700000000.0001")
    view = fake_slack.last_view()
    assert view is not None
    fields = inputs(view)
    assert len(fields[RiskField.TITLE]["element"]["initial_value"]) == 200
    assert fields[RiskField.DESCRIPTION]["element"]["initial_value"] == text.strip()


def test_a_malformed_blocker_value_is_answered_not_crashed(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.action(ActionId.RISK_FROM_BLOCKER, "{not json", user_id="U0PM", message_ts="1.1")
    assert "could not be read" in fake_slack.responses_text()[-1]
    assert fake_slack.calls_to("views.open") == []


def test_the_submitter_gets_a_dm_when_the_channel_they_started_in_refuses_ephemerals(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/risk", "", user_id="U0DEV1", channel_id="C0PRIVATE")
    fake_slack.missing_channels.add("C0PRIVATE")  # e.g. a private channel without the bot
    slack.submit_view(form(), user_id="U0DEV1")
    [dm] = fake_slack.messages("D0DEV1")
    assert "Raised *R-1*" in dm["text"]
    assert len(risks(services)) == 1
