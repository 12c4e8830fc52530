"""/retro the way production serves it: signed HTTP, 200 at once, one ephemeral refusal."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from storage.db import unit_of_work
from storage.retros import RetroSession
from tests.support.production import ProductionLane, wait_for_responses


@pytest.mark.parametrize(
    ("text", "user", "word"),
    [
        ("start apollo-retro", "U0DEV1", "lead"),
        ("start nope", "U0PM", "nope"),
        ("start", "U0PM", "apollo-retro"),
        ("bogus", "U0PM", "bogus"),
    ],
)
def test_a_refused_retro_start_answers_200_at_once_and_opens_nothing(
    production: ProductionLane,
    fake_slack: FakeSlack,
    services: Services,
    text: str,
    user: str,
    word: str,
) -> None:
    answer = production.command("/retro", text, user_id=user)
    assert answer.status == 200 and answer.elapsed < 1.0
    [reply] = [r for r in wait_for_responses(fake_slack, 1, timeout=5.0) if r.get("text")]
    assert word in reply["text"] and reply.get("response_type", "ephemeral") == "ephemeral"
    with unit_of_work(services.factory) as session:
        assert session.scalar(select(func.count()).select_from(RetroSession)) == 0
