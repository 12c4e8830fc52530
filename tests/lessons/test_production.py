"""/lesson the way production serves it: signed HTTP, 200 at once, one ephemeral answer."""

from __future__ import annotations

import json

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import plain_text_value, state_values, view_submission
from bot.core.blocks.ids import CallbackId, LessonField
from tests.support.lessons import lessons
from tests.support.production import ProductionLane, wait_for_responses


@pytest.mark.parametrize(
    ("text", "word"),
    [("add Freeze early risk:R-7", "R-7"), ("add Freeze early team:mars", "mars"), ("zap", "zap")],
)
def test_a_refused_lesson_answers_200_at_once_with_one_ephemeral_and_stores_nothing(
    production: ProductionLane, fake_slack: FakeSlack, services: Services, text: str, word: str
) -> None:
    answer = production.command("/lesson", text, user_id="U0DEV1")
    assert answer.status == 200 and answer.elapsed < 1.0
    [reply] = [r for r in wait_for_responses(fake_slack, 1, timeout=5.0) if r.get("text")]
    assert word in reply["text"] and reply.get("response_type", "ephemeral") == "ephemeral"
    assert lessons(services) == []


def test_a_search_rides_in_the_ack_body_ranked(
    production: ProductionLane, fake_slack: FakeSlack, services: Services
) -> None:
    assert production.command("/lesson", "add Staging lies. Test on real data.").status == 200
    wait_for_responses(fake_slack, 1, timeout=5.0)
    answer = production.command("/lesson", "search staging data")
    assert answer.status == 200 and answer.elapsed < 1.0
    assert "L-1" in str(answer.json()["blocks"]) and "1 lesson" in answer.text


def test_a_lesson_form_with_errors_gets_them_on_its_fields_over_http(
    production: ProductionLane, fake_slack: FakeSlack, services: Services
) -> None:
    body, ctype = view_submission(
        CallbackId.LESSON_RECORD,
        state_values(plain_text_value(LessonField.TEXT, LessonField.TEXT, "  ")),
        user_id="U0DEV1",
        private_metadata=json.dumps({"source": "risk-close"}),
    )
    answer = production.post(body, ctype)
    assert answer.status == 200 and answer.elapsed < 1.0
    data = answer.json()
    assert data["response_action"] == "errors" and LessonField.TEXT in data["errors"]
    assert lessons(services) == []
