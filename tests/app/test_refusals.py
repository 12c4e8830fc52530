"""Every refusal and error, the way production serves it: HTTP 200 at once, one ephemeral
answer, nothing stored. (Bolt's thread runner used to lose the ack when a listener raised
after acking: Slack waited 3 s and got a 404.)"""

from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from bot.app.container import Services
from bot.app.standin.slack_api import Call, FakeSlack
from bot.app.standin.slack_requests import (
    im_message,
    plain_text_value,
    state_values,
    view_submission,
)
from bot.core.blocks.ids import ActionId, CallbackId, RiskField
from storage.db import unit_of_work
from storage.models import OutboxMessage
from storage.oncall import OncallOverride as Override
from storage.risks import Risk, RiskEvent
from tests.support.production import Answer, ProductionLane, wait_for_responses

PEOPLE = ("U0PM", "U0DEV1", "U0DEV2", "U0OPSMGR", "U0SRE1", "U0SRE2", "U0ADMIN")


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user in PEOPLE:
        fake_slack.add_user(user, name=user.lower())


def stored(services: Services) -> tuple[int, int, int, int]:
    """Risks, risk history events, overrides and queued messages in the database."""
    with unit_of_work(services.factory) as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Risk, RiskEvent, Override, OutboxMessage)
        )


def wait_calls(fake: FakeSlack, method: str, count: int, timeout: float = 5.0) -> list[Call]:
    """The fake's calls to `method` once there are `count` (they follow the ack)."""
    deadline = time.monotonic() + timeout
    while len(fake.calls_to(method)) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return fake.calls_to(method)


def refused(answer: Answer, fake: FakeSlack, *words: str) -> str:
    """The one ephemeral answer to a refused request, after checking the HTTP answer."""
    assert answer.status == 200, (answer.status, answer.body)
    assert answer.elapsed < 1.0, answer.elapsed
    [reply] = [r for r in wait_for_responses(fake, 1, timeout=5.0) if r.get("text")]
    assert reply.get("response_type", "ephemeral") == "ephemeral"
    for word in words:
        assert word in reply["text"], reply["text"]
    return str(reply["text"])


COMMAND_MISTAKES = [
    ("/risk", "show R-99", "U0DEV1", "R-99"),
    ("/risk", "bogus", "U0DEV1", "bogus"),
    ("/risk", "add Vendor slips p:9", "U0DEV1", "Usage"),
    ("/risk", "add " + "x" * 300, "U0DEV1", "Usage"),
    ("/risk", "x" * 4001, "U0DEV1", "4001"),
    ("/risk", "update R-1 p:2", "U0DEV1", "R-1"),
    ("/standup", "bogus", "U0DEV1", "bogus"),
    ("/standup", "away someday to never", "U0DEV1", "Usage"),
    ("/oncall", "bogus", "U0DEV1", "bogus"),
    ("/oncall", "override ops-primary <@U0SRE2> today to tomorrow", "U0DEV1", "lead"),
    ("/digest", "post weekly", "U0DEV1", "admin"),
    ("/digest", "preview nope", "U0DEV1", "nope"),
    ("/digest", "bogus", "U0DEV1", "bogus"),
]


@pytest.mark.parametrize(("command", "text", "user", "word"), COMMAND_MISTAKES)
def test_a_mistaken_command_answers_200_at_once_with_one_ephemeral_and_stores_nothing(
    production: ProductionLane,
    fake_slack: FakeSlack,
    services: Services,
    command: str,
    text: str,
    user: str,
    word: str,
) -> None:
    answer = production.command(command, text, user_id=user)
    refused(answer, fake_slack, word)
    assert stored(services) == (0, 0, 0, 0)


def test_a_button_clicked_by_someone_who_may_not_is_refused_politely(
    production: ProductionLane, fake_slack: FakeSlack, services: Services
) -> None:
    assert production.command("/risk", "add Vendor slips", user_id="U0DEV1").status == 200
    wait_for_responses(fake_slack, 1)
    before = stored(services)
    fake_slack.responses.clear()
    answer = production.action(ActionId.RISK_REVIEWED, "1", user_id="U0SRE1")
    refused(answer, fake_slack, "R-1")
    assert stored(services) == before


def test_a_modal_submitted_with_a_missing_field_gets_its_error_on_the_field(
    production: ProductionLane, fake_slack: FakeSlack, services: Services
) -> None:
    body, ctype = view_submission(
        CallbackId.RISK_CLOSE,
        state_values(plain_text_value(RiskField.REASON, RiskField.REASON, "")),
        user_id="U0DEV1",
        private_metadata=json.dumps({"risk": 1}),
    )
    answer = production.post(body, ctype)
    assert answer.status == 200 and answer.elapsed < 1.0
    data = answer.json()
    assert data["response_action"] == "errors" and RiskField.REASON in data["errors"]
    assert stored(services) == (0, 0, 0, 0)


def test_a_modal_that_names_no_risk_is_acked_and_explained_in_a_dm(
    production: ProductionLane, fake_slack: FakeSlack
) -> None:
    body, ctype = view_submission(CallbackId.RISK_EDIT, {}, user_id="U0DEV1")
    answer = production.post(body, ctype)
    assert answer.status == 200 and answer.elapsed < 1.0
    [dm] = wait_calls(fake_slack, "chat.postMessage", 1)
    assert dm.params["channel"] == "U0DEV1"


def test_an_event_delivered_three_times_is_answered_200_each_time_and_handled_once(
    production: ProductionLane, fake_slack: FakeSlack
) -> None:
    payload = im_message("U0DEV1", "Finished the vendor review")
    answers = [production.event(payload, event_id="Ev0RETRY", retry_num=n) for n in (None, 1, 2)]
    assert [a.status for a in answers] == [200, 200, 200]
    assert max(a.elapsed for a in answers) < 1.0
    [note] = wait_calls(fake_slack, "chat.postMessage", 1)
    assert note.params["channel"] == "U0DEV1"  # "no open prompt": said once, not three times


def test_twenty_concurrent_refusals_all_answer_200_within_three_seconds(
    production: ProductionLane, fake_slack: FakeSlack, services: Services
) -> None:
    with ThreadPoolExecutor(20) as pool:
        answers = list(
            pool.map(lambda n: production.command("/risk", f"show R-{90 + n}"), range(20))
        )
    assert [a.status for a in answers] == [200] * 20
    assert max(a.elapsed for a in answers) < 3.0
    texts = [r["text"] for r in wait_for_responses(fake_slack, 20, timeout=10.0)]
    assert len(texts) == 20 and all("R-" in text for text in texts)
    assert stored(services) == (0, 0, 0, 0)


def test_an_unexpected_error_answers_200_with_an_error_id_that_is_in_the_log(
    production: ProductionLane,
    fake_slack: FakeSlack,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(services.risk_queries, "list_page", broken)
    answer = production.command("/risk", "list", user_id="U0DEV1")
    text = refused(answer, fake_slack, "error id")
    match = re.search(r"error id `(\w+)`", text)
    assert match is not None, text
    error_id = match.group(1)
    assert "boom" not in text
    assert any(error_id in record.getMessage() for record in caplog.records)
