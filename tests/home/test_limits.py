"""App Home for a lead of many teams with many risks: within Slack's 100 blocks and 3,000
characters per section, the rest pointed to."""

from __future__ import annotations

import json

import pytest

from bot.app.standin.slack_api import FakeSlack, validate_view
from bot.app.standin.slack_requests import SlackDriver
from tests.home.test_dashboard import LEAD, home_text, open_home
from tests.support.workspace import EXAMPLE_CONFIG

EXTRA_TEAMS = 90


@pytest.fixture
def workspace_toml() -> str:
    extra = "".join(
        f'\n[[teams]]\nid = "t{i}"\nname = "Team {i}"\nkind = "project"\n'
        f'channel = "C0T{i}"\nlead = "{LEAD}"\nmembers = ["{LEAD}"]\n'
        for i in range(EXTRA_TEAMS)
    )
    return EXAMPLE_CONFIG.read_text() + extra


def test_a_lead_with_many_teams_and_risks_stays_within_100_blocks(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    for i in range(14):
        slack.command(
            "/risk", f"add Risk number {i} {'x' * 150} p:{1 + i % 3} i:{1 + i % 5}", user_id=LEAD
        )
    open_home(slack, LEAD)
    view = fake_slack.home_views[LEAD]
    assert validate_view({k: view[k] for k in ("type", "blocks")}) == []
    assert len(view["blocks"]) == 100
    sections = [b for b in view["blocks"] if b["type"] == "section"]
    assert all(len(b["text"]["text"]) <= 3000 for b in sections)
    text = home_text(fake_slack, LEAD)
    assert "owner of 14 risks" in text
    assert "…and 4 more: `/risk list mine`" in text
    assert "Not everything fits here" in json.dumps(view["blocks"][-1])
