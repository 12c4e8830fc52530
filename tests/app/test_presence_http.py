"""`/page` and the calendar feed as production serves them: signed HTTP, 200 at once, the
answer after the ack; the feed's 200 and 404."""

from __future__ import annotations

import dataclasses
import http.client
import json
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import icalendar
import pytest
from sqlalchemy import func, select

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import (
    SIGNING_SECRET,
    plain_text_value,
    slash_command,
    state_values,
    view_submission,
)
from bot.core.blocks.ids import CallbackId, HandoverField
from bot.core.clock import FixedClock
from bot.oncall.calendar import feed_token
from storage.db import unit_of_work
from storage.escalations import EscalationRun
from storage.models import OutboxMessage
from tests.support.production import ProductionLane, wait_for_responses

MESSAGE = "Checkout returns 500s"


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user in ("U0DEV1", "U0DEV2", "U0SRE1", "U0SRE2", "U0OPSMGR"):
        fake_slack.add_user(user, name=user.lower())


def stored(services: Services) -> tuple[int, int]:
    """Escalation runs and queued messages."""
    with unit_of_work(services.factory) as session:
        return (
            int(session.scalar(select(func.count(EscalationRun.id))) or 0),
            int(session.scalar(select(func.count(OutboxMessage.id))) or 0),
        )


def get(url: str) -> tuple[int, str, bytes]:
    """GET `url` over plain HTTP (the test server has no TLS): status, content type, body."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path + ("?" + parts.query if parts.query else ""))
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        conn.close()


def test_page_acks_at_once_and_answers_with_the_threads_link(
    production: ProductionLane, fake_slack: FakeSlack, services: Services
) -> None:
    answer = production.command("/page", f"team:ops {MESSAGE}", user_id="U0DEV2")
    assert answer.status == 200
    assert answer.elapsed < 1.0
    [reply] = [r for r in wait_for_responses(fake_slack, 2) if r.get("text")]
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith("Paged team:ops for *P-1*. Its thread: https://")
    assert stored(services)[0] == 1


@pytest.mark.parametrize(
    ("text", "word"),
    [
        (f"rotation:nope {MESSAGE}", "no rotation `nope`"),
        (f"bob {MESSAGE}", "`bob` is not something I can page"),
        ("team:ops", "what the page is about"),
    ],
)
def test_page_with_a_bad_target_answers_200_with_one_ephemeral_and_stores_nothing(
    production: ProductionLane, fake_slack: FakeSlack, services: Services, text: str, word: str
) -> None:
    answer = production.command("/page", text, user_id="U0DEV2")
    assert answer.status == 200
    assert answer.elapsed < 1.0
    [reply] = [r for r in wait_for_responses(fake_slack, 1) if r.get("text")]
    assert reply.get("response_type", "ephemeral") == "ephemeral"
    assert word in reply["text"]
    assert stored(services) == (0, 0)


def test_the_same_page_delivered_twice_makes_one_run(
    production: ProductionLane, fake_slack: FakeSlack, services: Services
) -> None:
    body, ctype = slash_command(
        "/page",
        f"rotation:ops-primary {MESSAGE}",
        user_id="U0DEV2",
        trigger_id="4242.retried",
        response_url=production.response_url(),
    )
    answers = [production.post(body, ctype) for _ in range(2)]
    assert [a.status for a in answers] == [200, 200]
    wait_for_responses(fake_slack, 3)
    assert stored(services)[0] == 1
    paged = [c for c in fake_slack.calls_to("chat.postMessage") if c.params["channel"] == "U0SRE2"]
    assert len(paged) == 1


def test_the_calendar_link_opens_the_feed_and_a_wrong_token_is_404(
    production: ProductionLane, fake_slack: FakeSlack
) -> None:
    answer = production.command("/oncall", "calendar ops-primary", user_id="U0DEV1")
    assert answer.status == 200
    assert answer.elapsed < 1.0
    # Read-only: the link rides in the ack body, built on the address Slack reached.
    host = urlsplit(production.url).netloc
    token = feed_token(SIGNING_SECRET, "ops-primary")
    assert f"https://{host}/calendar/ops-primary.ics?token={token}" in answer.text
    status, ctype, body = get(f"{production.url}/calendar/ops-primary.ics?token={token}")
    assert (status, ctype) == (200, "text/calendar; charset=utf-8")
    assert icalendar.Calendar.from_ical(body).walk("VEVENT")
    for path in ("ops-primary.ics?token=wrong", "ops-primary.ics", f"nope.ics?token={token}"):
        assert get(f"{production.url}/calendar/{path}")[0] == 404


def test_a_hand_over_submitted_without_notes_gets_its_error_on_the_field_at_once(
    production: ProductionLane, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    ws = services.workspace
    rotations = tuple(dataclasses.replace(r, handover=True) for r in ws.rotations)
    services.workspace = dataclasses.replace(ws, rotations=rotations)
    handoff = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # ops-primary: U0SRE2 hands to U0SRE1
    clock.set(handoff + timedelta(seconds=30))
    jobs.tick(services, clock.now())
    before = stored(services)
    metadata = json.dumps({"rotation": "ops-primary", "at": handoff.isoformat()})
    for notes in ("", "Disk on db-3"):
        body, ctype = view_submission(
            CallbackId.ONCALL_HANDOVER,
            state_values(plain_text_value(HandoverField.NOTES, HandoverField.NOTES, notes)),
            user_id="U0SRE2",
            private_metadata=metadata,
        )
        answer = production.post(body, ctype)
        assert answer.status == 200
        assert answer.elapsed < 1.0
        if not notes:
            data = answer.json()
            assert data["response_action"] == "errors"
            assert HandoverField.NOTES in data["errors"]
            assert stored(services) == before
        else:
            assert answer.body == ""
    deadline = time.monotonic() + 5  # the posts follow the ack
    while not any("Disk on db-3" in m for m in fake_slack.messages_text("C0OPS")):
        assert time.monotonic() < deadline, fake_slack.messages_text("C0OPS")
        time.sleep(0.01)
