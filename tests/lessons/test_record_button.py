"""*Record a lesson*: offered on closing a risk and on resolving an escalation; its modal is
pre-filled with the risk and stores a lesson linked to it."""

from __future__ import annotations

import json
from typing import Any

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import (
    SlackDriver,
    plain_text_value,
    state_values,
    static_select_value,
)
from bot.core.blocks.ids import ActionId, CallbackId, LessonField
from bot.lessons.modal import TEAM_FIELD
from tests.support.lessons import lessons
from tests.support.slack import dm_channel


def button(message: dict[str, Any]) -> dict[str, Any]:
    [element] = [
        e
        for block in message.get("blocks") or []
        for e in block.get("elements") or []
        if e.get("action_id") == ActionId.LESSON_RECORD
    ]
    return element


def values(text: str, risk: str, team: str = "apollo") -> dict[str, Any]:
    return state_values(
        plain_text_value(LessonField.TEXT, LessonField.TEXT, text),
        plain_text_value(LessonField.RISK, LessonField.RISK, risk),
        static_select_value(TEAM_FIELD, TEAM_FIELD, team),
    )


def test_closing_a_risk_offers_a_lesson_whose_form_is_prefilled_and_stores_it_linked(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/risk", "add Vendor may slip team:ops", user_id="U0DEV1")
    slack.command("/risk", "close R-1 Vendor delivered", user_id="U0DEV1")
    offer = button(fake_slack.responses[-1])
    assert json.loads(offer["value"]) == {"risk": 1, "source": "risk-close"}

    slack.action(ActionId.LESSON_RECORD, offer["value"], user_id="U0DEV1")
    view = fake_slack.last_view()
    assert view is not None and view["callback_id"] == CallbackId.LESSON_RECORD
    fields = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert fields[LessonField.RISK]["initial_value"] == "R-1"
    assert fields[TEAM_FIELD]["initial_option"]["value"] == "ops"  # the risk's team

    slack.submit_view(values("Ask vendors for dates in writing.", "R-1", "ops"), user_id="U0DEV1")
    [lesson] = lessons(services)
    assert (lesson.risk_id, lesson.team, lesson.source, lesson.author) == (
        1,
        "ops",
        "risk-close",
        "U0DEV1",
    )
    [dm] = fake_slack.messages(dm_channel("U0DEV1"))[-1:]
    assert "L-1" in dm["text"] and "R-1" in dm["text"]
    slack.command("/lesson", "search vendors writing", user_id="U0DEV2")
    assert "L-1" in str(fake_slack.responses[-1]["blocks"])


def test_the_form_puts_its_errors_on_the_fields_and_stores_nothing(
    slack: SlackDriver, services: Services
) -> None:
    response = slack.submit(
        CallbackId.LESSON_RECORD,
        values("", "R-42"),
        user_id="U0DEV1",
        private_metadata=json.dumps({"source": "risk-close"}),
    )
    data = json.loads(response.body)
    assert data["response_action"] == "errors"
    assert set(data["errors"]) == {LessonField.TEXT, LessonField.RISK}
    assert "R-42" in data["errors"][LessonField.RISK]
    assert lessons(services) == []


def test_resolving_an_escalation_offers_a_lesson_linked_to_its_risk(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/risk", "add Datacenter flood p:5 i:5", user_id="U0DEV1")
    slack.action(ActionId.ESCALATION_RESOLVE, "1", user_id="U0DEV1")
    offer = button(fake_slack.responses[-1])
    assert json.loads(offer["value"]) == {"risk": 1, "source": "escalation"}
    slack.action(ActionId.LESSON_RECORD, offer["value"], user_id="U0DEV1")
    slack.submit_view(values("Keep spares off-site.", "R-1"), user_id="U0DEV1")
    [lesson] = lessons(services)
    assert (lesson.risk_id, lesson.source) == (1, "escalation")
