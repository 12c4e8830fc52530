"""Tandem served as in production (real HTTP server, threaded Bolt runner, sized pool)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.app.standin.slack_api import FakeSlack
from bot.core.messages import usage
from tests.support.production import ProductionLane, wait_for_responses


def test_risk_help_answers_200_with_the_usage_in_the_ack_body_within_a_second(
    production: ProductionLane, fake_slack: FakeSlack
) -> None:
    answer = production.command("/risk", "help")
    assert answer.status == 200 and answer.elapsed < 1.0
    assert usage("/risk") in answer.text
    assert answer.json()["response_type"] == "ephemeral"
    assert [r["_url_name"] for r in fake_slack.responses] == ["ack"]  # no second HTTP call


def test_oncall_and_standup_status_ride_in_the_ack_too(production: ProductionLane) -> None:
    for command, text in (("/oncall", ""), ("/standup", "status"), ("/standup", "")):
        answer = production.command(command, text)
        assert answer.status == 200 and answer.elapsed < 1.0
        assert answer.text, (command, text)


def test_twenty_concurrent_risk_lists_all_answer_200_within_three_seconds(
    production: ProductionLane, fake_slack: FakeSlack
) -> None:
    assert production.command("/risk", "add Vendor API may slip p:4 i:4").status == 200
    assert wait_for_responses(fake_slack, 1)[0]["text"].startswith("Raised *R-1*")
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda _: production.command("/risk", "list"), range(40)))
    assert [a.status for a in answers] == [200] * 40
    assert max(a.elapsed for a in answers) < 3.0
    assert all("Vendor API may slip" in a.body for a in answers)


def test_a_write_is_acked_empty_and_answered_through_response_url(
    production: ProductionLane, fake_slack: FakeSlack
) -> None:
    answer = production.command("/standup", "away tomorrow")
    assert answer.status == 200 and answer.body == ""
    [reply] = wait_for_responses(fake_slack, 1)
    assert reply["_url_name"] != "ack" and reply["response_type"] == "ephemeral"


def test_an_unsigned_request_is_refused_with_401(production: ProductionLane) -> None:
    answer = production.command("/risk", "help", secret="not-the-secret")
    assert answer.status == 401
