"""Customer orientation: a risk flagged as affecting customers (`customer` in `/risk add`,
`customer:yes|no` in update, the form's checkbox), `list customer`, pages that say so, and
digests that list such risks first, marked."""

from __future__ import annotations

import json

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from tests.support.digest import digest_messages, listed, post_weekly, refs
from tests.support.production import ProductionLane, production, wait_for_responses
from tests.support.risk import risks
from tests.support.slack import dm_channel

__all__ = ["production"]

MARK = ":busts_in_silhouette: customer"


def test_add_with_the_customer_flag_marks_the_risk_and_keeps_the_title(
    slack: SlackDriver, services: Services
) -> None:
    slack.command("/risk", "add EU cards declined at checkout p:2 i:3 customer", user_id="U0DEV1")
    slack.command("/risk", "add Customer churn in Q1", user_id="U0DEV1")
    slack.command("/risk", "add Losing a big customer customer:no", user_id="U0DEV1")
    slack.command("/risk", "add Invoices late customer:yes team:apollo", user_id="U0DEV1")
    found = [(r.title, r.customer_impact) for r in risks(services)]
    assert found == [
        ("EU cards declined at checkout", True),
        ("Customer churn in Q1", False),
        ("Losing a big customer", False),
        ("Invoices late", True),
    ]


def test_update_sets_and_clears_the_flag_and_list_customer_shows_only_flagged_risks(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/risk", "add Vendor API sunset p:4 i:4", user_id="U0DEV1")
    slack.command("/risk", "add Checkout 500s for EU cards p:2 i:2", user_id="U0DEV1")
    slack.command("/risk", "update R-2 customer:yes", user_id="U0DEV1")
    assert [r.customer_impact for r in risks(services)] == [False, True]
    text = json.loads(slack.command("/risk", "list customer", user_id="U0DEV2").body)["text"]
    assert "R-2" in text and "R-1" not in text
    slack.command("/risk", "update R-2 customer:no", user_id="U0DEV1")
    assert [r.customer_impact for r in risks(services)] == [False, False]


def test_a_page_started_from_a_customer_impacting_risk_says_so(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command("/risk", "add Payments down for everyone p:5 i:5 customer", user_id="U0DEV1")
    slack.command("/risk", "add Build cache cold p:5 i:5", user_id="U0DEV2")
    [page] = [m for m in fake_slack.messages(dm_channel("U0DEV1")) if "R-1" in m.get("text", "")]
    assert "Customers are affected" in json.dumps(page["blocks"])
    assert MARK in page["text"]
    [other] = [m for m in fake_slack.messages(dm_channel("U0DEV2")) if "R-2" in m.get("text", "")]
    assert "Customers are affected" not in json.dumps(other["blocks"])


def test_the_digest_lists_customer_impacting_risks_first_and_marked(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    slack.command("/risk", "add Vendor API sunset p:3 i:4", user_id="U0DEV1")
    slack.command(
        "/risk", "add Search is slow for some shoppers p:2 i:2 customer", user_id="U0DEV1"
    )
    slack.command("/risk", "add Flaky CI p:3 i:3", user_id="U0DEV2")
    post_weekly(services, clock)
    [root, *_] = digest_messages(fake_slack)
    text = root["text"]
    top = listed(text, "*Top risks*")
    assert refs(top) == ["R-2", "R-1", "R-3"]
    assert top[0].startswith(f"• {MARK} · ")
    assert MARK not in top[1] and MARK not in top[2]
    assert refs(listed(text, "*New since the last digest (3)*"))[0] == "R-2"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("update R-1 customer:maybe", "needs `yes` or `no`"),
        ("list customers", "is not a list filter"),
    ],
)
def test_a_bad_customer_value_answers_200_with_one_ephemeral_and_changes_nothing(
    production: ProductionLane, fake_slack: FakeSlack, services: Services, text: str, words: str
) -> None:
    assert production.command("/risk", "add Vendor late", user_id="U0DEV1").status == 200
    wait_for_responses(fake_slack, 1)
    fake_slack.responses.clear()
    answer = production.command("/risk", text, user_id="U0DEV1")
    assert answer.status == 200 and answer.elapsed < 1.0
    [reply] = [r for r in wait_for_responses(fake_slack, 1) if r.get("text")]
    assert words in reply["text"], reply["text"]
    assert [r.customer_impact for r in risks(services)] == [False]
