"""The buttons on a risk's thread root, and the Re-score, Close and Edit modals they open."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import (
    SlackDriver,
    block_action,
    checkboxes_value,
    datepicker_value,
    plain_text_value,
    state_values,
    static_select_value,
    users_select_value,
)
from bot.core.blocks.ids import ActionId, RiskField
from tests.support.escalator import RecordingEscalator
from tests.support.risk import RISKS, events, last_response, replies, risk, roots


def raise_risk(
    slack: SlackDriver, fake_slack: FakeSlack, text: str = "Vendor late p:2 i:3"
) -> dict[str, Any]:
    slack.command("/risk", f"add {text}", user_id="U0DEV1")
    return roots(fake_slack)[-1]


def click(slack: SlackDriver, action: ActionId, root: dict[str, Any], user: str = "U0DEV1") -> None:
    slack.action(action, "1", user_id=user, message_ts=root["ts"], channel_id=RISKS)


def test_reviewed_moves_the_next_review_and_notes_it_in_the_thread(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    root = raise_risk(slack, fake_slack)
    services.clock.advance(timedelta(days=3))
    click(slack, ActionId.RISK_REVIEWED, root)
    stored = risk(services, 1)
    assert stored.last_reviewed_at == services.clock.now()
    assert stored.next_review_at == services.clock.now() + timedelta(days=30)  # medium: 30 days
    [reply] = replies(fake_slack, root["ts"])
    assert "<@U0DEV1> reviewed R-1" in reply["text"]
    assert len(fake_slack.calls_to("chat.update")) == 1
    assert "Marked *R-1* reviewed" in last_response(fake_slack)
    assert fake_slack.responses[-1]["response_type"] == "ephemeral"


def test_trigger_fired_marks_it_occurred_and_starts_the_escalation(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, escalator: RecordingEscalator
) -> None:
    root = raise_risk(slack, fake_slack)
    click(slack, ActionId.RISK_TRIGGER_FIRED, root)
    assert risk(services, 1).status == "occurred"
    [call] = escalator.started
    assert call["subject"].thread_key == "risk:1:root" and call["by"] == "U0DEV1"
    [reply] = replies(fake_slack, root["ts"])
    assert "trigger fired" in reply["text"]
    live = fake_slack.message(RISKS, root["ts"])
    assert live is not None and "Occurred" in str(live["blocks"])
    labels = [
        e["text"]["text"] for b in live["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert "Trigger fired" not in labels
    click(slack, ActionId.RISK_TRIGGER_FIRED, root)
    assert "already marked as occurred" in last_response(fake_slack)
    assert len(escalator.started) == 1


def test_escalate_button_starts_a_run_or_says_escalation_is_not_configured(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    services.risks.escalator = None
    root = raise_risk(slack, fake_slack)
    click(slack, ActionId.RISK_ESCALATE, root, user="U0SRE1")
    assert "not configured" in last_response(fake_slack)
    escalator = RecordingEscalator()
    services.risks.escalator = escalator
    click(slack, ActionId.RISK_ESCALATE, root, user="U0SRE1")
    [call] = escalator.started
    assert call["by"] == "U0SRE1" and call["subject"].ref == "R-1"


def test_a_button_click_delivered_twice_acts_once(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    root = raise_risk(slack, fake_slack)
    body, ctype = block_action(
        ActionId.RISK_REVIEWED,
        "1",
        user_id="U0DEV1",
        message_ts=root["ts"],
        channel_id=RISKS,
        message=root,
        response_url=fake_slack.response_url("twice"),
    )
    slack.dispatch(body, ctype)
    slack.dispatch(body, ctype)
    assert [e.type for e in events(services, 1)] == ["created", "reviewed"]
    assert len(replies(fake_slack, root["ts"])) == 1


def test_rescore_opens_a_form_and_its_submission_updates_the_thread(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    root = raise_risk(slack, fake_slack)
    click(slack, ActionId.RISK_RESCORE, root)
    view = fake_slack.last_view()
    assert view is not None and view["title"]["text"] == "Re-score risk"
    response = slack.submit_view(
        state_values(
            static_select_value(RiskField.PROBABILITY, RiskField.PROBABILITY, "5"),
            static_select_value(RiskField.IMPACT, RiskField.IMPACT, "4"),
        ),
        user_id="U0DEV1",
    )
    assert response.status == 200 and not response.body
    stored = risk(services, 1)
    assert (stored.probability, stored.impact, stored.score, stored.rating) == (
        5,
        4,
        20,
        "critical",
    )
    [reply] = replies(fake_slack, root["ts"])
    assert "Probability: 2 → 5" in reply["text"]
    [told] = fake_slack.ephemeral_messages(RISKS, "U0DEV1")
    assert "Updated *R-1*" in told["text"]


def test_rescore_with_a_missing_value_shows_the_error_on_the_field(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    root = raise_risk(slack, fake_slack)
    click(slack, ActionId.RISK_RESCORE, root)
    response = slack.submit_view(
        state_values(
            static_select_value(RiskField.PROBABILITY, RiskField.PROBABILITY, None),
            static_select_value(RiskField.IMPACT, RiskField.IMPACT, "4"),
        ),
        user_id="U0DEV1",
    )
    answer = json.loads(response.body)
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == [RiskField.PROBABILITY]
    assert risk(services, 1).impact == 3


def test_close_opens_a_form_that_requires_a_reason(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, escalator: RecordingEscalator
) -> None:
    root = raise_risk(slack, fake_slack)
    click(slack, ActionId.RISK_CLOSE, root)
    view = fake_slack.last_view()
    assert view is not None and view["title"]["text"] == "Close risk"
    response = slack.submit_view(
        plain_text_value(RiskField.REASON, RiskField.REASON, "  "), user_id="U0DEV1"
    )
    assert json.loads(response.body)["errors"][RiskField.REASON].startswith("Say why")
    assert risk(services, 1).status == "open"
    slack.submit_view(
        plain_text_value(RiskField.REASON, RiskField.REASON, "accepted by the sponsor"),
        user_id="U0DEV1",
    )
    stored = risk(services, 1)
    assert (stored.status, stored.close_reason) == ("closed", "accepted by the sponsor")
    assert [r["ref"] for r in escalator.resolved] == ["R-1"]


def test_edit_opens_the_form_prefilled_and_saves_only_what_changed(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    root = raise_risk(slack, fake_slack, "Vendor late p:2 i:3 due:2026-12-01")
    click(slack, ActionId.RISK_EDIT, root)
    view = fake_slack.last_view()
    assert view is not None and view["title"]["text"] == "Edit risk"
    by_block = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert by_block[RiskField.TITLE]["element"]["initial_value"] == "Vendor late"
    assert by_block[RiskField.OWNER]["element"]["initial_user"] == "U0DEV1"
    assert by_block[RiskField.DUE]["element"]["initial_date"] == "2026-12-01"
    assert by_block[RiskField.STATUS]["element"]["initial_option"]["value"] == "open"
    values = state_values(
        plain_text_value(RiskField.TITLE, RiskField.TITLE, "Vendor late for the API freeze"),
        plain_text_value(RiskField.DESCRIPTION, RiskField.DESCRIPTION, None),
        static_select_value(RiskField.KIND, RiskField.KIND, "threat"),
        static_select_value(RiskField.CATEGORY, RiskField.CATEGORY, "external"),
        users_select_value(RiskField.OWNER, RiskField.OWNER, "U0DEV1"),
        static_select_value(RiskField.PROBABILITY, RiskField.PROBABILITY, "2"),
        static_select_value(RiskField.IMPACT, RiskField.IMPACT, "3"),
        datepicker_value(RiskField.DUE, RiskField.DUE, "2026-12-01"),
        static_select_value(RiskField.TEAM, RiskField.TEAM, "apollo"),
        static_select_value(RiskField.STATUS, RiskField.STATUS, "mitigating"),
        static_select_value(RiskField.STRATEGY, RiskField.STRATEGY, "mitigate"),
        plain_text_value(RiskField.PLAN, RiskField.PLAN, "Weekly vendor call"),
        plain_text_value(RiskField.TRIGGER, RiskField.TRIGGER, None),
        plain_text_value(RiskField.CONTINGENCY, RiskField.CONTINGENCY, "Use the mock API"),
        checkboxes_value(RiskField.CUSTOMER_IMPACT, RiskField.CUSTOMER_IMPACT, ["yes"]),
    )
    response = slack.submit_view(values, user_id="U0DEV1")
    assert not response.body
    stored = risk(services, 1)
    assert stored.title == "Vendor late for the API freeze"
    assert (stored.category, stored.status, stored.response_strategy) == (
        "external",
        "mitigating",
        "mitigate",
    )
    assert stored.contingency_plan == "Use the mock API" and stored.customer_impact is True
    assert stored.due_at == datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
    [_, edited] = events(services, 1)
    assert set(edited.after) == {
        "title",
        "category",
        "status",
        "response_strategy",
        "response_plan",
        "contingency_plan",
        "customer_impact",
    }
    live = fake_slack.message(RISKS, root["ts"])
    assert live is not None and "Use the mock API" in str(live["blocks"])


def test_others_clicking_change_buttons_get_a_refusal_and_no_form(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    root = raise_risk(slack, fake_slack)
    for action in (
        ActionId.RISK_RESCORE,
        ActionId.RISK_CLOSE,
        ActionId.RISK_EDIT,
        ActionId.RISK_REVIEWED,
        ActionId.RISK_TRIGGER_FIRED,
    ):
        click(slack, action, root, user="U0SRE1")
        assert "Sorry, only its owner" in last_response(fake_slack)
    assert fake_slack.calls_to("views.open") == []
    assert len(events(services, 1)) == 1
    assert risk(services, 1).status == "open"


def test_a_submission_by_someone_who_lost_the_right_is_refused_in_a_dm(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    root = raise_risk(slack, fake_slack)
    click(slack, ActionId.RISK_CLOSE, root)  # the owner opens the form …
    slack.command("/risk", "update R-1 owner:<@U0DEV2|dev2>", user_id="U0DEV1")  # … hands over
    slack.submit_view(
        plain_text_value(RiskField.REASON, RiskField.REASON, "done"), user_id="U0DEV1"
    )
    assert risk(services, 1).status == "open"
    assert any(
        "Sorry, only its owner <@U0DEV2>" in m["text"] for m in fake_slack.messages("D0DEV1")
    )
